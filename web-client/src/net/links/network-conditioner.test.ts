import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  NetworkConditioner,
  oneWayDelay,
  validateConditions,
  type ConditionerClock,
  type NetworkConditions,
} from "./network-conditioner.js";

/** A seeded generator (mulberry32): the same "random" delays and losses on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fake timers drive the clock; `random` is seeded. */
function fakeClock(random = seeded(1)): ConditionerClock {
  return {
    now: () => Date.now(),
    random,
    setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimer: (handle) => {
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
  };
}

/** Passes `count` numbered messages through one pipe and records when each one came out. */
function sendMany(
  conditions: Partial<NetworkConditions>,
  delivery: "reliable" | "unreliable",
  count: number,
  random?: () => number,
) {
  const conditioner = new NetworkConditioner(fakeClock(random));
  conditioner.set(conditions);
  const pipe = conditioner.pipe("outgoing");
  const arrived: { n: number; delay: number }[] = [];
  const start = Date.now();
  for (let n = 0; n < count; n++) pipe.pass(delivery, () => arrived.push({ n, delay: Date.now() - start }));
  return { conditioner, pipe, arrived };
}

describe("NetworkConditioner", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is off by default, and off it passes every message through synchronously", () => {
    const conditioner = new NetworkConditioner(fakeClock());
    expect(conditioner.get()).toBeNull();
    const pipe = conditioner.pipe("incoming");
    const arrived: string[] = [];
    pipe.pass("reliable", () => arrived.push("event"));
    pipe.pass("unreliable", () => arrived.push("state"));
    expect(arrived).toEqual(["event", "state"]);
    expect(pipe.held).toBe(0);
  });

  it("delays each message by half the latency ± half the jitter, one way", () => {
    const { arrived } = sendMany({ latencyMs: 100, jitterMs: 40 }, "unreliable", 500);
    vi.advanceTimersByTime(1000);
    const delays = arrived.map((message) => message.delay);
    expect(delays).toHaveLength(500);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...delays)).toBeLessThanOrEqual(70);
    // Spread over the whole range, centred on half the latency.
    expect(Math.min(...delays)).toBeLessThan(32);
    expect(Math.max(...delays)).toBeGreaterThan(68);
    const mean = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
    expect(mean).toBeGreaterThan(48);
    expect(mean).toBeLessThan(52);
  });

  it("never delays by less than nothing, however large the jitter", () => {
    expect(oneWayDelay({ latencyMs: 10, jitterMs: 100, lossPercent: 0 }, 0)).toBe(0);
    expect(oneWayDelay({ latencyMs: 10, jitterMs: 100, lossPercent: 0 }, 0.5)).toBe(5);
    expect(oneWayDelay({ latencyMs: 10, jitterMs: 100, lossPercent: 0 }, 0.999)).toBeCloseTo(54.9, 1);
  });

  it("drops about lossPercent of unreliable messages", () => {
    const { arrived } = sendMany({ lossPercent: 30 }, "unreliable", 2000);
    vi.advanceTimersByTime(10);
    expect(arrived.length / 2000).toBeGreaterThan(0.67);
    expect(arrived.length / 2000).toBeLessThan(0.73);
  });

  it("never loses a reliable message, even at 100% loss", () => {
    const reliable = sendMany({ latencyMs: 20, lossPercent: 100 }, "reliable", 500);
    const unreliable = sendMany({ latencyMs: 20, lossPercent: 100 }, "unreliable", 500);
    vi.advanceTimersByTime(100);
    expect(reliable.arrived).toHaveLength(500);
    expect(unreliable.arrived).toHaveLength(0);
  });

  it("keeps reliable messages in order under jitter, while unreliable ones may overtake each other", () => {
    const conditioner = new NetworkConditioner(fakeClock());
    conditioner.set({ latencyMs: 100, jitterMs: 200 });
    const pipe = conditioner.pipe("outgoing");
    const events: number[] = [];
    const states: number[] = [];
    for (let n = 0; n < 300; n++) {
      pipe.pass("reliable", () => events.push(n));
      pipe.pass("unreliable", () => states.push(n));
      vi.advanceTimersByTime(3); // sent a few ms apart, as a game would
    }
    vi.advanceTimersByTime(1000);
    expect(events).toEqual([...Array(300).keys()]);
    expect(states).toHaveLength(300);
    expect(states).not.toEqual([...Array(300).keys()]);
  });

  it("holds a reliable message no longer than its own delay when the queue ahead is empty", () => {
    const { arrived } = sendMany({ latencyMs: 80 }, "reliable", 1);
    vi.advanceTimersByTime(39);
    expect(arrived).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(arrived).toEqual([{ n: 0, delay: 40 }]);
  });

  it("clearing lets everything held through at once, in order, and is passthrough again", () => {
    const { conditioner, pipe, arrived } = sendMany({ latencyMs: 1000, jitterMs: 500 }, "reliable", 5);
    pipe.pass("unreliable", () => arrived.push({ n: 99, delay: 0 }));
    expect(pipe.held).toBe(6);
    conditioner.set(null);
    expect(conditioner.get()).toBeNull();
    expect(arrived.map((message) => message.n)).toEqual([99, 0, 1, 2, 3, 4]);
    expect(pipe.held).toBe(0);
    pipe.pass("reliable", () => arrived.push({ n: 5, delay: 0 }));
    expect(arrived.at(-1)?.n).toBe(5);
  });

  it("takes all zeros as off", () => {
    const conditioner = new NetworkConditioner(fakeClock());
    conditioner.set({ latencyMs: 100 });
    expect(conditioner.get()).toEqual({ latencyMs: 100, jitterMs: 0, lossPercent: 0 });
    conditioner.set({ latencyMs: 0, jitterMs: 0, lossPercent: 0 });
    expect(conditioner.get()).toBeNull();
  });

  it("applies new conditions to new messages without reordering the reliable ones already held", () => {
    const conditioner = new NetworkConditioner(fakeClock());
    conditioner.set({ latencyMs: 400 });
    const pipe = conditioner.pipe("incoming");
    const arrived: string[] = [];
    pipe.pass("reliable", () => arrived.push("slow"));
    conditioner.set({ latencyMs: 20 });
    pipe.pass("reliable", () => arrived.push("fast"));
    vi.advanceTimersByTime(199);
    expect(arrived).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(arrived).toEqual(["slow", "fast"]);
  });

  it("delivers a message passed from inside a delivery after the ones already due", () => {
    const conditioner = new NetworkConditioner(fakeClock());
    const pipe = conditioner.pipe("outgoing");
    const arrived: string[] = [];
    pipe.pass("reliable", () => {
      arrived.push("first");
      pipe.pass("reliable", () => arrived.push("nested"));
      arrived.push("first done");
    });
    expect(arrived).toEqual(["first", "first done", "nested"]);
  });

  it("closing a pipe drops what it holds and ignores what comes after", () => {
    const { pipe, arrived } = sendMany({ latencyMs: 100 }, "reliable", 3);
    pipe.pass("unreliable", () => arrived.push({ n: 3, delay: 0 }));
    pipe.close();
    pipe.pass("reliable", () => arrived.push({ n: 4, delay: 0 }));
    vi.advanceTimersByTime(1000);
    expect(arrived).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("validateConditions", () => {
  it("fills in missing fields with 0", () => {
    expect(validateConditions({ jitterMs: 5 })).toEqual({ latencyMs: 0, jitterMs: 5, lossPercent: 0 });
  });

  it.each([
    [{ latencyMs: -1 }, RangeError, "latencyMs must be from 0 to 5000, got -1"],
    [{ latencyMs: 5001 }, RangeError, "latencyMs must be from 0 to 5000, got 5001"],
    [{ jitterMs: 10_000 }, RangeError, "jitterMs must be from 0 to 5000"],
    [{ lossPercent: 101 }, RangeError, "lossPercent must be from 0 to 100, got 101"],
    [{ lossPercent: 0.5 * -1 }, RangeError, "lossPercent must be from 0 to 100"],
    [{ latencyMs: Number.NaN }, TypeError, "latencyMs must be a finite number from 0 to 5000, got NaN"],
    [{ latencyMs: "100" }, TypeError, "latencyMs must be a finite number"],
    [{ latency: 100 }, TypeError, "Unknown network condition latency: use latencyMs, jitterMs, lossPercent"],
    [100, TypeError, "must be an object"],
    [[], TypeError, "must be an object"],
  ])("refuses %j with a clear error", (input, type, message) => {
    expect(() => validateConditions(input)).toThrow(type);
    expect(() => validateConditions(input)).toThrow(message);
  });

  it("leaves the conditions in force alone when refusing new ones", () => {
    const conditioner = new NetworkConditioner(fakeClock());
    conditioner.set({ latencyMs: 50 });
    expect(() => conditioner.set({ latencyMs: -5 })).toThrow(RangeError);
    expect(conditioner.get()).toEqual({ latencyMs: 50, jitterMs: 0, lossPercent: 0 });
  });
});
