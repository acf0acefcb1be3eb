import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, LinkReport, MemberId, ServerToClientEvents } from "@rallypoint/protocol";

// The server's socket types and room names: a leaf module, so the layers below the handlers (the state batcher, the
// send buffer checks) can name sockets without importing the handlers' context.

/** What the server remembers about each socket. */
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
}

/** Rallypoint's Socket.IO server, typed with the protocol's events and what it keeps per connection. */
export type SignalingServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type SignalingSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Socket.IO room names: one per game room, and one per member so the relay can address a member by id. */
export const roomChannel = (code: string): string => `room:${code}`;
export const memberChannel = (memberId: MemberId): string => `member:${memberId}`;
