import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { defineSchema, type StateOf } from "./interpolation-schema.js";
import { RemoteView, type RemoteViewFrame } from "./remote-view.js";
import type { Snapshot } from "./snapshot-buffer.js";

const schema = defineSchema({ position: { type: "vector", velocity: "velocity" }, velocity: "vector" });
type Ship = StateOf<typeof schema>;
const INTERVAL = 50;
const SPEED = 10; // units per second

/** A ship sent every INTERVAL ms, its velocity changing at each send; positions follow the velocities exactly. */
function course(velocities: number[]): Snapshot<Ship>[] {
  let x = 0;
  return velocities.map((vx, seq) => {
    const snapshot = { time: seq * INTERVAL, seq, state: { position: [x, 0], velocity: [vx, 0] } };
    x += (vx * INTERVAL) / 1000;
    return snapshot;
  });
}

/** Pushes each arrival when its time comes and views a frame every `frames[i]` ms, until 500 ms after the last. */
function play(
  remote: RemoteView<typeof schema>,
  arrivals: { at: number; snapshot: Snapshot<Ship> }[],
  frames: number[],
): RemoteViewFrame<Ship>[] {
  const pending = [...arrivals].sort((a, b) => a.at - b.at);
  const shown: RemoteViewFrame<Ship>[] = [];
  let now = pending[0]?.at ?? 0;
  const end = (pending.at(-1)?.at ?? 0) + 500;
  for (const dt of frames) {
    now += dt;
    if (now > end) break;
    while (pending[0] && pending[0].at <= now) {
      const { at, snapshot } = pending.shift() ?? expect.unreachable();
      remote.push(snapshot, at);
    }
    const frame = remote.view(now);
    if (frame) shown.push(frame);
  }
  return shown;
}

const x = (frame: RemoteViewFrame<Ship> | undefined): number => frame?.state.position[0] ?? NaN;

describe("remote view", () => {
  it("shows nothing before the first snapshot", () => {
    const remote = new RemoteView(schema);
    expect(remote.view(1000)).toBeUndefined();
    expect(remote.stats()).toMatchObject({ samples: 0, underrunRate: 0, delayMs: 100 });
  });

  it("interpolates a steady stream two send intervals behind its arrival", () => {
    const remote = new RemoteView(schema);
    const snapshots = course(Array<number>(40).fill(SPEED));
    const frames = play(
      remote,
      snapshots.map((snapshot) => ({ at: snapshot.time + 30, snapshot })),
      Array<number>(120).fill(16),
    );
    const last = frames.at(-1);
    expect(last).toMatchObject({ kind: "interpolated", isConverging: false, delayMs: 130 });
    expect(x(last)).toBeCloseTo(((last?.renderTime ?? NaN) * SPEED) / 1000, 9);
    expect(remote.stats()).toMatchObject({ underrunRate: 0, sendIntervalMs: 50, jitterMs: 0, latencyMs: 30 });
  });

  // Straight on at first, then turning back during a loss burst: the prediction overshoots.
  const turnDuringBurst = (remote: RemoteView<typeof schema>): RemoteViewFrame<Ship>[] => {
    const snapshots = course([...Array<number>(20).fill(SPEED), ...Array<number>(20).fill(-SPEED)]);
    const delivered = snapshots.filter((snapshot) => snapshot.seq < 20 || snapshot.seq >= 26);
    const arrivals = delivered.map((snapshot) => ({ at: snapshot.time + 30, snapshot }));
    return play(remote, arrivals, Array<number>(120).fill(16));
  };
  const largestStep = (frames: RemoteViewFrame<Ship>[]): number =>
    Math.max(...frames.slice(1).map((frame, i) => Math.abs(x(frame) - x(frames[i]))));

  it("extrapolates through a loss burst, then converges back onto the snapshots", () => {
    const remote = new RemoteView(schema);
    const frames = turnDuringBurst(remote);
    const kinds = frames.map((frame) => (frame.isConverging ? "converging" : frame.kind));
    const runs = kinds.filter((kind, i) => kind !== kinds[i - 1]);
    expect(runs).toEqual(["held", "interpolated", "extrapolated", "converging", "interpolated"]);
    expect(remote.stats().underruns).toBeGreaterThan(0);
    expect(remote.stats().underrunRate).toBeCloseTo(remote.stats().underruns / remote.stats().samples, 12);
  });

  it("glides where snapping back would jump", () => {
    const perFrame = (SPEED * 16) / 1000;
    expect(largestStep(turnDuringBurst(new RemoteView(schema)))).toBeLessThan(6 * perFrame);
    expect(largestStep(turnDuringBurst(new RemoteView(schema, { blendMs: 0 })))).toBeGreaterThan(20 * perFrame);
  });

  it("never jumps and never runs backward, whatever the network does (property)", () => {
    // The ship keeps each velocity for a while, so a turn during a loss burst leaves the prediction well off.
    const legs = fc.array(
      fc.record({
        velocity: fc.double({ min: -SPEED, max: SPEED, noNaN: true }),
        sends: fc.integer({ min: 1, max: 20 }),
      }),
      { minLength: 2, maxLength: 10, size: "max" },
    );
    const network = legs.chain((course) => {
      const velocities = course.flatMap((leg) => Array<number>(leg.sends).fill(leg.velocity));
      // Mostly a steady path, with lag spikes and losses.
      const link = fc.record({
        transit: fc.oneof({ arbitrary: fc.constant(40), weight: 4 }, fc.integer({ min: 10, max: 250 })),
        isLost: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, fc.constant(true)),
      });
      return fc
        .array(link, { minLength: velocities.length, maxLength: velocities.length })
        .map((links) => links.map((link, i) => ({ ...link, velocity: velocities[i] ?? 0 })));
    });
    fc.assert(
      fc.property(
        network,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 500, maxLength: 500 }),
        (sends, frames) => {
          const remote = new RemoteView(schema);
          const snapshots = course(sends.map((send) => send.velocity));
          const arrivals = snapshots.flatMap((snapshot, i) =>
            i > 0 && sends[i]?.isLost ? [] : [{ at: snapshot.time + (sends[i]?.transit ?? 0), snapshot }],
          );
          const shown = play(remote, arrivals, frames);
          // How wrong a prediction can get: the longest silence in sender time plus the transit, the extrapolation
          // cap, and both sides moving during the blend. A blend spreads that error over blendMs = 150.
          const times = arrivals.map((arrival) => arrival.snapshot.time).sort((a, b) => a - b);
          const silence = Math.max(INTERVAL, ...times.slice(1).map((time, i) => time - (times[i] ?? 0)));
          const maxError = (SPEED * (silence + 250 + 250 + 2 * 150)) / 1000;
          const perMs = (2 * SPEED) / 1000 + maxError / 150;
          shown.slice(1).forEach((frame, i) => {
            const previous = shown[i] ?? expect.unreachable();
            const elapsed = frame.renderTime - previous.renderTime;
            expect(elapsed).toBeGreaterThanOrEqual(0);
            expect(Math.abs(x(frame) - x(previous))).toBeLessThanOrEqual(perMs * elapsed + 1e-9);
          });
        },
      ),
    );
  });
});
