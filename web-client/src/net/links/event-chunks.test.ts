import { describe, expect, it } from "vitest";
import { decodeFrame, encodeEventBody, Limits, type ChunkFrame, type EventFrame } from "@rallypoint/protocol";
import { ChunkAssembler, CHUNK_PIECE_BYTES, encodePart, splitEvent, type Assembled } from "./event-chunks.js";

/** The frames `body` travels as, numbered from `firstSeq`, decoded as the receiver sees them. */
function framesOf(body: ReturnType<typeof encodeEventBody>, firstSeq = 1): (EventFrame | ChunkFrame)[] {
  return splitEvent(body).map((part, index) => {
    const frame = decodeFrame(encodePart(firstSeq + index, part));
    if (frame?.type !== "event" && frame?.type !== "chunk") throw new Error("not an event frame");
    return frame;
  });
}

const feed = (assembler: ChunkAssembler, frames: readonly (EventFrame | ChunkFrame)[]): Assembled[] =>
  frames.map((frame) => assembler.take(frame)).filter((event) => event !== null);

const text = (bytes: number): string => "漢".repeat(Math.floor(bytes / 3)) + "x".repeat(bytes % 3);

describe("event chunks", () => {
  it("sends an event that fits one frame as a plain event frame", () => {
    const body = encodeEventBody("chat", { text: "hi" });
    expect(framesOf(body, 7)).toEqual([{ type: "event", seq: 7, name: "chat", payload: { text: "hi" } }]);
  });

  it("cuts a 1 MiB event into chunk frames within the frame limit, which join back into it", () => {
    const payload = { text: text(Limits.maxEventBytes - 20) };
    const body = encodeEventBody("big", payload);
    expect(body.byteLength).toBeLessThanOrEqual(Limits.maxEventBytes);
    const parts = splitEvent(body);
    expect(parts).toHaveLength(Math.ceil(body.byteLength / CHUNK_PIECE_BYTES));
    for (const [index, part] of parts.entries()) {
      const seq = Number.MAX_SAFE_INTEGER - parts.length + index; // the largest numbers make the largest frames
      expect(encodePart(seq, part).byteLength).toBeLessThanOrEqual(Limits.maxFrameBytes);
    }
    // The pieces are views of the body, not copies: a broadcast's links share them.
    expect(parts.every((part) => part.bytes.buffer === body.buffer)).toBe(true);
    const assembler = new ChunkAssembler();
    const frames = framesOf(body);
    expect(frames.slice(0, -1).map((frame) => assembler.take(frame))).toEqual(frames.slice(0, -1).map(() => null));
    expect(assembler.heldBytes).toBe(body.byteLength - (frames.at(-1) as ChunkFrame).piece.byteLength);
    expect(assembler.take(frames.at(-1) as ChunkFrame)).toEqual({ name: "big", payload });
    expect(assembler.heldBytes).toBe(0);
  });

  it("takes events and chunked events one after another", () => {
    const big = { text: text(40_000) };
    const frames = [
      ...framesOf(encodeEventBody("a", 1), 1),
      ...framesOf(encodeEventBody("big", big), 2),
      ...framesOf(encodeEventBody("b", 2), 5),
    ];
    expect(feed(new ChunkAssembler(), frames)).toEqual([
      { name: "a", payload: 1 },
      { name: "big", payload: big },
      { name: "b", payload: 2 },
    ]);
  });

  it("drops a broken sequence, and then takes the next one whole", () => {
    const body = encodeEventBody("big", { text: text(40_000) });
    const [first, second, third] = framesOf(body) as [ChunkFrame, ChunkFrame, ChunkFrame];
    const assembler = new ChunkAssembler();
    // Pieces past the total: dropped, nothing delivered, nothing held.
    const overflowing = { ...third, piece: new Uint8Array(third.piece.byteLength + 1) };
    expect(feed(assembler, [first, second, overflowing])).toEqual([]);
    expect(assembler.heldBytes).toBe(0);
    // A total that changes mid-event: the old pieces are dropped, the new total starts over.
    expect(feed(assembler, [first, { ...second, total: second.total + 1 }])).toEqual([]);
    expect(assembler.heldBytes).toBe(second.piece.byteLength);
    // An event frame in the middle: delivered, the pieces before it dropped.
    expect(feed(assembler, [first, { type: "event", seq: 9, name: "x", payload: 0 }])).toEqual([
      { name: "x", payload: 0 },
    ]);
    expect(assembler.heldBytes).toBe(0);
    // Pieces that add up but are not an event: dropped.
    const junk = (piece: Uint8Array<ArrayBuffer>): ChunkFrame => ({ type: "chunk", seq: 1, total: 20_000, piece });
    expect(feed(assembler, [junk(new Uint8Array(10_000).fill(0xc1)), junk(new Uint8Array(10_000))])).toEqual([]);
    // And the real thing still comes through.
    expect(feed(assembler, [first, second, third])).toHaveLength(1);
  });
});
