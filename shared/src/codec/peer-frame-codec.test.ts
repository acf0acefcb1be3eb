import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeEventBody, decodeFrame, encodeEventBody, encodeFrame, eventFrameOfBody } from "./peer-frame-codec.js";

describe("peer frame codec", () => {
  it("makes from an event body the very bytes encodeFrame makes of the event, for any sequence number", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.jsonValue(),
        (seq, name, payload) => {
          const body = encodeEventBody(name, payload);
          expect(eventFrameOfBody(seq, body)).toEqual(encodeFrame({ type: "event", seq, name, payload }));
        },
      ),
    );
  });

  it("round-trips a chunk frame, its piece as bytes", () => {
    const piece = new Uint8Array([1, 2, 3]);
    expect(decodeFrame(encodeFrame({ type: "chunk", seq: 9, total: 20_000, piece }))).toEqual({
      type: "chunk",
      seq: 9,
      total: 20_000,
      piece,
    });
  });

  it("decodes an event body back, and refuses what is not [name, payload] with a valid name", () => {
    expect(decodeEventBody(encodeEventBody("chat", { text: "漢字" }))).toEqual({
      name: "chat",
      payload: { text: "漢字" },
    });
    expect(decodeEventBody(encodeEventBody("", 1))).toBeNull();
    expect(decodeEventBody(encodeFrame({ type: "ack", seq: 1 }))).toBeNull();
    expect(decodeEventBody(new Uint8Array([0xc1]))).toBeNull();
    expect(decodeEventBody(encodeEventBody("chat", 1).subarray(0, 3))).toBeNull();
  });
});
