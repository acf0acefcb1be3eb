import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Convergence } from "./convergence.js";
import { defineSchema, type StateOf } from "./interpolation-schema.js";
import type { Sample } from "./snapshot-buffer.js";

const schema = defineSchema({
  position: { type: "vector", velocity: "velocity", teleportDistance: 1000 },
  velocity: "vector",
  hp: "number",
});
type Ship = StateOf<typeof schema>;
const ship = (x: number, vx: number, hp = 100): Ship => ({ position: [x, 0], velocity: [vx, 0], hp });
const x = (state: Ship): number => state.position[0] ?? NaN;
const extrapolated = (state: Ship, baseSeq = 1, teleports = 0): Sample<Ship> => ({
  kind: "extrapolated",
  state,
  teleports,
  aheadMs: 100,
  baseSeq,
});
const interpolated = (state: Ship, teleports = 0): Sample<Ship> => ({ kind: "interpolated", state, teleports });

describe("convergence", () => {
  it("passes samples through until snapshots resume after extrapolating", () => {
    const convergence = new Convergence(schema);
    const state = ship(1, 10);
    expect(convergence.apply(0, interpolated(state))).toBe(state);
    expect(convergence.apply(10, interpolated(ship(2, 10)))).toEqual(ship(2, 10));
    expect(convergence.isBlending).toBe(false);
  });

  it("blends from the moving prediction to the snapshots over blendMs, then follows them exactly", () => {
    const convergence = new Convergence(schema, { blendMs: 150 });
    convergence.apply(1000, extrapolated(ship(10, 100, 50)));
    // The prediction is 10 units ahead of where the snapshots put the ship; it would be at 11.5 by now.
    const first = convergence.apply(1015, interpolated(ship(1.5, 100, 80)));
    expect(x(first)).toBeCloseTo(11.5 - 0.1 * 10, 9);
    expect(first.hp).toBeCloseTo(53, 9);
    expect(convergence.isBlending).toBe(true);
    expect(x(convergence.apply(1075, interpolated(ship(7.5, 100))))).toBeCloseTo(12.5, 9);
    expect(convergence.apply(1150, interpolated(ship(15, 100)))).toEqual(ship(15, 100));
    expect(convergence.isBlending).toBe(false);
  });

  it("is exact when the prediction was right", () => {
    const convergence = new Convergence(schema);
    convergence.apply(0, extrapolated(ship(0, 100)));
    for (let t = 16; t < 200; t += 16)
      expect(x(convergence.apply(t, interpolated(ship(t / 10, 100))))).toBeCloseTo(t / 10, 9);
  });

  it("also blends when the extrapolation restarts from a newer snapshot that came too late", () => {
    const convergence = new Convergence(schema);
    convergence.apply(0, extrapolated(ship(0, 0), 1));
    expect(x(convergence.apply(15, extrapolated(ship(10, 0), 2)))).toBeCloseTo(1, 9);
  });

  it("snaps at a teleport snapshot or beyond a field's teleport distance", () => {
    const teleported = new Convergence(schema);
    teleported.apply(0, extrapolated(ship(0, 0)));
    expect(teleported.apply(15, interpolated(ship(10, 0), 1))).toEqual(ship(10, 0));
    expect(teleported.isBlending).toBe(false);
    const far = new Convergence(schema);
    far.apply(0, extrapolated(ship(0, 0)));
    expect(x(far.apply(15, interpolated(ship(5000, 0))))).toBe(5000);
  });

  it("never jumps: each step is bounded by speed × dt plus the error spread over blendMs (property)", () => {
    const speed = 10; // units per second
    const velocity = fc.double({ min: -speed, max: speed, noNaN: true });
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        velocity,
        velocity,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30, size: "max" }),
        fc.integer({ min: 1, max: 300 }),
        (error, predicted, actual, frames, blendMs) => {
          const convergence = new Convergence(schema, { blendMs });
          let shown = x(convergence.apply(0, extrapolated(ship(error, predicted))));
          let t = 0;
          for (const dt of frames) {
            t += dt;
            const next = x(convergence.apply(t, interpolated(ship((actual * t) / 1000, actual))));
            const maxError = Math.abs(error) + (2 * speed * blendMs) / 1000;
            expect(Math.abs(next - shown)).toBeLessThanOrEqual(((2 * speed) / 1000 + maxError / blendMs) * dt + 1e-9);
            if (t >= blendMs) expect(next).toBeCloseTo((actual * t) / 1000, 9);
            shown = next;
          }
        },
      ),
    );
  });
});
