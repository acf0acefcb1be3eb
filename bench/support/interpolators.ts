import { SnapshotInterpolation } from "@geckos.io/snapshot-interpolation";
import { defineSchema } from "../../web-client/src/net/sync/interpolation-schema.js";
import { RemoteView } from "../../web-client/src/net/sync/remote-view.js";
import type { Packet } from "./motion-trace.js";

/** One library on the receiving side: fed packets as they arrive, asked for a frame at every render. */
export interface Interpolator {
  receive(packet: Packet): void;
  /** What the renderer draws at `now`, or undefined while there is nothing to draw yet. */
  render(now: number): RenderedFrame | undefined;
}

export interface RenderedFrame {
  position: readonly number[];
  /** The moment of the object's timeline the library means to show: the error is measured against the truth there. */
  renderTime: number;
  /** No snapshot pair around `renderTime`: the library extrapolated or held instead of interpolating. */
  isUnderrun: boolean;
}

const schema = defineSchema({ position: { type: "vector", velocity: "velocity" }, velocity: "vector" });

/** Rallypoint's `RemoteView` with its defaults, as `StateSync` creates one per remote player. */
export function rallypointInterpolator(): Interpolator {
  const view = new RemoteView(schema);
  return {
    receive: ({ seq, sentAt, arrivesAt, position, velocity }) => {
      view.push({ seq, time: sentAt, state: { position, velocity } }, arrivesAt);
    },
    render: (now) => {
      const frame = view.view(now);
      if (!frame) return undefined;
      return {
        position: frame.state.position,
        renderTime: frame.renderTime,
        isUnderrun: frame.kind !== "interpolated",
      };
    },
  };
}

// geckos reads its clock through the static SnapshotInterpolation.Now() (Date.now()): point it at the simulation's.
let simulatedNow = 0;
SnapshotInterpolation.Now = () => simulatedNow;

/**
 * geckos.io's `SnapshotInterpolation` as its README uses it: `new SnapshotInterpolation(serverFPS)`, `snapshot.add`
 * on arrival, `calcInterpolation("x y")` every frame, and the last drawn position kept when it returns undefined.
 * `bufferMs` overrides the buffer (`interpolationBuffer.set`), which is otherwise 3 frames: 3 × 1000 / serverFps.
 */
export function geckosInterpolator(serverFps: number, bufferMs?: number): Interpolator {
  const si = new SnapshotInterpolation(serverFps);
  if (bufferMs !== undefined) si.interpolationBuffer.set(bufferMs);
  let shown: readonly number[] | undefined;
  return {
    receive: ({ seq, sentAt, arrivesAt, position }) => {
      simulatedNow = arrivesAt;
      // What snapshot.create() makes on a server whose clock is the shared one; a deterministic id instead of a random one.
      si.snapshot.add({ id: String(seq), time: sentAt, state: [{ id: "player", x: position[0], y: position[1] }] });
    },
    render: (now) => {
      simulatedNow = now;
      // calcInterpolation looks up this time: timeOffset is the first snapshot's transit time (reset when a later one
      // differs from it by more than 50 ms), so the total delay is transit + buffer.
      const renderTime = now - si.timeOffset - si.interpolationBuffer.get();
      const entity = si.calcInterpolation("x y")?.state[0];
      const isUnderrun = entity === undefined;
      if (entity) shown = [Number(entity.x), Number(entity.y)];
      return shown && { position: shown, renderTime, isUnderrun };
    },
  };
}
