/** One time:sync round trip, in ms: local send time, the server's stamp, local receive time. */
export interface TimeSample {
  t0: number;
  serverTime: number;
  t3: number;
}

/**
 * What ClockSync currently believes, as of its latest sample (`net.getClockEstimate()`).
 * @example
 * const clock = net.getClockEstimate(); if (clock) console.log(`offset ${clock.offsetMs} ± ${clock.uncertaintyMs} ms`);
 */
export interface ClockEstimate {
  /** Server time minus local time. */
  offsetMs: number;
  /** Half of `rttMs`: the offset's error if one direction of that round trip took all of it. */
  uncertaintyMs: number;
  /** The smallest round trip among the recent samples: the one the offset comes from. */
  rttMs: number;
  /** How fast the offset moves, in µs per second of local time: negative when the local clock runs fast. */
  driftPpm: number;
  /** Recent samples the offset is chosen from. */
  samples: number;
}

export interface ClockSyncOptions {
  /** Recent samples the offset is chosen from. Default 12: 24 s at the driver's 2 s refresh. */
  windowSize?: number;
  /** Drift is measured between the fastest samples of stretches of local time this long. Default 30 000 ms. */
  anchorSpacingMs?: number;
  /** How many such stretches to measure drift across. Default 40: 20 minutes at the default spacing. */
  maxAnchors?: number;
  /** The largest drift believed possible (quartz is specified within ±100 ppm); 0 turns drift off. Default 500. */
  maxDriftPpm?: number;
}

/** A sample as the estimator uses it: where on the local clock, what offset, how trustworthy. */
interface Point {
  /** Local time halfway through the round trip, when the offset holds. */
  at: number;
  offset: number;
  rtt: number;
}

/** The fastest sample of the stretch of local time starting at `stretchStart`. */
type Anchor = Point & { stretchStart: number };

/** Date.now() truncates to whole ms, so two server stamps can disagree by up to 1 ms beyond the network's share. */
const SERVER_RESOLUTION_MS = 1;
const PPM = 1e-6;

/**
 * NTP-style clock sync against the server's clock, so every member of a room shares one time base. Pure: no
 * timers, no I/O; the caller passes every time, all on one monotonic local clock (`localNow`).
 *
 * Offset: of the recent samples, the one with the smallest round trip wins (min-RTT filtering). Queuing only ever
 * adds delay, so the fastest trip is the least skewed by it: however its two directions split it, its offset is
 * within half its round trip of the truth.
 *
 * Drift: the two clocks tick at slightly different rates, so the winning sample's offset ages. The drift applied
 * is the one closest to zero that the fastest samples of the last minutes all allow, each being known only to
 * within half its round trip. It is exactly 0 until the samples rule 0 out, never exceeds the true drift, and
 * closes in on it as the baseline grows: within a minute or two on a LAN, over tens of minutes across 40 ms
 * round trips, where ignoring the rest costs at most drift × window (2.4 ms at 100 ppm), well inside the
 * uncertainty of such a link.
 * @example
 * const clock = new ClockSync();
 * const { t0, serverTime, t3 } = await signaling.syncTime();
 * clock.addSample(t0, serverTime, t3);
 * const serverNow = clock.now(localNow());
 */
export class ClockSync {
  private readonly windowSize: number;
  private readonly anchorSpacingMs: number;
  private readonly maxAnchors: number;
  private readonly maxDrift: number;
  private window: Point[] = [];
  private anchors: Anchor[] = [];
  private best: Point | undefined;
  private latestT3 = 0;
  private drift = 0;

  constructor(options: ClockSyncOptions = {}) {
    this.windowSize = options.windowSize ?? 12;
    this.anchorSpacingMs = options.anchorSpacingMs ?? 30_000;
    this.maxAnchors = options.maxAnchors ?? 40;
    this.maxDrift = (options.maxDriftPpm ?? 500) * PPM;
    if (!Number.isInteger(this.windowSize) || this.windowSize < 1) {
      throw new RangeError(`windowSize must be a positive integer, got ${this.windowSize}`);
    }
    if (!Number.isInteger(this.maxAnchors) || this.maxAnchors < 2) {
      throw new RangeError(`maxAnchors must be an integer of at least 2, got ${this.maxAnchors}`);
    }
    if (!(this.anchorSpacingMs > 0)) {
      throw new RangeError(`anchorSpacingMs must be positive, got ${this.anchorSpacingMs}`);
    }
    if (!(this.maxDrift >= 0)) throw new RangeError(`maxDriftPpm must not be negative, got ${options.maxDriftPpm}`);
  }

  /** Adds one round trip: `t0` and `t3` on the local clock, `serverTime` on the server's. */
  addSample(t0: number, serverTime: number, t3: number): void {
    if (![t0, serverTime, t3].every(Number.isFinite)) {
      throw new RangeError(`Sample times must be finite, got ${t0}, ${serverTime}, ${t3}`);
    }
    if (t3 < t0) throw new RangeError(`A sample cannot arrive (t3 = ${t3}) before it was sent (t0 = ${t0})`);
    const at = (t0 + t3) / 2;
    const point: Point = { at, offset: serverTime - at, rtt: t3 - t0 };
    // Both cannot be right, so the server's clock was set (or this is another server): trust the newest.
    if (this.contradicts(point)) this.reset();
    this.latestT3 = Math.max(this.latestT3, t3);
    this.window.push(point);
    if (this.window.length > this.windowSize) this.window.shift();
    // `<=`: among equally fast samples the newest wins, having aged least.
    this.best = this.window.reduce((best, candidate) => (candidate.rtt <= best.rtt ? candidate : best));
    this.addAnchor(point);
    this.drift = this.fitDrift();
  }

  /** Server time minus local time at local time `localNow`; 0 before the first sample. */
  offsetAt(localNow: number): number {
    if (!this.best) return 0;
    return this.best.offset + this.drift * (localNow - this.best.at);
  }

  /** The server's time at local time `localNow`; before the first sample, `localNow` itself. */
  now(localNow: number): number {
    return localNow + this.offsetAt(localNow);
  }

  /** The current estimate as of the latest sample's arrival, or null before the first sample. */
  estimate(): ClockEstimate | null {
    if (!this.best) return null;
    return {
      offsetMs: this.offsetAt(this.latestT3),
      uncertaintyMs: this.best.rtt / 2,
      rttMs: this.best.rtt,
      driftPpm: this.drift / PPM,
      samples: this.window.length,
    };
  }

  /** Forgets every sample: for a new connection, which may reach another server with another clock. */
  reset(): void {
    this.window = [];
    this.anchors = [];
    this.best = undefined;
    this.latestT3 = 0;
    this.drift = 0;
  }

  /** Whether `point` rules out the current estimate, even allowing for the largest drift believed possible. */
  private contradicts(point: Point): boolean {
    if (!this.best) return false;
    const age = Math.abs(point.at - this.best.at);
    const allowed =
      (this.best.rtt + point.rtt) / 2 + SERVER_RESOLUTION_MS + (this.maxDrift + Math.abs(this.drift)) * age;
    return Math.abs(point.offset - this.offsetAt(point.at)) > allowed;
  }

  /** Keeps the fastest sample of each stretch of `anchorSpacingMs`, for the last `maxAnchors` stretches. */
  private addAnchor(point: Point): void {
    const last = this.anchors[this.anchors.length - 1];
    if (last && point.at - last.stretchStart < this.anchorSpacingMs) {
      if (point.rtt <= last.rtt) this.anchors[this.anchors.length - 1] = { ...point, stretchStart: last.stretchStart };
      return;
    }
    this.anchors.push({ ...point, stretchStart: point.at });
    if (this.anchors.length > this.maxAnchors) this.anchors.shift();
  }

  /**
   * The drift closest to zero that every pair of anchors allows. Anchors no drift within ±maxDriftPpm reconciles
   * cannot all be right (the route changed, say): the oldest go until the rest agree.
   */
  private fitDrift(): number {
    for (;;) {
      const range = this.driftRange();
      if (range) return Math.min(Math.max(0, range.min), range.max);
      this.anchors.shift();
    }
  }

  /**
   * The drifts every pair of anchors allows, or null if none. Each anchor's offset is within half its round trip
   * (and the server's resolution) of the truth, so between two anchors the offset may move by up to the sum of
   * those with no drift at all; only a larger move proves one.
   */
  private driftRange(): { min: number; max: number } | null {
    let min = -this.maxDrift;
    let max = this.maxDrift;
    for (let i = 0; i < this.anchors.length; i++) {
      for (let j = i + 1; j < this.anchors.length; j++) {
        const a = this.anchors[i] as Anchor;
        const b = this.anchors[j] as Anchor;
        const span = b.at - a.at;
        if (span <= 0) continue;
        const slack = (a.rtt + b.rtt) / 2 + SERVER_RESOLUTION_MS;
        min = Math.max(min, (b.offset - a.offset - slack) / span);
        max = Math.min(max, (b.offset - a.offset + slack) / span);
      }
    }
    // A single anchor agrees with itself, so fitDrift's loop ends.
    return min <= max || this.anchors.length < 2 ? { min, max } : null;
  }
}

/**
 * The local clock ClockSync's times are on: monotonic (it never jumps when the OS sets the wall clock, as
 * Date.now() can), and counted from the epoch like the server's Date.now(), so offsets stay small.
 * @example
 * const serverNow = clock.now(localNow());
 */
export function localNow(): number {
  return performance.timeOrigin + performance.now();
}
