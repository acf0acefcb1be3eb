import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AdaptiveDelay } from "./adaptive-delay.js";

/** Feeds snapshots sent every `interval` ms, each arriving `transits[k]` ms later (never before the previous one). */
function feed(delay: AdaptiveDelay, interval: number, transits: number[], start = 0): number {
  let arrival = -Infinity;
  transits.forEach((transit, k) => {
    const sent = start + k * interval;
    arrival = Math.max(arrival, sent + transit);
    delay.update(arrival, sent);
  });
  return arrival;
}

/** Arrivals and frames merged in time order, starting once two snapshots have arrived. */
const timeline = fc
  .record({
    interval: fc.integer({ min: 10, max: 200 }),
    transits: fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 2, maxLength: 60, size: "max" }),
    frames: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 100, size: "max" }),
  })
  .map(({ interval, transits, frames }) => {
    let arrival = -Infinity;
    const arrivals = transits.map((transit, k) => {
      arrival = Math.max(arrival, k * interval + transit);
      return { type: "arrival" as const, time: arrival, sent: k * interval };
    });
    const first = arrivals[1]?.time ?? 0;
    const span = arrival + 500 - first;
    const frameEvents = frames.map((f) => ({ type: "frame" as const, time: first + f * span }));
    // A stable sort keeps arrivals in send order; at equal times arrivals come before frames.
    const rank = (type: string): number => (type === "arrival" ? 0 : 1);
    const events = [...arrivals, ...frameEvents].sort((a, b) => a.time - b.time || rank(a.type) - rank(b.type));
    return { interval, events };
  });

describe("adaptive delay", () => {
  it("targets two send intervals above the latency on a steady stream", () => {
    const delay = new AdaptiveDelay();
    expect(delay.delay(0)).toBe(100);
    const last = feed(delay, 50, Array<number>(40).fill(30));
    expect(delay.estimates()).toMatchObject({ sendIntervalMs: 50, jitterMs: 0, latencyMs: 30 });
    expect(delay.targetMs).toBe(130);
    expect(delay.delay(last)).toBe(130);
  });

  it("rises with jitter: sendInterval + k × jitter once that exceeds the floor", () => {
    const steady = new AdaptiveDelay();
    const jittery = new AdaptiveDelay();
    feed(steady, 50, Array<number>(200).fill(30));
    feed(
      jittery,
      50,
      Array.from({ length: 200 }, (_, k) => (k % 2 === 0 ? 10 : 50)),
    );
    const { jitterMs, latencyMs } = jittery.estimates();
    expect(jitterMs).toBeCloseTo(40, 3);
    expect(jittery.targetMs).toBeCloseTo(latencyMs + 50 + 3 * 40, 3);
    expect(jittery.targetMs).toBeGreaterThan(steady.targetMs + 60);
  });

  it("moves toward a new target at most maxRate × elapsed time", () => {
    const delay = new AdaptiveDelay({ maxRate: 0.1 });
    const last = feed(delay, 50, Array<number>(10).fill(20));
    expect(delay.delay(last)).toBe(120);
    feed(delay, 50, Array<number>(400).fill(220), 500);
    expect(delay.targetMs).toBeGreaterThan(300);
    expect(delay.delay(last + 100)).toBeCloseTo(130, 9);
    expect(delay.delay(last + 100)).toBeCloseTo(130, 9);
    expect(delay.delay(last + 50)).toBeCloseTo(130, 9);
    expect(delay.delay(last + 200)).toBeCloseTo(140, 9);
    expect(delay.delay(last + 100_000)).toBeCloseTo(delay.targetMs, 9);
  });

  it("treats long sender gaps as pauses and ignores snapshots that are not newer", () => {
    const delay = new AdaptiveDelay();
    feed(delay, 50, Array<number>(10).fill(20));
    delay.update(5470, 5450);
    delay.update(5520, 5500);
    delay.update(5530, 5300);
    expect(delay.estimates()).toMatchObject({ sendIntervalMs: 50, jitterMs: 0, latencyMs: 20 });
  });

  it("refuses options out of range", () => {
    expect(() => new AdaptiveDelay({ maxRate: 1 })).toThrow(RangeError);
    expect(() => new AdaptiveDelay({ gain: 0 })).toThrow(RangeError);
    expect(() => new AdaptiveDelay({ initialSendIntervalMs: 0 })).toThrow(RangeError);
  });

  it("never targets fewer than minIntervals send intervals, nor delays less once started (property)", () => {
    fc.assert(
      fc.property(timeline, fc.integer({ min: 1, max: 4 }), ({ interval, events }, minIntervals) => {
        const delay = new AdaptiveDelay({ minIntervals });
        let arrivals = 0;
        for (const event of events) {
          if (event.type === "arrival") arrivals++;
          if (event.type === "arrival") delay.update(event.time, event.sent);
          else expect(delay.delay(event.time)).toBeGreaterThanOrEqual(minIntervals * interval - 1e-9);
          // From the second snapshot on, the send interval is measured rather than assumed.
          const { latencyMs } = delay.estimates();
          if (arrivals >= 2) expect(delay.targetMs - latencyMs).toBeGreaterThanOrEqual(minIntervals * interval - 1e-9);
        }
      }),
    );
  });

  it("changes by at most maxRate per ms, so render time never runs backward (property)", () => {
    fc.assert(
      fc.property(timeline, fc.double({ min: 0, max: 0.5, noNaN: true }), ({ events }, maxRate) => {
        const delay = new AdaptiveDelay({ maxRate });
        let previous: { now: number; delay: number } | undefined;
        for (const event of events) {
          if (event.type === "arrival") {
            delay.update(event.time, event.sent);
            continue;
          }
          const current = delay.delay(event.time);
          if (previous) {
            const elapsed = event.time - previous.now;
            expect(Math.abs(current - previous.delay)).toBeLessThanOrEqual(maxRate * elapsed + 1e-9);
            expect(event.time - current).toBeGreaterThanOrEqual(previous.now - previous.delay - 1e-9);
          }
          previous = { now: event.time, delay: current };
        }
      }),
    );
  });
});
