import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, LinkReport, MemberId, ServerToClientEvents } from "@rallypoint/protocol";

// The server's socket types and room names: a leaf module, so the layers below the handlers (the state batcher, the
// send buffer checks) can name sockets without importing the handlers' context.

/**
 * What the server remembers about each socket: one small object (newSocketData), the only thing a connection adds to
 * Socket.IO's own; every handler is shared by all sockets. Other processes see it through `fetchSockets()`.
 */
export interface SocketData {
  /** Who the `authenticate` hook said this client is (realtime/authenticate.ts); unset for an anonymous client. */
  userId?: string;
  /** The member this connection holds a seat for, while it is in a room. */
  memberId?: MemberId;
  /** The code of that room. */
  roomCode?: string;
  /** That member is a spectator: it may not relay, set properties or use host controls. */
  isSpectator?: boolean;
  /** The member's latest links:report, while in a room (metrics only). */
  links?: LinkReport;
  /** A room:create, room:join or room:resume of this socket is waiting on the room store. */
  isEntering?: boolean;
  /** The member's page is hidden (its latest member:visibility); unset counts as visible. */
  isHidden?: boolean;
  /**
   * The server's own bookkeeping: what is left of the socket's relay budget, made on its first relay:send
   * (security/relay-budget.ts); its buckets and when they were last filled (`performance.now()` ms).
   */
  relayBudget?: { messages: number; bytes: number; updatedAt: number };
  /** The server's own bookkeeping: its room's channel as the relay's emits take it, made on its first relay:send. */
  relayTo?: { code: string; channels: readonly string[] };
  /** The server's own bookkeeping: since when (ms since the epoch) it has been in no room; Infinity while in one. */
  idleSince?: number;
}

/**
 * A new socket's data, every field there from the start: V8 then keeps them all inside the object, where fields added
 * one by one over a socket's life would spill into a second array. `userId` is what the `authenticate` middleware,
 * which runs before the connection, put there.
 */
export function newSocketData(userId: string | undefined): SocketData {
  return {
    userId,
    memberId: undefined,
    roomCode: undefined,
    isSpectator: undefined,
    links: undefined,
    isEntering: undefined,
    isHidden: undefined,
    relayBudget: undefined,
    relayTo: undefined,
    idleSince: undefined,
  };
}

/** Rallypoint's Socket.IO server, typed with the protocol's events and what it keeps per connection. */
export type SignalingServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Socket.IO room names: one per game room, and one per member so the relay can address a member by id. */
export const roomChannel = (code: string): string => `room:${code}`;
export const memberChannel = (memberId: MemberId): string => `member:${memberId}`;
