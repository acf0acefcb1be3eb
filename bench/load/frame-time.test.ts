import { describe, expect, it } from "vitest";
import { encodeFrame } from "../../shared/src/index.js";
import { stateFrameTime } from "./frame-time.js";

describe("stateFrameTime", () => {
  it("reads the time of state frames as encodeFrame writes them", () => {
    const payload = [[1200, 340, -56], [1, 2, 3], [0, 32767, 0, 0], 1024, { team: "red" }];
    for (const seq of [0, 127, 200, 12_000, 70_000, 2 ** 33]) {
      for (const time of [1_767_269_400_123.456, 0.25, 1_767_269_400_123, 4_000_000_000]) {
        expect(stateFrameTime(encodeFrame({ type: "state", seq, time, payload }))).toBe(time);
        expect(stateFrameTime(encodeFrame({ type: "state", seq, time, payload, teleport: true }))).toBe(time);
      }
    }
  });

  it("reads nothing from other frames or cut ones", () => {
    expect(stateFrameTime(encodeFrame({ type: "event", seq: 1, name: "fire", payload: 1.5 }))).toBeUndefined();
    expect(stateFrameTime(encodeFrame({ type: "ping", id: 3 }))).toBeUndefined();
    const state = encodeFrame({ type: "state", seq: 9, time: 12.5, payload: [] });
    expect(stateFrameTime(state.subarray(0, 6))).toBeUndefined();
  });
});
