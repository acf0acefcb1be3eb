import { describe, expect, it } from "vitest";
import { Limits } from "../limits.js";
import { PeerFrame } from "./peer-message.js";

// Peers are untrusted: every bound of a frame at its edge, from both sides, so that a loosened rule fails here.

const accepts = (frame: unknown): boolean => PeerFrame.safeParse(frame).success;
const event = (fields: object) => ({ type: "event", seq: 1, name: "hit", payload: null, ...fields });
const state = (fields: object) => ({ type: "state", seq: 0, time: 12.5, payload: { x: 1 }, ...fields });
const chunk = (fields: object) => ({ type: "chunk", seq: 1, total: 20_000, piece: new Uint8Array(100), ...fields });

describe("peer frames", () => {
  it.each([
    [{ seq: 1 }, true],
    [{ seq: Number.MAX_SAFE_INTEGER }, true],
    [{ seq: 0 }, false],
    [{ seq: 1.5 }, false],
    [{ seq: Number.MAX_SAFE_INTEGER + 1 }, false],
    [{ name: "x".repeat(Limits.maxEventTypeLength) }, true],
    [{ name: "x".repeat(Limits.maxEventTypeLength + 1) }, false],
    [{ name: "" }, false],
    [{ payload: undefined }, true],
    [{ payload: { any: ["thing"] } }, true],
  ])("event %j: accepted %s", (fields, accepted) => {
    expect(accepts(event(fields))).toBe(accepted);
  });

  it.each([
    [{}, true],
    [{ seq: 0 }, false],
    [{ total: Limits.maxEventBytes }, true],
    [{ total: Limits.maxEventBytes + 1 }, false],
    [{ total: 0 }, false],
    [{ total: 2.5 }, false],
    [{ piece: new Uint8Array(Limits.maxFrameBytes) }, true],
    [{ piece: new Uint8Array(Limits.maxFrameBytes + 1) }, false],
    [{ piece: new Uint8Array(0) }, false],
    [{ piece: [1, 2, 3] }, false],
    [{ piece: "bytes" }, false],
  ])("chunk %j: accepted %s", (fields, accepted) => {
    expect(accepts(chunk(fields))).toBe(accepted);
  });

  it.each(["ack", "ping", "pong"])("%s numbers from 0, whole", (type) => {
    const key = type === "ack" ? "seq" : "id";
    expect(accepts({ type, [key]: 0 })).toBe(true);
    expect(accepts({ type, [key]: 7 })).toBe(true);
    expect(accepts({ type, [key]: -1 })).toBe(false);
    expect(accepts({ type, [key]: 0.5 })).toBe(false);
    expect(accepts({ type })).toBe(false);
  });

  it.each([
    [{}, true],
    [{ teleport: true }, true],
    [{ teleport: false }, true],
    [{ teleport: "yes" }, false],
    [{ seq: -1 }, false],
    [{ seq: 0.5 }, false],
    [{ time: Number.POSITIVE_INFINITY }, false],
    [{ time: Number.NaN }, false],
    [{ time: "12" }, false],
  ])("state %j: accepted %s", (fields, accepted) => {
    expect(accepts(state(fields))).toBe(accepted);
  });

  it("keeps what a frame defines and drops the rest", () => {
    expect(PeerFrame.parse(state({ teleport: true, extra: 1 }))).toEqual(state({ teleport: true }));
  });

  it.each([null, "event", [], { type: "evnt", seq: 1 }, { seq: 1 }])("refuses %j", (frame) => {
    expect(accepts(frame)).toBe(false);
  });
});
