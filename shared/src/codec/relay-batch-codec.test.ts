import { describe, expect, it } from "vitest";
import { Encoder } from "@msgpack/msgpack";
import { Limits } from "../limits.js";
import { decodeRelayBatch, encodeRelayBatch } from "./relay-batch-codec.js";

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
const raw = (value: unknown): Uint8Array => new Encoder().encode(value);

describe("relay batch codec", () => {
  it("round-trips the messages in order, from Buffers as Node sends and ArrayBuffers as browsers receive", () => {
    const items = [
      { from: "ada", data: Buffer.from([1, 2]) },
      { from: "bob", data: bytes(3) },
      { from: "ada", data: bytes() },
    ];
    const blob = encodeRelayBatch(items);
    const expected = [
      { from: "ada", data: bytes(1, 2) },
      { from: "bob", data: bytes(3) },
      { from: "ada", data: bytes() },
    ];

    expect(decodeRelayBatch(blob)).toEqual(expected);
    expect(decodeRelayBatch(blob.slice().buffer)).toEqual(expected);
  });

  it.each([
    ["not bytes", { from: "ada" }],
    ["not MessagePack", bytes(0xc1)],
    ["truncated", encodeRelayBatch([{ from: "ada", data: bytes(1, 2, 3) }]).subarray(0, 5)],
    ["not an array", raw({ from: "ada", data: bytes(1) })],
    ["empty", raw([])],
    ["an item that is not a pair", raw([["ada"]])],
    ["a sender that is not a member id", raw([["", bytes(1)]])],
    ["data that is not bytes", raw([["ada", "text"]])],
  ])("drops a batch that is %s, without throwing", (_case, blob) => {
    expect(decodeRelayBatch(blob)).toBeNull();
  });

  it("drops a batch with more than Limits.maxRelayBatchMessages messages", () => {
    const items = Array.from({ length: Limits.maxRelayBatchMessages + 1 }, () => ["ada", bytes(1)]);
    expect(decodeRelayBatch(raw(items))).toBeNull();
    expect(decodeRelayBatch(raw(items.slice(1)))).toHaveLength(Limits.maxRelayBatchMessages);
  });

  it("drops a batch over Limits.maxRelayBatchBytes, or with a message over maxRelayPayloadBytes", () => {
    const big = new Uint8Array(Limits.maxRelayPayloadBytes);
    const overall = Array.from({ length: 5 }, () => ["ada", big]);
    expect(decodeRelayBatch(raw(overall))).toBeNull();
    expect(decodeRelayBatch(raw([["ada", new Uint8Array(Limits.maxRelayPayloadBytes + 1)]]))).toBeNull();
    expect(decodeRelayBatch(raw([["ada", big]]))).toHaveLength(1);
  });
});
