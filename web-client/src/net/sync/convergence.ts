import { extrapolateState } from "./dead-reckoning.js";
import { interpolateState } from "./interpolate.js";
import type { InterpolationSchema, StateOf } from "./interpolation-schema.js";
import type { Sample } from "./snapshot-buffer.js";
import { withDefaults } from "./with-defaults.js";

/**
 * Options of a `Convergence` (part of the manager's `interpolation` option).
 * @example
 * new GameNetworkManager({ interpolation: { blendMs: 100 } });
 */
export interface ConvergenceOptions {
  /** How long the view takes to glide from the prediction back onto the snapshots. Default 150 ms. */
  blendMs: number;
}

/**
 * The defaults of `ConvergenceOptions`.
 * @example
 * new Convergence(schema, { blendMs: 2 * DEFAULT_CONVERGENCE.blendMs });
 */
export const DEFAULT_CONVERGENCE: ConvergenceOptions = { blendMs: 150 };

interface Shown<T> {
  time: number;
  /** The snapshot the shown state was dead-reckoned from, if it was extrapolated. */
  baseSeq: number | undefined;
  teleports: number;
  state: T;
}

/**
 * Smooths the moment snapshots resume after an underrun. While extrapolating, the view shows a prediction;
 * when the next sample is interpolated again, or extrapolated from a newer snapshot that came too late to be
 * interpolated, the two may disagree. Instead of snapping, the view blends over
 * `blendMs` from the prediction, still moving with its own velocity (projective velocity blending), to the
 * interpolated samples: the weight of the samples grows linearly from 0 to 1. At the first resumed frame the view
 * is where the prediction would have been, so it never jumps; when the prediction was right, the blend is exact.
 * Fields beyond their `teleportDistance` snap, and a teleport snapshot (a change of `Sample.teleports`) ends the
 * blend at once.
 * @example
 * const convergence = new Convergence(schema);
 * const state = convergence.apply(renderTime, buffer.sample(renderTime));
 */
export class Convergence<S extends InterpolationSchema, T extends StateOf<S> = StateOf<S>> {
  private readonly options: ConvergenceOptions;
  private last: Shown<T> | undefined;
  private blend: { from: T; start: number } | undefined;

  constructor(
    private readonly schema: S,
    options: Partial<ConvergenceOptions> = {},
  ) {
    this.options = withDefaults(DEFAULT_CONVERGENCE, options);
    if (!(this.options.blendMs >= 0)) throw new RangeError(`blendMs must be 0 or more, got ${this.options.blendMs}`);
  }

  /**
   * Whether the last state `apply` returned was a blend.
   * @example
   * if (convergence.isBlending) debugOverlay.mark("converging");
   */
  get isBlending(): boolean {
    return this.blend !== undefined;
  }

  /**
   * The state to show for `sample`, taken at `renderTime` (ms, non-decreasing from call to call).
   * @example
   * const state = convergence.apply(renderTime, sample);
   */
  apply(renderTime: number, sample: Sample<T>): T {
    const last = this.last;
    if (last && last.teleports !== sample.teleports) {
      this.blend = undefined;
    } else if (last?.baseSeq !== undefined && (sample.kind !== "extrapolated" || sample.baseSeq !== last.baseSeq)) {
      this.blend = { from: last.state, start: last.time };
    }
    let state = sample.state;
    if (this.blend) {
      const elapsed = renderTime - this.blend.start;
      if (elapsed >= this.options.blendMs || elapsed < 0) {
        this.blend = undefined;
      } else {
        const predicted = extrapolateState(this.schema, this.blend.from, elapsed);
        state = interpolateState(this.schema, predicted, sample.state, elapsed / this.options.blendMs);
      }
    }
    const baseSeq = sample.kind === "extrapolated" ? sample.baseSeq : undefined;
    this.last = { time: renderTime, baseSeq, teleports: sample.teleports, state };
    return state;
  }
}
