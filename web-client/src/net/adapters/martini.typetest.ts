/**
 * The martini subpath against martini-kit's contract exactly as @martini-kit/core@0.1.1 publishes it (`any`
 * included), checked by `tsc` (`npm run typecheck`); never run. Our own types say `unknown` where it says `any`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { expectTypeOf } from "vitest";
import { GameNetworkManager } from "../index.js";
import { MartiniTransport, type WireMessage } from "./martini.js";

// Verbatim from @martini-kit/core@0.1.1 dist/transport.d.ts (comments left out).
interface PublishedWireMessage {
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
  payload?: any;
  senderId?: string;
  timestamp?: number;
  sessionId?: string;
  newHost?: string;
  hostId?: string;
  [key: string]: any;
}
type PublishedConnectionState = "disconnected" | "connecting" | "connected";
interface PublishedMessageStats {
  sent: number;
  received: number;
  errors: number;
}
interface PublishedTransportMetrics {
  getConnectionState(): PublishedConnectionState;
  onConnectionChange(callback: (state: PublishedConnectionState) => void): () => void;
  getPeerCount(): number;
  getMessageStats(): PublishedMessageStats;
  getLatencyMs?(): number | undefined;
  resetStats?(): void;
}
interface PublishedTransport {
  send(message: PublishedWireMessage, targetId?: string): void;
  onMessage(handler: (message: PublishedWireMessage, senderId: string) => void): () => void;
  onPeerJoin(handler: (peerId: string) => void): () => void;
  onPeerLeave(handler: (peerId: string) => void): () => void;
  getPlayerId(): string;
  getPeerIds(): string[];
  isHost(): boolean;
  metrics?: PublishedTransportMetrics;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export function runsUnderMartini(): void {
  const net = new GameNetworkManager({ name: "Ada" });
  // What martini-kit's GameRuntime takes, with no cast.
  const transport: PublishedTransport = new MartiniTransport(net, { stateSync: "reliable" });
  transport.send({ type: "action", payload: { move: "left" } });
  const ours = new MartiniTransport(net);
  ours.onMessage((message, senderId) => {
    expectTypeOf(message).toEqualTypeOf<WireMessage>();
    expectTypeOf(message.payload).toEqualTypeOf<unknown>();
    expectTypeOf(senderId).toEqualTypeOf<string>();
  });
  // @ts-expect-error not a martini message type
  ours.send({ type: "chat" });
}
