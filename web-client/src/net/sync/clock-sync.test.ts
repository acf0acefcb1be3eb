import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ClockSync } from "./clock-sync.js";

/** Server time at the start of every simulation: an ordinary Date.now(). */
const START = 1_700_000_000_000;

interface Trip {
  /** True (server) time between this round trip and the previous one. */
  gapMs: number;
  upMs: number;
  downMs: number;
}

interface Link {
  /** Server time minus local time at the start. */
  offsetMs: number;
  /** How much faster the local clock runs than the server's. */
  localFastPpm?: number;
  /** Truncate server stamps to whole ms, as Date.now() does. */
  isWholeMs?: boolean;
}

/**
 * Runs round trips over a simulated link and calls `check` after each with the true offset at the moment the
 * answer arrived, the local time of that moment, and the one-way delays of the trip.
 */
function simulate(
  clock: ClockSync,
  link: Link,
  trips: Trip[],
  check: (truth: { offsetMs: number; localNow: number; serverNow: number }, trip: Trip) => void,
): void {
  const rate = 1 + (link.localFastPpm ?? 0) * 1e-6;
  const local = (serverTime: number): number => START - link.offsetMs + (serverTime - START) * rate;
  let sentAt = START;
  for (const trip of trips) {
    sentAt += trip.gapMs;
    const stampedAt = sentAt + trip.upMs;
    const arrivedAt = stampedAt + trip.downMs;
    const stamp = link.isWholeMs ? Math.floor(stampedAt) : stampedAt;
    clock.addSample(local(sentAt), stamp, local(arrivedAt));
    check({ offsetMs: arrivedAt - local(arrivedAt), localNow: local(arrivedAt), serverNow: arrivedAt }, trip);
  }
}

/** The driver's defaults for 10 minutes: a burst of five round trips 75 ms apart, then one every 2 s. */
const TEN_MINUTES_OF_GAPS = [...Array<number>(5).fill(75), ...Array<number>(300).fill(2000)];

const offsets = fc.double({ min: -1e7, max: 1e7, noNaN: true });
const ms = (max: number) => fc.double({ min: 0, max, noNaN: true });

describe("ClockSync on a symmetric link", () => {
  it("is within 1 ms of the true server time from the first sample on, even with whole-ms server stamps", () => {
    fc.assert(
      fc.property(
        offsets,
        fc.array(fc.record({ gapMs: ms(3000), delayMs: ms(300) }), { minLength: 1, maxLength: 80 }),
        (offsetMs, steps) => {
          const clock = new ClockSync();
          const trips = steps.map(({ gapMs, delayMs }) => ({ gapMs, upMs: delayMs, downMs: delayMs }));
          simulate(clock, { offsetMs, isWholeMs: true }, trips, (truth) => {
            expect(Math.abs(clock.offsetAt(truth.localNow) - truth.offsetMs)).toBeLessThan(1);
            expect(Math.abs(clock.now(truth.localNow) - truth.serverNow)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});

describe("ClockSync on an asymmetric, jittery link", () => {
  it("stays within half the smallest recent round trip, the uncertainty it reports", () => {
    fc.assert(
      fc.property(
        offsets,
        // Each direction has its own fixed floor (the route) and its own random queuing delay on every trip.
        fc.record({ up: ms(150), down: ms(150), jitter: ms(300) }),
        fc.array(fc.record({ gapMs: ms(3000), up: ms(1), down: ms(1) }), { minLength: 1, maxLength: 120 }),
        (offsetMs, floor, steps) => {
          const windowSize = 8;
          const clock = new ClockSync({ windowSize });
          const trips = steps.map((step) => ({
            gapMs: step.gapMs,
            upMs: floor.up + step.up * floor.jitter,
            downMs: floor.down + step.down * floor.jitter,
          }));
          const recentRtts: number[] = [];
          simulate(clock, { offsetMs }, trips, (truth, trip) => {
            recentRtts.push(trip.upMs + trip.downMs);
            const estimate = clock.estimate();
            const smallestRtt = Math.min(...recentRtts.slice(-windowSize));
            expect(estimate?.rttMs).toBeCloseTo(smallestRtt, 2);
            expect(estimate?.uncertaintyMs).toBeCloseTo(smallestRtt / 2, 2);
            // 1 µs for floating point at epoch magnitudes.
            expect(Math.abs(clock.offsetAt(truth.localNow) - truth.offsetMs)).toBeLessThanOrEqual(
              smallestRtt / 2 + 1e-3,
            );
          });
        },
      ),
    );
  });
});

describe("ClockSync with a drifting local clock", () => {
  it("tracks a clock 100 ppm fast or slow over 10 minutes, never correcting past the true drift", () => {
    fc.assert(
      fc.property(
        offsets,
        fc.constantFrom(100, -100),
        fc.record({ floor: fc.double({ min: 0.2, max: 1.5, noNaN: true }), jitter: ms(0.5) }),
        fc.array(fc.record({ up: ms(1), down: ms(1) }), {
          minLength: TEN_MINUTES_OF_GAPS.length,
          maxLength: TEN_MINUTES_OF_GAPS.length,
        }),
        (offsetMs, localFastPpm, link, noise) => {
          const clock = new ClockSync();
          const trips = noise.map(({ up, down }, i) => ({
            gapMs: TEN_MINUTES_OF_GAPS[i] ?? 2000,
            upMs: link.floor + up * link.jitter,
            downMs: link.floor + down * link.jitter,
          }));
          // The offset falls as a fast local clock pulls ahead: d(server - local) / d(local) = 1 / rate - 1.
          const trueDriftPpm = (1 / (1 + localFastPpm * 1e-6) - 1) * 1e6;
          let elapsedMs = 0;
          simulate(clock, { offsetMs, localFastPpm }, trips, (truth, trip) => {
            elapsedMs += trip.gapMs;
            // Between 0 and the true drift: it may lag, never overshoot or point the wrong way.
            const share = (clock.estimate()?.driftPpm ?? Number.NaN) / trueDriftPpm;
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(1 + 1e-6);
            // Ignoring the drift would leave up to 100 ppm × the 24 s window = 2.4 ms.
            const error = Math.abs(clock.offsetAt(truth.localNow) - truth.offsetMs);
            if (elapsedMs > 5 * 60_000) expect(error).toBeLessThan(1);
          });
          expect(Math.abs((clock.estimate()?.driftPpm ?? 0) - trueDriftPpm)).toBeLessThan(20);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("ClockSync", () => {
  it("has no estimate before the first sample, and passes local time through", () => {
    const clock = new ClockSync();
    expect(clock.estimate()).toBeNull();
    expect(clock.now(5000)).toBe(5000);
  });

  it("takes the offset of the fastest recent sample, until it leaves the window", () => {
    const clock = new ClockSync({ windowSize: 3 });
    clock.addSample(1000, 1510, 1020); // rtt 20, offset 500
    clock.addSample(3000, 3560, 3100); // rtt 100, offset 510
    clock.addSample(5000, 5540, 5060); // rtt 60, offset 510
    expect(clock.estimate()).toEqual({ offsetMs: 500, uncertaintyMs: 10, rttMs: 20, driftPpm: 0, samples: 3 });
    expect(clock.now(6000)).toBe(6500);

    clock.addSample(7000, 7545, 7080); // rtt 80: the 20 ms sample is now out of the window
    expect(clock.estimate()).toMatchObject({ offsetMs: 510, rttMs: 60, samples: 3 });
  });

  it("prefers the newest of equally fast samples", () => {
    const clock = new ClockSync();
    clock.addSample(1000, 1510, 1020);
    clock.addSample(3000, 3511, 3020);
    expect(clock.estimate()?.offsetMs).toBe(501);
  });

  it("starts over when the server's clock is set, instead of waiting for the old samples to leave", () => {
    const clock = new ClockSync();
    for (let t = 0; t < 10_000; t += 2000) clock.addSample(t, t + 500 + 10, t + 20);
    clock.addSample(10_000, 10_000 + 60_000 + 20, 10_040); // the server's clock jumped a minute ahead
    expect(clock.estimate()).toMatchObject({ offsetMs: 60_000, rttMs: 40, samples: 1 });
  });

  it("forgets everything on reset", () => {
    const clock = new ClockSync();
    clock.addSample(0, 510, 20);
    clock.reset();
    expect(clock.estimate()).toBeNull();
    expect(clock.now(100)).toBe(100);
  });

  it("measures drift unless maxDriftPpm is 0", () => {
    const tracking = new ClockSync();
    const fixed = new ClockSync({ maxDriftPpm: 0 });
    // Over 10 minutes the local clock falls 12 ms behind: it runs 20 ppm slow, so the offset grows.
    for (let t = 0; t <= 600_000; t += 2000) {
      for (const clock of [tracking, fixed]) clock.addSample(t, t + 1 + t * 20e-6, t + 2);
    }
    expect(tracking.estimate()?.driftPpm).toBeGreaterThan(10);
    expect(tracking.estimate()?.driftPpm).toBeLessThanOrEqual(20);
    expect(fixed.estimate()).toMatchObject({ driftPpm: 0, samples: 12 });
  });

  it("refuses impossible samples and options", () => {
    const clock = new ClockSync();
    expect(() => clock.addSample(100, 150, 99)).toThrow(RangeError);
    expect(() => clock.addSample(100, Number.NaN, 120)).toThrow(RangeError);
    expect(() => clock.addSample(100, 150, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => new ClockSync({ windowSize: 0 })).toThrow(RangeError);
    expect(() => new ClockSync({ maxAnchors: 1 })).toThrow(RangeError);
    expect(() => new ClockSync({ anchorSpacingMs: 0 })).toThrow(RangeError);
    expect(() => new ClockSync({ maxDriftPpm: -1 })).toThrow(RangeError);
  });
});
