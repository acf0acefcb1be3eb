/** Machine-readable codes of every error the server sends back in an ack. */
export const ErrorCode = {
  InvalidPayload: "invalid-payload",
  IncompatibleVersion: "incompatible-version",
  RoomNotFound: "room-not-found",
  RoomFull: "room-full",
  AlreadyInRoom: "already-in-room",
  NotInRoom: "not-in-room",
  UnknownPeer: "unknown-peer",
  /** The server's authentication (AUTH_SHARED_SECRET, or its `authenticate` hook) refused the connection. */
  Unauthorized: "unauthorized",
  Internal: "internal",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error as it crosses the wire: never a thrown Error object. */
export interface WireError {
  code: ErrorCode;
  message: string;
}

/** The result of every acknowledged request. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };

export function ackOk<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function ackError(code: ErrorCode, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
