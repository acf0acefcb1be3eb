import { encodeEventBody, encodeFrame, Limits, type FrameBytes, type PeerFrame } from "@rallypoint/protocol";
import { ClientErrorCode, NetworkError } from "../network-error.js";

/**
 * Encodes a frame, refusing one over Limits.maxFrameBytes: the same limit on the data channel and on the relay, so
 * a message never fits one path and not the other, and the server never sees (and counts as invalid) an oversize
 * relay from an honest client. Throws `payload-too-large` naming the size, or `invalid-message` for a payload
 * MessagePack cannot encode.
 */
export function encodeWithinLimit(frame: PeerFrame, what: string): FrameBytes {
  return withinLimit(() => encodeFrame(frame), Limits.maxFrameBytes, what);
}

/**
 * Encodes an event's body (`[type, payload]`), refusing one over Limits.maxEventBytes the same way: the links send
 * it as one frame, or in chunks of one frame each.
 */
export function encodeEvent(type: string, payload: unknown): FrameBytes {
  return withinLimit(() => encodeEventBody(type, payload), Limits.maxEventBytes, `Event "${type}"`);
}

function withinLimit(encode: () => FrameBytes, limit: number, what: string): FrameBytes {
  let bytes: FrameBytes;
  try {
    bytes = encode();
  } catch (cause) {
    throw new NetworkError(ClientErrorCode.InvalidMessage, `${what} cannot be encoded`, { cause });
  }
  if (bytes.byteLength > limit) {
    throw new NetworkError(
      ClientErrorCode.PayloadTooLarge,
      `${what} is ${bytes.byteLength} bytes encoded; the limit is ${limit}`,
    );
  }
  return bytes;
}

/** Passes on at most one error per `intervalMs` (default a second): for a fault that repeats at the tick rate. */
export class ErrorThrottle {
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: (error: NetworkError) => void,
    private readonly now: () => number = () => Date.now(),
    private readonly intervalMs = 1000,
  ) {}

  report(error: NetworkError): void {
    const at = this.now();
    if (at - this.lastAt < this.intervalMs) return;
    this.lastAt = at;
    this.emit(error);
  }
}
