import { AdaptiveDelay, type AdaptiveDelayOptions } from "./adaptive-delay.js";
import { Convergence, type ConvergenceOptions } from "./convergence.js";
import type { InterpolationSchema, StateOf } from "./interpolation-schema.js";
import {
  SnapshotBuffer,
  type SampleKind,
  type Snapshot,
  type SnapshotBufferOptions,
  type SnapshotBufferStats,
} from "./snapshot-buffer.js";

/**
 * Options of a `RemoteView` (the manager's `interpolation` option); each says its default where it is declared.
 * @example
 * new GameNetworkManager({ interpolation: { capacity: 64, blendMs: 100, delay: { minIntervals: 3 } } });
 */
export interface RemoteViewOptions extends Partial<SnapshotBufferOptions>, Partial<ConvergenceOptions> {
  /** How the interpolation delay adapts to the network. Default: each field's own default. */
  delay?: Partial<AdaptiveDelayOptions>;
}

/**
 * What to draw for one remote player this frame.
 * @example
 * const frame = view.view(now);
 * if (frame) draw(frame.state);
 */
export interface RemoteViewFrame<T> {
  state: T;
  kind: SampleKind;
  /** Blending from a prediction back onto the snapshots (see `Convergence`). */
  isConverging: boolean;
  /** How far behind `now` the player is shown. */
  delayMs: number;
  /** `now - delayMs`: the moment of the player's timeline on screen (shared time base). */
  renderTime: number;
}

/**
 * The buffer's counters, the delay and what it is made of.
 * @example
 * const { underrunRate, delayMs } = net.getRemoteStats(peerId) ?? {};
 */
export interface RemoteViewStats extends SnapshotBufferStats {
  /** underruns / samples, 0 before any sample. */
  underrunRate: number;
  /** The delay of the last `view`, or the current target before the first one. */
  delayMs: number;
  targetDelayMs: number;
  sendIntervalMs: number;
  jitterMs: number;
  /** Mean transit time `arrivalTime - snapshot.time`: latency plus any offset between the two clocks. */
  latencyMs: number;
}

/**
 * One remote player as this client shows it: a snapshot buffer, an interpolation delay that adapts to the
 * network, and a smooth return from extrapolation. Pure: the caller feeds arrivals and asks for frames.
 * `arrivalTime` and `now` come from the same clock (the shared clock, so that `renderTime` is in the snapshots'
 * time base); snapshot times are in the shared time base.
 * @example
 * const schema = defineSchema({ position: { type: "vector", velocity: "velocity" }, velocity: "vector" });
 * const remote = new RemoteView(schema);
 * // On each state message from that player (a transport's `payload` is the `state` here):
 * remote.push({ time, seq, state }, clock.now());
 * // Every frame:
 * const frame = remote.view(clock.now());
 * if (frame) draw(frame.state);
 */
export class RemoteView<S extends InterpolationSchema, T extends StateOf<S> = StateOf<S>> {
  private readonly buffer: SnapshotBuffer<S, T>;
  private readonly delay: AdaptiveDelay;
  private readonly convergence: Convergence<S, T>;
  private lastDelay: number | undefined;

  constructor(schema: S, options: RemoteViewOptions = {}) {
    const { delay, blendMs, ...buffer } = options;
    this.buffer = new SnapshotBuffer<S, T>(schema, buffer);
    this.delay = new AdaptiveDelay(delay);
    this.convergence = new Convergence<S, T>(schema, { blendMs });
  }

  /**
   * Takes a snapshot received at `arrivalTime`; stale and reordered ones are dropped. Returns whether it was kept.
   * @example
   * remote.push({ time: 12_050, seq: 241, state }, clock.now());
   */
  push(snapshot: Snapshot<T>, arrivalTime: number): boolean {
    const isKept = this.buffer.push(snapshot);
    if (isKept) this.delay.update(arrivalTime, snapshot.time);
    return isKept;
  }

  /**
   * The frame to draw at `now`, or undefined until the first snapshot. Call it with a non-decreasing `now`.
   * @example
   * const frame = remote.view(clock.now());
   */
  view(now: number): RemoteViewFrame<T> | undefined {
    // Before the first snapshot this is only the default target: nothing is committed, nothing is shown.
    const delayMs = this.delay.delay(now);
    const renderTime = now - delayMs;
    const sample = this.buffer.sample(renderTime);
    if (!sample) return undefined;
    this.lastDelay = delayMs;
    const state = this.convergence.apply(renderTime, sample);
    return { state, kind: sample.kind, isConverging: this.convergence.isBlending, delayMs, renderTime };
  }

  /**
   * Counters since creation and the current delay estimates.
   * @example
   * hud.text = `${(remote.stats().underrunRate * 100).toFixed(1)}% underruns`;
   */
  stats(): RemoteViewStats {
    const buffer = this.buffer.stats();
    const { sendIntervalMs, jitterMs, latencyMs } = this.delay.estimates();
    const targetDelayMs = this.delay.targetMs;
    return {
      ...buffer,
      underrunRate: buffer.samples === 0 ? 0 : buffer.underruns / buffer.samples,
      delayMs: this.lastDelay ?? targetDelayMs,
      targetDelayMs,
      sendIntervalMs,
      jitterMs,
      latencyMs,
    };
  }
}
