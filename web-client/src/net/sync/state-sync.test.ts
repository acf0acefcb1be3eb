import { describe, expect, it } from "vitest";
import { quantizeState } from "./state-codec.js";
import { StateSync } from "./state-sync.js";

const options = { schema: {}, tickRate: 20, keepaliveMs: 1000, interpolation: {} };

describe("StateSync", () => {
  it("keeps each peer's newest snapshot for a new host to take over, skipping stale ones", () => {
    const sync = new StateSync(options, { now: () => 1000, broadcast: () => undefined });
    sync.receive("host", { seq: 1, time: 900, payload: quantizeState({}, { score: 1 }) });
    sync.receive("host", { seq: 2, time: 950, payload: quantizeState({}, { score: 2 }) });
    sync.receive("host", { seq: 0, time: 850, payload: quantizeState({}, { score: 0 }) }); // late, reordered
    expect(sync.latestState("host")).toEqual({ score: 2 });
    expect(sync.latestState("nobody")).toBeUndefined();
    sync.removePeer("host");
    expect(sync.latestState("host")).toBeUndefined();
  });
});
