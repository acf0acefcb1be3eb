/** Machine-readable codes of every error the server sends back in an ack. */
export const ErrorCode = {
  InvalidPayload: "invalid-payload",
  IncompatibleVersion: "incompatible-version",
  RoomNotFound: "room-not-found",
  RoomFull: "room-full",
  AlreadyInRoom: "already-in-room",
  NotInRoom: "not-in-room",
  UnknownPeer: "unknown-peer",
  /** room:resume refused; `reason` says why (ResumeFailedReason). */
  ResumeFailed: "resume-failed",
  /** A payload over the server's per-event limit (relay data over its own, smaller limit). */
  PayloadTooLarge: "payload-too-large",
  /** Over a rate limit (rooms, joins, relay); the message says when to retry. */
  RateLimited: "rate-limited",
  /** Sent with `server:error` just before the server drops a socket that kept sending invalid messages. */
  TooManyInvalidMessages: "too-many-invalid-messages",
  /** Sent with `server:error` just before the server drops a socket that does not read what it is sent. */
  SlowConsumer: "slow-consumer",
  /** The server's authentication (AUTH_SHARED_SECRET, or its `authenticate` hook) refused the connection. */
  Unauthorized: "unauthorized",
  /** The page's origin is not among the server's allowed origins (ALLOWED_ORIGINS / `allowedOrigins`). */
  OriginNotAllowed: "origin-not-allowed",
  /** A host control (`room:kick`, `room:configure`, ...) from a member who is not the host. */
  NotHost: "not-host",
  /** The room's host locked it: no new joins. */
  RoomLocked: "room-locked",
  /** The host removed this member (`room:kicked`), or a join of a member it removed, before KICK_BAN_MS passed. */
  Kicked: "kicked",
  /** `room:quick-join` found no public room to join and was not asked to create one. */
  NoRoomFound: "no-room-found",
  /** A spectator sent what only players send (`relay:send`, properties, host controls): spectators only watch. */
  Spectator: "spectator",
  Internal: "internal",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Why the server refused `room:resume`. */
export const ResumeFailedReason = {
  /** No such room: it emptied out, or the server restarted and lost it. */
  Unknown: "unknown",
  /** The room exists but holds no seat for this member: its grace window ended, or it left. */
  Expired: "expired",
  /** The seat is held but the token does not match. */
  BadToken: "bad-token",
} as const;
export type ResumeFailedReason = (typeof ResumeFailedReason)[keyof typeof ResumeFailedReason];

/** An error as it crosses the wire: never a thrown Error object. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** A finer, machine-readable cause for some codes (e.g. a ResumeFailedReason for `resume-failed`). */
  reason?: string;
}

/** The result of every acknowledged request. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export function ackOk<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function ackError(code: ErrorCode, message: string, reason?: string): Ack<never> {
  return { ok: false, error: reason === undefined ? { code, message } : { code, message, reason } };
}
