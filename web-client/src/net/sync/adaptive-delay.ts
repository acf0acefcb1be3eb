import { withDefaults } from "./with-defaults.js";

/**
 * Options of an `AdaptiveDelay` (the manager's `interpolation.delay` option).
 * @example
 * new GameNetworkManager({ interpolation: { delay: { minIntervals: 3, jitterFactor: 4 } } });
 */
export interface AdaptiveDelayOptions {
  /** The buffer never targets fewer than this many send intervals. Default 2. */
  minIntervals: number;
  /** k in the target `sendInterval + k × jitter`. Default 3 (about 3.4 σ for normally distributed delays). */
  jitterFactor: number;
  /**
   * The delay changes by at most this fraction of the time elapsed between two `delay(now)` calls, so remote
   * players play between (1 - maxRate)× and (1 + maxRate)× speed while it adapts. In [0, 1). Default 0.1.
   */
  maxRate: number;
  /** Send interval assumed until two snapshots have arrived. Default 50 ms (20 Hz). */
  initialSendIntervalMs: number;
  /** Sender gaps longer than this are pauses (a hidden tab), not the send rate. Default 1000 ms. */
  pauseThresholdMs: number;
  /** Weight of each new sample in the moving averages. Default 1/16, as RFC 3550's jitter estimator. */
  gain: number;
}

/**
 * The defaults of `AdaptiveDelayOptions`.
 * @example
 * new AdaptiveDelay({ initialSendIntervalMs: 1000 / 30 }); // the rest as DEFAULT_ADAPTIVE_DELAY
 */
export const DEFAULT_ADAPTIVE_DELAY: AdaptiveDelayOptions = {
  minIntervals: 2,
  jitterFactor: 3,
  maxRate: 0.1,
  initialSendIntervalMs: 50,
  pauseThresholdMs: 1000,
  gain: 1 / 16,
};

/**
 * How far behind `now` to render one remote player, adapting to its send rate and to the network's jitter.
 *
 * Each arrival gives a transit time `arrivalTime - senderTime` (true latency plus any offset between the two
 * clocks, which the delay must cover either way). Jitter is RFC 3550's estimator: a moving average of
 * |transit - previous transit|, which is |arrival interval - send interval|. The target delay is
 *
 *     latency + max(minIntervals × sendInterval, sendInterval + jitterFactor × jitter)
 *
 * (latency and sendInterval are moving averages too), so the snapshot after the render time has usually arrived.
 * The delay starts at the target and then moves toward it by at most `maxRate` × elapsed time: render time
 * `now - delay` never jumps and never runs backward; the player is shown slightly slower or faster instead.
 * @example
 * const delay = new AdaptiveDelay();
 * delay.update(arrivalTime, snapshot.time); // on every snapshot kept
 * const renderTime = now - delay.delay(now); // every frame
 */
export class AdaptiveDelay {
  private readonly options: AdaptiveDelayOptions;
  private lastSenderTime: number | undefined;
  private lastTransit = 0;
  private interval: number;
  private hasInterval = false;
  private jitter = 0;
  private latency = 0;
  private current: number | undefined;
  private lastNow = -Infinity;

  constructor(options: Partial<AdaptiveDelayOptions> = {}) {
    this.options = withDefaults(DEFAULT_ADAPTIVE_DELAY, options);
    const { maxRate, gain, minIntervals, jitterFactor, initialSendIntervalMs } = this.options;
    if (!(maxRate >= 0 && maxRate < 1)) throw new RangeError(`maxRate must be in [0, 1), got ${maxRate}`);
    if (!(gain > 0 && gain <= 1)) throw new RangeError(`gain must be in (0, 1], got ${gain}`);
    if (!(minIntervals >= 0 && jitterFactor >= 0 && initialSendIntervalMs > 0)) {
      throw new RangeError("minIntervals and jitterFactor must be 0 or more, initialSendIntervalMs more than 0");
    }
    this.interval = initialSendIntervalMs;
  }

  /**
   * Records the arrival of a snapshot taken at `senderTime` (shared time base), received at `arrivalTime`
   * (the clock later passed to `delay(now)`). Snapshots not newer than the last one are ignored.
   * @example
   * delay.update(performance.now() + clockOffset, snapshot.time);
   */
  update(arrivalTime: number, senderTime: number): void {
    if (!Number.isFinite(arrivalTime) || !Number.isFinite(senderTime)) return;
    const transit = arrivalTime - senderTime;
    const previous = this.lastSenderTime;
    if (previous === undefined) {
      this.latency = transit;
    } else {
      if (senderTime <= previous) return;
      const { gain, pauseThresholdMs } = this.options;
      const sent = senderTime - previous;
      if (sent <= pauseThresholdMs) {
        // The first measured interval replaces the guess rather than averaging with it.
        this.interval = this.hasInterval ? this.interval + gain * (sent - this.interval) : sent;
        this.hasInterval = true;
      }
      this.jitter += gain * (Math.abs(transit - this.lastTransit) - this.jitter);
      this.latency += gain * (transit - this.latency);
    }
    this.lastSenderTime = senderTime;
    this.lastTransit = transit;
  }

  /**
   * Where the delay is heading now.
   * @example
   * if (delay.targetMs > 500) console.warn("bad connection");
   */
  get targetMs(): number {
    const { minIntervals, jitterFactor } = this.options;
    return this.latency + Math.max(minIntervals * this.interval, this.interval + jitterFactor * this.jitter);
  }

  /**
   * The delay to render with at `now`, moved toward the target by at most `maxRate` × (now - previous now).
   * Before the first `update` it is the default target and nothing is committed; the first call after it
   * starts at the target. A `now` earlier than the previous one leaves the delay as it was.
   * @example
   * const renderTime = now - delay.delay(now);
   */
  delay(now: number): number {
    const target = this.targetMs;
    if (this.lastSenderTime === undefined) return target;
    if (this.current === undefined) {
      this.current = target;
    } else if (now > this.lastNow) {
      const step = this.options.maxRate * (now - this.lastNow);
      this.current += Math.min(Math.max(target - this.current, -step), step);
    }
    this.lastNow = Math.max(this.lastNow, now);
    return this.current;
  }

  /**
   * The estimates behind the target, in ms.
   * @example
   * const { sendIntervalMs, jitterMs, latencyMs } = delay.estimates();
   */
  estimates(): { sendIntervalMs: number; jitterMs: number; latencyMs: number; delayMs: number | undefined } {
    return { sendIntervalMs: this.interval, jitterMs: this.jitter, latencyMs: this.latency, delayMs: this.current };
  }
}
