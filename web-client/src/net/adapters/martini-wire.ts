// martini-kit's transport contract, as published in @martini-kit/core@0.1.1 (dist/transport.d.ts; source:
// BlueprintLabIO/martini, @martini-kit/core/src/transport.ts, Apache-2.0), with `unknown` where it says `any`, so
// that our published types promise nothing unchecked. A MartiniTransport stays assignable to the published
// `Transport` (`unknown` goes into `any`): martini.typetest.ts checks it against the real package, a devDependency.
// The repository's newer source adds `health_ping`/`health_pong` and an optional `lock()`; adding those types here
// would make a MartiniTransport unassignable to the published 0.1.1 `Transport`, while leaving them out keeps it
// assignable to both.

/**
 * One martini-kit message, as its runtime sends and receives them.
 * @example
 * transport.send({ type: "action", payload: { move: "left" } });
 */
export interface WireMessage {
  type:
    | "state_sync"
    | "action"
    | "player_join"
    | "player_leave"
    | "event"
    | "heartbeat"
    | "host_migration"
    | "host_query"
    | "host_announce";
  payload?: unknown;
  senderId?: string;
  timestamp?: number;
  /** Heartbeat messages. */
  sessionId?: string;
  /** Host migration messages. */
  newHost?: string;
  /** Host announcements. */
  hostId?: string;
  [key: string]: unknown;
}

/**
 * martini-kit's view of the connection: a MartiniTransport is `connected` while its manager is in a room.
 * @example
 * transport.metrics.onConnectionChange((state) => state === "disconnected" && showLobby());
 */
export type ConnectionState = "disconnected" | "connecting" | "connected";

/**
 * Messages through a transport since it was created (or its stats reset); `errors` counts the invalid ones dropped.
 * @example
 * const { sent, received, errors } = transport.metrics.getMessageStats();
 */
export interface MessageStats {
  sent: number;
  received: number;
  errors: number;
}

/**
 * martini-kit's optional observability surface of a transport.
 * @example
 * console.log(transport.metrics.getPeerCount(), transport.metrics.getLatencyMs());
 */
export interface TransportMetrics {
  getConnectionState(): ConnectionState;
  /** Returns the function that unsubscribes. */
  onConnectionChange(callback: (state: ConnectionState) => void): () => void;
  /** Peers, not counting this player. */
  getPeerCount(): number;
  getMessageStats(): MessageStats;
  getLatencyMs?(): number | undefined;
  resetStats?(): void;
}

/**
 * What martini-kit's GameRuntime needs from a network: MartiniTransport implements it.
 * @example
 * const transport: Transport = new MartiniTransport(net);
 */
export interface Transport {
  /** To `targetId`, or to every peer when omitted. */
  send(message: WireMessage, targetId?: string): void;
  onMessage(handler: (message: WireMessage, senderId: string) => void): () => void;
  onPeerJoin(handler: (peerId: string) => void): () => void;
  onPeerLeave(handler: (peerId: string) => void): () => void;
  getPlayerId(): string;
  getPeerIds(): string[];
  isHost(): boolean;
  metrics?: TransportMetrics;
}
