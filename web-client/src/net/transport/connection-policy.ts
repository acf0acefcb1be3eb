import { ErrorCode, ResumeFailedReason, socketIoParser, type WireError } from "@rallypoint/protocol";
import type { ManagerOptions, SocketOptions } from "socket.io-client";
import type { DisconnectReason, SignalingClientOptions } from "./signaling-types.js";

/** How often the first connection is tried before createRoom/joinRoom give up with `server-unreachable`. */
export const CONNECT_ATTEMPTS = 3;
const CONNECT_RETRY_FIRST_DELAY_MS = 100;
const CONNECT_RETRY_MAX_DELAY_MS = 5_000;

/** A server's retry-after, spread over up to half as long again, so its players do not all come back at once. */
export function spread(retryAfterMs: number): number {
  return retryAfterMs * (1 + Math.random() * 0.5);
}

/** Why a refused room:resume ends the session. */
export function resumeFailure(error: WireError): DisconnectReason {
  if (error.code === ErrorCode.IncompatibleVersion) return "incompatible-version";
  const isRoomGone = error.code === ErrorCode.ResumeFailed && error.reason === ResumeFailedReason.Unknown;
  return isRoomGone ? "room-lost" : "seat-expired";
}

/** The pause after failed attempt `attempt` (1-based): 100 ms, doubling, at most 5 s (the seed's retry policy). */
export function connectRetryDelayMs(attempt: number): number {
  return Math.min(CONNECT_RETRY_MAX_DELAY_MS, CONNECT_RETRY_FIRST_DELAY_MS * 2 ** (attempt - 1));
}

/** Socket.IO's client options: websocket only (no sticky sessions needed), connected on demand, `auth` when given. */
export function socketIoOptions(options: SignalingClientOptions): Partial<ManagerOptions & SocketOptions> {
  const reconnect = options.reconnect ?? {};
  return {
    transports: ["websocket"],
    parser: socketIoParser,
    autoConnect: false,
    // Socket.IO's own exponential backoff; it only runs after a drop, and close() or giving up stops it.
    reconnection: true,
    reconnectionDelay: reconnect.initialDelayMs ?? 500,
    reconnectionDelayMax: reconnect.maxDelayMs ?? 30_000,
    randomizationFactor: reconnect.jitter ?? 0.5,
    ...(options.authToken === undefined ? {} : { auth: { token: options.authToken } }),
  };
}
