import { ErrorCode, MartiniWireMessage, type MARTINI_WIRE_MESSAGE_TYPES } from "@rallypoint/protocol";
import { Emitter } from "../emitter.js";
import type { GameNetworkManager } from "../game-network-manager.js";
import { ClientErrorCode, NetworkError } from "../network-error.js";

// martini-kit's transport contract, as published in @martini-kit/core@0.1.1 (dist/transport.d.ts; source:
// BlueprintLabIO/martini, @martini-kit/core/src/transport.ts, Apache-2.0), with `unknown` where it says `any`, so
// that our published types promise nothing unchecked. A MartiniTransport stays assignable to the published
// `Transport` (`unknown` goes into `any`; the type test in martini.typetest.ts keeps a verbatim copy to prove it).
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

// End of martini-kit's contract.

/**
 * The part of a GameNetworkManager the adapter uses, so tests can hand it a fake. A manager with the default (loose)
 * event map fits: the adapter's messages are events of its own type.
 * @example
 * const transport = new MartiniTransport(new GameNetworkManager({ name: "Ada" }));
 */
export type MartiniNetwork = Pick<GameNetworkManager, "on" | "sendEvent" | "sendState" | "room" | "getLinks">;

/**
 * Options of a MartiniTransport; each says its default.
 * @example
 * new MartiniTransport(net, { eventType: "mk", stateSync: "reliable" });
 */
export interface MartiniTransportOptions {
  /** The `sendEvent` type that carries martini messages on the reliable path. Default `"martini"`. */
  eventType?: string;
  /**
   * How `state_sync` travels. `"unreliable"` uses `sendState` (latest-wins: may be dropped or reordered on WebRTC);
   * `"reliable"` uses `sendEvent` like every other message. martini's GameRuntime sends diffs and the joiner's full
   * state as `state_sync`, which a lost message leaves out of sync, so choose `"reliable"` for it.
   * Default `"unreliable"`.
   */
  stateSync?: "unreliable" | "reliable";
}

// Fails to compile when martini's union and the validated list in shared drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type WireTypesInSync = AssertTrue<Same<WireMessage["type"], (typeof MARTINI_WIRE_MESSAGE_TYPES)[number]>>;

interface Incoming {
  message: WireMessage;
  senderId: string;
}

/**
 * Runs a game written for martini-kit's `Transport` over a Rallypoint room, unchanged. `state_sync` goes on the
 * unreliable state path (see `stateSync`), every other message as one reliable event type. Incoming messages from
 * either path are validated and reach `onMessage` with the id of the member who sent them; invalid ones are dropped
 * and counted in `metrics.getMessageStats().errors`. The adapter assumes it is the only user of `sendState`.
 * Create it once in the room, and `detach()` it before leaving.
 * @example
 * const net = new GameNetworkManager({ name: "Ada" });
 * const room = await net.createRoom();
 * const transport = new MartiniTransport(net, { stateSync: "reliable" });
 * const runtime = new GameRuntime(game, transport, {
 *   isHost: transport.isHost(),
 *   playerIds: [transport.getPlayerId(), ...transport.getPeerIds()],
 * });
 */
export class MartiniTransport implements Transport {
  readonly metrics: Required<TransportMetrics>;
  private readonly network: MartiniNetwork;
  private readonly eventType: string;
  private readonly stateSync: "unreliable" | "reliable";
  private readonly selfId: string;
  private readonly events = new Emitter<{
    message: Incoming;
    "peer-join": string;
    "peer-leave": string;
    connection: ConnectionState;
  }>();
  private readonly unsubscribes: (() => void)[];
  private stats: MessageStats = { sent: 0, received: 0, errors: 0 };

  /** @throws NetworkError `not-in-room` unless the manager has created or joined a room. */
  constructor(network: MartiniNetwork, options: MartiniTransportOptions = {}) {
    const room = network.room;
    if (!room) throw new NetworkError(ClientErrorCode.NotInRoom, "Create or join a room before creating the transport");
    this.network = network;
    this.eventType = options.eventType ?? "martini";
    this.stateSync = options.stateSync ?? "unreliable";
    this.selfId = room.selfId;
    this.unsubscribes = [
      network.on("event", ({ from, type, payload }) => {
        if (type === this.eventType) this.receive(from, payload);
      }),
      network.on("state", ({ from, payload }) => this.receive(from, payload)),
      network.on("peer-joined", (member) => this.events.emit("peer-join", member.id)),
      network.on("peer-left", (event) => this.events.emit("peer-leave", event.id)),
      network.on("disconnected", () => this.events.emit("connection", "disconnected")),
    ];
    this.metrics = {
      getConnectionState: () => (this.network.room ? "connected" : "disconnected"),
      onConnectionChange: (callback) => this.events.on("connection", callback),
      getPeerCount: () => this.getPeerIds().length,
      getMessageStats: () => ({ ...this.stats }),
      getLatencyMs: () => this.averageRttMs(),
      resetStats: () => {
        this.stats = { sent: 0, received: 0, errors: 0 };
      },
    };
  }

  /**
   * Sends to one peer, or to every other member when `targetId` is omitted. A target that has just left, or a room
   * that has just ended, counts as an error and is otherwise ignored: the game's loop keeps running.
   * @throws NetworkError on misuse, such as a message over the relay's size limit.
   */
  send(message: WireMessage, targetId?: string): void {
    try {
      if (message.type === "state_sync" && this.stateSync === "unreliable") this.network.sendState(message, targetId);
      else this.network.sendEvent(this.eventType, message, targetId);
      this.stats.sent++;
    } catch (error) {
      this.stats.errors++;
      if (
        error instanceof NetworkError &&
        (error.code === ErrorCode.UnknownPeer || error.code === ClientErrorCode.NotInRoom)
      ) {
        return;
      }
      throw error;
    }
  }

  onMessage(handler: (message: WireMessage, senderId: string) => void): () => void {
    return this.events.on("message", ({ message, senderId }) => handler(message, senderId));
  }

  onPeerJoin(handler: (peerId: string) => void): () => void {
    return this.events.on("peer-join", handler);
  }

  onPeerLeave(handler: (peerId: string) => void): () => void {
    return this.events.on("peer-leave", handler);
  }

  getPlayerId(): string {
    return this.selfId;
  }

  /** The other members of the room; empty once it has ended. */
  getPeerIds(): string[] {
    return (this.network.room?.members ?? []).map((member) => member.id).filter((id) => id !== this.selfId);
  }

  /** Live: follows the server's host handover when the host leaves. */
  isHost(): boolean {
    return this.network.room?.hostId === this.selfId;
  }

  /** Stops listening to the manager and drops every handler. The room itself is left as it is. */
  detach(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.events.removeAll();
  }

  private receive(from: string, data: unknown): void {
    const parsed = MartiniWireMessage.safeParse(data);
    // The sender id comes from the link, which the server vouches for; a message claiming another is forged.
    if (!parsed.success || (parsed.data.senderId !== undefined && parsed.data.senderId !== from)) {
      this.stats.errors++;
      return;
    }
    this.stats.received++;
    this.events.emit("message", { message: parsed.data, senderId: from });
  }

  private averageRttMs(): number | undefined {
    const rtts = this.network.getLinks().flatMap((link) => (link.rttMs === null ? [] : [link.rttMs]));
    return rtts.length === 0 ? undefined : rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length;
  }
}
