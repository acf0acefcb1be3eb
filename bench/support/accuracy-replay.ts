import type { Interpolator } from "./interpolators.js";
import { pathAt, type Packet } from "./motion-trace.js";
import { summarize } from "./stats.js";

export interface ReplayOptions {
  startMs: number;
  endMs: number;
  renderIntervalMs: number;
  /** Frames before `startMs + warmupMs` are drawn but not measured: both libraries are still filling up. */
  warmupMs: number;
}

export interface Accuracy {
  /** Measured frames. */
  frames: number;
  /** Frames with a position, i.e. with an error. */
  drawn: number;
  /** Distance from the truth at each frame's render time, in cm. */
  rmsErrorCm: number;
  p95ErrorCm: number;
  maxErrorCm: number;
  /** Frames extrapolated or held, or with nothing to draw, over frames. */
  underrunRate: number;
  /** Mean of now - renderTime over the drawn frames. */
  meanDelayMs: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/** Plays the packets into `interpolator` in arrival order, renders every `renderIntervalMs`, and scores the frames. */
export function replay(packets: readonly Packet[], interpolator: Interpolator, options: ReplayOptions): Accuracy {
  const errors: number[] = [];
  const delays: number[] = [];
  let frames = 0;
  let underruns = 0;
  let next = 0;
  for (let index = 0; ; index++) {
    const now = options.startMs + index * options.renderIntervalMs;
    if (now > options.endMs) break;
    for (let packet = packets[next]; packet && packet.arrivesAt <= now; packet = packets[++next]) {
      interpolator.receive(packet);
    }
    const frame = interpolator.render(now);
    if (now < options.startMs + options.warmupMs) continue;
    frames++;
    if (!frame || frame.isUnderrun) underruns++;
    if (!frame) continue;
    const [x, y] = pathAt(frame.renderTime).position;
    errors.push(100 * Math.hypot((frame.position[0] ?? NaN) - x, (frame.position[1] ?? NaN) - y));
    delays.push(now - frame.renderTime);
  }
  const error = summarize(errors);
  const delay = summarize(delays);
  return {
    frames,
    drawn: errors.length,
    rmsErrorCm: Math.sqrt(errors.reduce((sum, value) => sum + value * value, 0) / errors.length),
    p95ErrorCm: error?.p95 ?? NaN,
    maxErrorCm: error?.max ?? NaN,
    underrunRate: frames === 0 ? NaN : underruns / frames,
    meanDelayMs: delay?.mean ?? NaN,
    minDelayMs: delay?.min ?? NaN,
    maxDelayMs: delay?.max ?? NaN,
  };
}
