import { extrapolateState } from "./dead-reckoning.js";
import { interpolateState } from "./interpolate.js";
import type { InterpolationSchema, StateOf } from "./interpolation-schema.js";
import { withDefaults } from "./with-defaults.js";

/**
 * One remote player's state at one moment.
 * @example
 * const snapshot: Snapshot<Ship> = { time: 12_050, seq: 241, state: ship, teleport: true };
 */
export interface Snapshot<T> {
  /** When the sender took it, in the shared time base (ms). */
  time: number;
  /** The sender's counter, increasing with every snapshot it sends. */
  seq: number;
  state: T;
  /** The state jumped (respawn, portal): do not interpolate into this snapshot, snap to it. Default false. */
  teleport?: boolean;
}

/**
 * What a remote player looks like at a render time.
 * - interpolated: between the two snapshots around it (or exactly at one);
 * - extrapolated: past the newest (`baseSeq`), dead-reckoned for at most `maxExtrapolationMs`, then held;
 *   `aheadMs` is how far past the newest, uncapped;
 * - held: before the oldest, which is shown as it is.
 *
 * `teleports` counts the teleport snapshots at or before the one the sample ends on; when it changes between two
 * samples, the view jumped on purpose and must not be smoothed over.
 * @example
 * const sample = buffer.sample(now - delay);
 * if (sample?.kind === "extrapolated" && sample.aheadMs > 1000) showLagIcon();
 */
export type Sample<T> =
  | { kind: "interpolated"; state: T; teleports: number }
  | { kind: "extrapolated"; state: T; teleports: number; aheadMs: number; baseSeq: number }
  | { kind: "held"; state: T; teleports: number };

/**
 * How a sample was made.
 * @example
 * const kind: SampleKind = "interpolated";
 */
export type SampleKind = Sample<unknown>["kind"];

/**
 * Options of a `SnapshotBuffer` (part of the manager's `interpolation` option).
 * @example
 * new GameNetworkManager({ interpolation: { capacity: 64, maxExtrapolationMs: 100 } });
 */
export interface SnapshotBufferOptions {
  /** Snapshots kept; the oldest go first. At least 2. Default 32 (1.6 s at 20 Hz). */
  capacity: number;
  /** Dead reckoning stops this long past the newest snapshot; the view then holds. Default 250 ms. */
  maxExtrapolationMs: number;
}

/**
 * Counters of a `SnapshotBuffer` since it was created.
 * @example
 * const { underruns, samples } = buffer.stats(); // or net.getRemoteStats(peerId); underrun rate: underruns / samples
 */
export interface SnapshotBufferStats {
  size: number;
  accepted: number;
  /** Refused by `push`: not newer than the newest (by seq or time), or with a non-finite seq or time. */
  dropped: number;
  /** Accepted, then pushed out by newer ones past the capacity. */
  evicted: number;
  samples: number;
  /** Samples past the newest snapshot: the stream ran dry at that render time. */
  underruns: number;
}

/**
 * The defaults of `SnapshotBufferOptions`.
 * @example
 * new SnapshotBuffer(schema, { capacity: 2 * DEFAULT_SNAPSHOT_BUFFER.capacity });
 */
export const DEFAULT_SNAPSHOT_BUFFER: SnapshotBufferOptions = { capacity: 32, maxExtrapolationMs: 250 };

interface Entry<T> {
  snapshot: Snapshot<T>;
  teleports: number;
}

/**
 * The snapshots received from one remote player, oldest first, and what they show at any render time.
 * Throws a RangeError for a capacity under 2 or a negative `maxExtrapolationMs`.
 * @example
 * const buffer = new SnapshotBuffer(schema);
 * buffer.push({ time: 1000, seq: 1, state: { position: [0, 0] } });
 * buffer.push({ time: 1050, seq: 2, state: { position: [5, 0] } });
 * buffer.sample(1025); // { kind: "interpolated", state: { position: [2.5, 0] }, teleports: 0 }
 */
export class SnapshotBuffer<S extends InterpolationSchema, T extends StateOf<S> = StateOf<S>> {
  private readonly options: SnapshotBufferOptions;
  private readonly entries: Entry<T>[] = [];
  private teleports = 0;
  private readonly counters = { accepted: 0, dropped: 0, evicted: 0, samples: 0, underruns: 0 };

  constructor(
    private readonly schema: S,
    options: Partial<SnapshotBufferOptions> = {},
  ) {
    this.options = withDefaults(DEFAULT_SNAPSHOT_BUFFER, options);
    if (!Number.isInteger(this.options.capacity) || this.options.capacity < 2) {
      throw new RangeError(`capacity must be an integer of at least 2, got ${this.options.capacity}`);
    }
    if (!(this.options.maxExtrapolationMs >= 0)) {
      throw new RangeError(`maxExtrapolationMs must be 0 or more, got ${this.options.maxExtrapolationMs}`);
    }
  }

  /**
   * Keeps a snapshot if it is newer than the newest by both seq and time (stale, duplicate and reordered ones are
   * dropped: the buffer only moves forward), evicting the oldest past the capacity. Returns whether it was kept.
   * @example
   * if (!buffer.push(snapshot)) console.debug("late snapshot", snapshot.seq);
   */
  push(snapshot: Snapshot<T>): boolean {
    const newest = this.entries.at(-1)?.snapshot;
    const isFinite = Number.isFinite(snapshot.seq) && Number.isFinite(snapshot.time);
    if (!isFinite || (newest && (snapshot.seq <= newest.seq || snapshot.time <= newest.time))) {
      this.counters.dropped++;
      return false;
    }
    if (snapshot.teleport === true) this.teleports++;
    this.entries.push({ snapshot, teleports: this.teleports });
    this.counters.accepted++;
    if (this.entries.length > this.options.capacity) {
      this.entries.shift();
      this.counters.evicted++;
    }
    return true;
  }

  /**
   * The state at `renderTime` (shared time base, ms), or undefined before the first snapshot.
   * A sample past the newest snapshot counts as an underrun.
   * @example
   * const sample = buffer.sample(now - delayMs);
   */
  sample(renderTime: number): Sample<T> | undefined {
    const newest = this.entries.at(-1);
    if (!newest) return undefined;
    this.counters.samples++;
    const { snapshot, teleports } = newest;
    if (renderTime > snapshot.time) {
      this.counters.underruns++;
      const aheadMs = renderTime - snapshot.time;
      const dt = Math.min(aheadMs, this.options.maxExtrapolationMs);
      const state = extrapolateState(this.schema, snapshot.state, dt);
      return { kind: "extrapolated", state, teleports, aheadMs, baseSeq: snapshot.seq };
    }
    // The first snapshot at or after renderTime; render time trails the newest closely, so search from the end.
    let index = this.entries.length - 1;
    while (index > 0 && (this.entries[index - 1]?.snapshot.time ?? -Infinity) >= renderTime) index--;
    const to = this.entries[index] ?? newest;
    const from = this.entries[index - 1];
    if (!from) {
      const kind = to.snapshot.time === renderTime ? "interpolated" : "held";
      return { kind, state: to.snapshot.state, teleports: to.teleports };
    }
    const t = (renderTime - from.snapshot.time) / (to.snapshot.time - from.snapshot.time);
    const state =
      to.snapshot.teleport === true
        ? to.snapshot.state
        : interpolateState(this.schema, from.snapshot.state, to.snapshot.state, t);
    return { kind: "interpolated", state, teleports: to.teleports };
  }

  /**
   * Counters since creation.
   * @example
   * const { accepted, dropped } = buffer.stats();
   */
  stats(): SnapshotBufferStats {
    return { size: this.entries.length, ...this.counters };
  }
}
