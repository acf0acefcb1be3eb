import type { ErrorCode } from "@rallypoint/protocol";

/**
 * Errors the library raises itself, next to the server's own codes (ErrorCode) that it passes through.
 * @example
 * net.on("error", (error) => { if (error.code === ClientErrorCode.SendBufferFull) slowDown(); });
 */
export const ClientErrorCode = {
  ServerUnreachable: "server-unreachable",
  Timeout: "timeout",
  NotInRoom: "not-in-room",
  AlreadyInRoom: "already-in-room",
  InvalidMessage: "invalid-message",
  SendBufferFull: "send-buffer-full",
  PayloadTooLarge: "payload-too-large",
  WebRTC: "webrtc",
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/**
 * The `code` of a NetworkError: one of the server's (ErrorCode) or one of the library's own (ClientErrorCode).
 * @example
 * const isRetryable = (code: NetworkErrorCode) => code === "timeout" || code === "server-unreachable";
 */
export type NetworkErrorCode = ErrorCode | ClientErrorCode;

/**
 * Every error of the library: awaited operations reject with it, background failures come as `error` events.
 * @example
 * try { await net.joinRoom("K7MQ2X") } catch (e) { if (e instanceof NetworkError && e.code === "room-full") ... }
 */
export class NetworkError extends Error {
  override name = "NetworkError";

  constructor(
    readonly code: NetworkErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
