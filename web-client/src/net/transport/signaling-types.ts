import type { Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, RoomJoined, ServerToClientEvents } from "@rallypoint/protocol";

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Why a session ended without `leave()`:
 * - `room-lost`: the server no longer has the room (it restarted, or everyone else's seat expired too);
 * - `seat-expired`: the server released this member's seat (its grace window ended before we got back);
 * - `connection-lost`: the server could not be reached again within the grace window, or holds no seats;
 * - `server-disconnect`: the server closed this connection (another connection took the seat over);
 * - `incompatible-version`: the server came back speaking another protocol version (it was upgraded): reload;
 * - `kicked`: the room's host removed this player (`room:kicked`).
 */
export type DisconnectReason =
  "room-lost" | "seat-expired" | "connection-lost" | "server-disconnect" | "incompatible-version" | "kicked";

/** Client events sent with a payload and answered with an ack: what `SignalingClient.request` sends. */
export type RequestEvent = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]> extends [unknown, ((result: never) => void)?]
    ? E
    : never;
}[keyof ClientToServerEvents];
export type RequestPayload<E extends RequestEvent> = Parameters<ClientToServerEvents[E]>[0];
/** The data of a request's successful answer. */
export type AnswerData<E extends RequestEvent> =
  Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0] extends Ack<infer T> ? T : never;

/** The requests that give this client a seat in a room. */
export type EntryEvent = "room:create" | "room:join" | "room:quick-join";

/**
 * Server events passed on as they come: the lobby's (the session keeps the room's view of them), a member's drop and
 * return, relayed messages, and the server's notices (DropRecovery reads them too, and first).
 */
export const PASSED_ON_EVENTS = [
  "server:shutdown",
  "server:error",
  "room:properties",
  "member:properties",
  "room:settings",
  "peer:reconnecting",
  "peer:resumed",
  "relay:message",
] as const;
export type PassedOnEvent = (typeof PASSED_ON_EVENTS)[number];

/**
 * Server events, plus the life of the connection: `reconnecting` when it drops while in a room, `resumed` with
 * the room as it is now once the seat is back, `disconnected` when the session is over. A `relay:batch` from the
 * server arrives as one `relay:message` per message in it.
 */
export type SignalingEvents = {
  [K in Exclude<keyof ServerToClientEvents, "relay:batch">]: Parameters<ServerToClientEvents[K]>[0];
} & { reconnecting: { reason: string }; resumed: RoomJoined; disconnected: DisconnectReason };

export interface SignalingClientOptions {
  /** Base URL of the Rallypoint server, e.g. `https://game.example.com`. */
  serverUrl: string;
  /** How long to wait for the server to answer a request. Default 5000 ms. */
  ackTimeoutMs?: number;
  /**
   * Reconnection backoff while in a room: the first delay, doubling up to the maximum, each spread by a random
   * factor. Default `{ initialDelayMs: 500, maxDelayMs: 30000, jitter: 0.5 }`.
   */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; jitter?: number };
  /** Sent in the handshake as socket.io's `auth: { token }`, for servers that check it. Default: none. */
  authToken?: string;
}
