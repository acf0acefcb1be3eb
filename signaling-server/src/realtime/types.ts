import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, LinkReport, MemberId, ServerToClientEvents } from "@rallypoint/protocol";
import type { Logger } from "pino";
import type { IceProvider } from "../ice/ice-provider.js";
import type { MemberTokenStore } from "../rooms/member-token-store.js";
import type { RoomStore } from "../rooms/room-store.js";
import type { SeatSigner } from "../rooms/seat-signer.js";
import type { ServerMetrics } from "../http/metrics.js";
import type { Inflight } from "./inflight.js";
import type { SeatBindings } from "./seat-bindings.js";
import type { SeatTimers } from "./seat-timers.js";
import type { StateBatcher } from "./state-batcher.js";

/** What the server remembers about each socket. */
export interface SocketData {
  /** The member this connection holds a seat for, while it is in a room. */
  memberId?: MemberId;
  /** The code of that room. */
  roomCode?: string;
  /** The member's latest links:report, while in a room (metrics only). */
  links?: LinkReport;
  /** A room:create, room:join or room:resume of this socket is waiting on the room store. */
  isEntering?: boolean;
  /** The member's page is hidden (its latest member:visibility); unset counts as visible. */
  isHidden?: boolean;
}

/** Rallypoint's Socket.IO server, typed with the protocol's events and what it keeps per connection. */
export type SignalingServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What every handler group needs. */
export interface RealtimeContext {
  io: SignalingServer;
  /** The rooms: in this process, or shared through Redis by several. */
  registry: RoomStore;
  /** Most members in one room (a restored room is held to it too). */
  roomCapacity: number;
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

/** Socket.IO room names: one per game room, and one per member so the relay can address a member by id. */
export const roomChannel = (code: string): string => `room:${code}`;
export const memberChannel = (memberId: MemberId): string => `member:${memberId}`;
