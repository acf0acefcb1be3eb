import type { ClientToServerEvents } from "@rallypoint/protocol";
import type { Logger } from "pino";
import type { IceProvider } from "../ice/ice-provider.js";
import type { MemberTokenStore } from "../rooms/member-token-store.js";
import type { RoomStore } from "../rooms/room-store.js";
import type { SeatSigner } from "../rooms/seat-signer.js";
import type { ServerMetrics } from "../observability/metrics.js";
import type { Inflight } from "./inflight.js";
import type { SeatBindings } from "./seat-bindings.js";
import type { SeatTimers } from "./seat-timers.js";
import type { SignalingServer, SignalingSocket } from "./socket-types.js";
import type { StateBatcher } from "./state-batcher.js";

export {
  memberChannel,
  newSocketData,
  roomChannel,
  type SignalingServer,
  type SignalingSocket,
  type SocketData,
} from "./socket-types.js";

/** What every handler group needs. */
export interface RealtimeContext {
  io: SignalingServer;
  /** The rooms: in this process, or shared through Redis by several. */
  registry: RoomStore;
  /** Most members in one room (a restored room is held to it too). */
  roomCapacity: number;
  /** Most spectators in one room besides its players. */
  maxSpectators: number;
  /** Signs seats (resume tokens), so a restarted process can check them and restore lost rooms. */
  seatSigner: SeatSigner;
  /** While this process shuts down, the ids of the sockets it had then (their seats are held for its restart). */
  shuttingDown: () => ReadonlySet<string> | undefined;
  /** When this process started (ms since the epoch): lost rooms may be restored for a grace window after it. */
  startedAt: number;
  /** How long a dropped member's seat is held; 0: not at all. */
  resumeGraceMs: number;
  /** How long the seat of a page that went away by beacon is kept for its reload (realtime/leave-by-beacon.ts). */
  reloadWindowMs: number;
  /** How long a hidden host keeps the role while a visible member could take it; 0: for good. */
  hiddenHostHandoffMs: number;
  /** How long a kicked member's address may not join the room again. */
  kickBanMs: number;
  /** The address a socket connects from, as the per-IP limits count it (security/client-address.ts). */
  addressOf: (socket: SignalingSocket) => string;
  seatTimers: SeatTimers;
  /** Each current member's PeerJS token; revoking one closes that member's PeerJS socket. */
  memberTokens: MemberTokenStore;
  /** Where other processes learn which seats this one's sockets hold (a no-op for one process). */
  seatBindings: SeatBindings;
  /** Background work that close() waits for. */
  inflight: Inflight;
  /** The ICE servers (and TURN credentials) each member gets. */
  ice: IceProvider;
  /** Relays state, in batches when several messages for a room leave together. */
  stateBatcher: StateBatcher;
  log: Logger;
  metrics: ServerMetrics;
}

/**
 * What handles one client event: one function for every socket, made once (the socket is an argument, never captured
 * in a closure per connection). It gets the event's arguments after the event guard's checks, its answer last
 * (security/answer.ts); what it throws or rejects with is answered `internal` by the guard.
 */
export type EventHandler = (
  context: RealtimeContext,
  socket: SignalingSocket,
  ...args: unknown[]
) => void | Promise<void>;

/** The handlers of the client events `E`: each handler group exports its own, realtime/event-handlers.ts all of them. */
export type EventHandlers<E extends keyof ClientToServerEvents = keyof ClientToServerEvents> = Record<E, EventHandler>;
