import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ClientErrorCode, NetworkError } from "../network-error.js";
import type { ClockEstimate, TimeSample } from "./clock-sync.js";
import { ClockSyncDriver } from "./clock-sync-driver.js";

/** The server's clock runs this far ahead of the local one. */
const OFFSET = 5000;
const RTT = 20;

/**
 * A sampling function over fake time. Each call records when it was made; answers come back `RTT` later, unless
 * the test holds the next one back (`hold()`, then `release()`) or makes it fail (`fail(error)`).
 */
function fakeServer() {
  const calls: number[] = [];
  let held: { resolve: (sample: TimeSample) => void; reject: (error: unknown) => void; t0: number } | undefined;
  let holdNext = false;
  let failNext: Error | undefined;
  const sample = (): Promise<TimeSample> => {
    const t0 = Date.now();
    calls.push(t0);
    if (failNext) {
      const error = failNext;
      failNext = undefined;
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      if (holdNext) {
        holdNext = false;
        held = { resolve, reject, t0 };
        return;
      }
      setTimeout(() => resolve({ t0, serverTime: t0 + RTT / 2 + OFFSET, t3: Date.now() }), RTT);
    });
  };
  return {
    sample,
    calls,
    hold() {
      holdNext = true;
    },
    fail(error: Error) {
      failNext = error;
    },
    release() {
      const t0 = held?.t0 ?? 0;
      held?.resolve({ t0, serverTime: t0 + OFFSET, t3: Date.now() });
      held = undefined;
    },
  };
}

describe("ClockSyncDriver", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("takes a burst of samples at start, then one per refresh interval", async () => {
    const server = fakeServer();
    const driver = new ClockSyncDriver(server.sample, { burstSize: 5, burstIntervalMs: 75, refreshIntervalMs: 2000 });
    driver.start();
    expect(server.calls).toHaveLength(1);

    // Each pause starts when the previous answer arrives, RTT after its request.
    await vi.advanceTimersByTimeAsync(4 * (RTT + 75));
    expect(server.calls).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(RTT + 1999);
    expect(server.calls).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(10 * (RTT + 2000));
    expect(server.calls).toHaveLength(16);
    driver.stop();
  });

  it("feeds every answer to its clock and reports the estimate", async () => {
    const server = fakeServer();
    const driver = new ClockSyncDriver(server.sample);
    const estimates: ClockEstimate[] = [];
    driver.on("sample", (estimate) => estimates.push(estimate));
    expect(driver.clock.estimate()).toBeNull();

    driver.start();
    await vi.advanceTimersByTimeAsync(1000);

    expect(estimates).toHaveLength(5);
    expect(estimates.at(-1)).toMatchObject({ offsetMs: OFFSET, rttMs: RTT, uncertaintyMs: RTT / 2, samples: 5 });
    expect(driver.clock.now(Date.now())).toBe(Date.now() + OFFSET);
    driver.stop();
  });

  it("never has two samples in flight: a slow answer delays the next request", async () => {
    const server = fakeServer();
    const driver = new ClockSyncDriver(server.sample, { burstSize: 1, refreshIntervalMs: 2000 });
    server.hold();
    driver.start();

    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.calls).toHaveLength(1);
    server.release();
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.calls).toHaveLength(2);
    driver.stop();
  });

  it("reports a failed sample as an error event and carries on", async () => {
    const server = fakeServer();
    const driver = new ClockSyncDriver(server.sample, { burstSize: 1, refreshIntervalMs: 2000 });
    const errors: NetworkError[] = [];
    driver.on("error", (error) => errors.push(error));
    const timeout = new NetworkError(ClientErrorCode.Timeout, "The server did not answer within 5000 ms");
    server.fail(timeout);
    driver.start();
    await vi.advanceTimersByTimeAsync(0);
    server.fail(new Error("socket closed"));

    await vi.advanceTimersByTimeAsync(2000);
    expect(errors).toEqual([timeout, expect.any(NetworkError)]);
    expect(errors[1]?.cause).toEqual(new Error("socket closed"));
    expect(driver.clock.estimate()).toBeNull();

    await vi.advanceTimersByTimeAsync(2000 + RTT);
    expect(server.calls).toHaveLength(3);
    expect(driver.clock.estimate()).not.toBeNull();
    driver.stop();
  });

  it("stops sampling on stop(), discards the answer in flight, and starts a new burst on start()", async () => {
    const server = fakeServer();
    const driver = new ClockSyncDriver(server.sample, { burstSize: 3 });
    const estimates: ClockEstimate[] = [];
    driver.on("sample", (estimate) => estimates.push(estimate));
    server.hold();
    driver.start();
    driver.stop();
    expect(driver.isRunning).toBe(false);

    server.release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.calls).toHaveLength(1);
    expect(estimates).toEqual([]);
    expect(driver.clock.estimate()).toBeNull();

    driver.start();
    driver.start(); // already running: no second burst
    await vi.advanceTimersByTimeAsync(3 * (RTT + 75));
    expect(server.calls).toHaveLength(4);
    expect(estimates).toHaveLength(3);
    driver.stop();
  });

  it("refuses options that cannot work", () => {
    const server = fakeServer();
    expect(() => new ClockSyncDriver(server.sample, { burstSize: 0 })).toThrow(RangeError);
    expect(() => new ClockSyncDriver(server.sample, { burstIntervalMs: -1 })).toThrow(RangeError);
    expect(() => new ClockSyncDriver(server.sample, { refreshIntervalMs: 0 })).toThrow(RangeError);
  });
});
