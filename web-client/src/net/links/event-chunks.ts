import {
  decodeEventBody,
  encodeFrame,
  eventFrameOfBody,
  Limits,
  type ChunkFrame,
  type EventFrame,
  type FrameBytes,
} from "@rallypoint/protocol";

/**
 * Bytes a frame adds around its event body or chunk piece, at most: array header, type code, the largest sequence
 * number (9 bytes), and for a chunk its total (5) and the piece's bin header (3).
 */
const FRAME_OVERHEAD = 20;
/** Piece size: every chunk frame stays within Limits.maxFrameBytes, so it fits the relay and any SCTP message. */
export const CHUNK_PIECE_BYTES = Limits.maxFrameBytes - FRAME_OVERHEAD;

/**
 * One reliable frame's worth of an event: its whole body (an `event` frame), or a piece of a body `total` bytes long
 * (a `chunk` frame). Kept unencoded in the resend buffer: the frame is made when it goes out, so a broadcast's pieces
 * are views of one body shared by every link, not a copy per peer.
 */
export interface EventPart {
  bytes: FrameBytes;
  total?: number;
}

/** Cuts an event body into the frames it travels as: one `event` frame when that fits, else `chunk` pieces. */
export function splitEvent(body: FrameBytes): EventPart[] {
  if (body.byteLength + FRAME_OVERHEAD <= Limits.maxFrameBytes) return [{ bytes: body }];
  const parts: EventPart[] = [];
  for (let at = 0; at < body.byteLength; at += CHUNK_PIECE_BYTES) {
    parts.push({ bytes: body.subarray(at, at + CHUNK_PIECE_BYTES), total: body.byteLength });
  }
  return parts;
}

/** The frame a part goes out as, numbered `seq`. */
export function encodePart(seq: number, part: EventPart): FrameBytes {
  return part.total === undefined
    ? eventFrameOfBody(seq, part.bytes)
    : encodeFrame({ type: "chunk", seq, total: part.total, piece: part.bytes });
}

/** What the wire takes for a part: its bytes plus the most a frame adds (for pacing, before it is encoded). */
export function partCost(part: EventPart): number {
  return part.bytes.byteLength + FRAME_OVERHEAD;
}

/** A whole event, or null for nothing to deliver yet (or a broken sequence, dropped). */
export type Assembled = { name: string; payload: unknown } | null;

/**
 * Joins one sender's chunk frames back into events. Frames come in sequence order, exactly once (the reliable
 * receiver sees to that), so a sender has at most one event in assembly: at most Limits.maxEventBytes held (the
 * schema caps `total`), and only as many as arrived. A sequence that breaks the rules (pieces past `total`, a `total`
 * that changes, an event frame in the middle) is dropped, and a body that does not decode as an event too.
 */
export class ChunkAssembler {
  private pieces: Uint8Array[] = [];
  private received = 0;
  private total = 0;

  /** Takes the next reliable frame of this sender, in order. */
  take(frame: EventFrame | ChunkFrame): Assembled {
    if (frame.type === "event") {
      this.reset(); // an honest sender never puts an event inside another's chunks
      return { name: frame.name, payload: frame.payload };
    }
    if (this.received > 0 && frame.total !== this.total) this.reset();
    this.total = frame.total;
    this.pieces.push(frame.piece);
    this.received += frame.piece.byteLength;
    if (this.received < this.total) return null;
    const body = this.received === this.total ? join(this.pieces, this.total) : undefined;
    this.reset();
    return body ? decodeEventBody(body) : null;
  }

  /** Bytes held for the event in assembly. */
  get heldBytes(): number {
    return this.received;
  }

  /** Drops a half-assembled event (also when its sender's page reloaded). */
  reset(): void {
    this.pieces = [];
    this.received = 0;
    this.total = 0;
  }
}

function join(pieces: readonly Uint8Array[], total: number): Uint8Array {
  const body = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    body.set(piece, at);
    at += piece.byteLength;
  }
  return body;
}
