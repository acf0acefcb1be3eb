import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { interpolateState, lerp, lerpAngle, lerpVector, rotationAngle, slerp, wrapAngle } from "./interpolate.js";
import { defineSchema, type Quaternion } from "./interpolation-schema.js";

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const angle = fc.double({ min: -20, max: 20, noNaN: true });
const quaternion = fc
  .tuple(...([0, 1, 2, 3] as const).map(() => fc.double({ min: -1, max: 1, noNaN: true })))
  .map(([x = 0, y = 0, z = 0, w = 0]): Quaternion => [x, y, z, w])
  .filter((q) => Math.hypot(...q) > 0.1);
const length = (q: readonly number[]): number => Math.hypot(...q);
const normalized = (q: Quaternion): Quaternion => q.map((v) => v / length(q)) as unknown as Quaternion;
/** q and -q are the same rotation: compare up to sign. */
const sameRotation = (p: Quaternion, q: Quaternion, epsilon = 1e-9): boolean =>
  Math.min(...[1, -1].map((s) => Math.max(...p.map((v, i) => Math.abs(v - s * (q[i] ?? 0)))))) < epsilon;
const arc = (a: number, b: number): number => Math.abs(wrapAngle(b - a));

describe("lerp", () => {
  it("hits both ends exactly and clamps t", () => {
    expect(lerp(10, 20, 0.25)).toBe(12.5);
    expect(lerp(0.1, 0.7, 1)).toBe(0.7);
    expect(lerp(0.1, 0.7, 0)).toBe(0.1);
    expect(lerp(0, 10, 2)).toBe(10);
    expect(lerp(0, 10, -1)).toBe(0);
  });

  it("stays between its ends, for any t (property)", () => {
    fc.assert(
      fc.property(finite, finite, fc.double({ noNaN: true }), (a, b, t) => {
        const value = lerp(a, b, t);
        expect(value).toBeGreaterThanOrEqual(Math.min(a, b));
        expect(value).toBeLessThanOrEqual(Math.max(a, b));
      }),
    );
  });

  it("lerps vectors per component, each between its ends (property)", () => {
    expect(lerpVector([0, 0, 0], [10, 20, 30], 0.5)).toEqual([5, 10, 15]);
    expect(() => lerpVector([0, 0], [1, 1, 1], 0.5)).toThrow(RangeError);
    fc.assert(
      fc.property(fc.array(fc.tuple(finite, finite), { minLength: 1, maxLength: 4 }), unit, (pairs, t) => {
        const result = lerpVector(
          pairs.map(([a]) => a),
          pairs.map(([, b]) => b),
          t,
        );
        pairs.forEach(([a, b], i) => {
          expect(result[i]).toBeGreaterThanOrEqual(Math.min(a, b));
          expect(result[i]).toBeLessThanOrEqual(Math.max(a, b));
        });
      }),
    );
  });
});

describe("angles", () => {
  it("wraps to (-π, π]", () => {
    expect(wrapAngle(3 * Math.PI)).toBeCloseTo(Math.PI, 12);
    expect(wrapAngle(-Math.PI)).toBe(Math.PI);
    expect(wrapAngle(Math.PI)).toBe(Math.PI);
    fc.assert(
      fc.property(fc.double({ min: -1e4, max: 1e4, noNaN: true }), (a) => {
        const wrapped = wrapAngle(a);
        expect(wrapped).toBeGreaterThan(-Math.PI);
        expect(wrapped).toBeLessThanOrEqual(Math.PI);
        const turns = (a - wrapped) / (2 * Math.PI);
        expect(Math.abs(turns - Math.round(turns))).toBeLessThan(1e-9);
      }),
    );
  });

  it("goes the short way across ±π", () => {
    expect(Math.abs(lerpAngle(3, -3, 0.5))).toBeCloseTo(Math.PI, 12);
    expect(lerpAngle(Math.PI - 0.1, -Math.PI + 0.1, 0.25)).toBeCloseTo(Math.PI - 0.05, 12);
    expect(lerpAngle(-Math.PI + 0.1, Math.PI - 0.1, 0.25)).toBeCloseTo(-Math.PI + 0.05, 12);
    expect(lerpAngle(0.5, 2.5, 0.5)).toBeCloseTo(1.5, 12);
  });

  it("covers t of the shortest arc and stays wrapped (property)", () => {
    fc.assert(
      fc.property(angle, angle, unit, (a, b, t) => {
        const value = lerpAngle(a, b, t);
        expect(value).toBeGreaterThan(-Math.PI);
        expect(value).toBeLessThanOrEqual(Math.PI);
        expect(arc(a, value)).toBeCloseTo(t * arc(a, b), 9);
        expect(arc(value, b)).toBeCloseTo((1 - t) * arc(a, b), 9);
        expect(arc(lerpAngle(a, b, 1), b)).toBeLessThan(1e-9);
      }),
    );
  });
});

describe("slerp", () => {
  it("turns at constant speed: halfway between 0° and 90° about z is 45°", () => {
    const half = slerp([0, 0, 0, 1], [0, 0, Math.SQRT1_2, Math.SQRT1_2], 0.5);
    expect(sameRotation(half, [0, 0, Math.sin(Math.PI / 8), Math.cos(Math.PI / 8)])).toBe(true);
  });

  it("is unit length, hits both ends, and follows the shortest arc (property)", () => {
    fc.assert(
      fc.property(quaternion, quaternion, unit, (a, b, t) => {
        const result = slerp(a, b, t);
        expect(length(result)).toBeCloseTo(1, 12);
        expect(sameRotation(slerp(a, b, 0), normalized(a))).toBe(true);
        expect(sameRotation(slerp(a, b, 1), normalized(b))).toBe(true);
        // On the shortest arc: the way there plus the way left is the whole (at most π) turn, split t : 1 - t.
        const whole = rotationAngle(a, b);
        expect(whole).toBeLessThanOrEqual(Math.PI);
        expect(rotationAngle(a, result)).toBeCloseTo(t * whole, 4);
        expect(rotationAngle(result, b)).toBeCloseTo((1 - t) * whole, 4);
      }),
    );
  });

  it("treats q and -q alike (property)", () => {
    fc.assert(
      fc.property(quaternion, quaternion, unit, (a, b, t) => {
        const negated = b.map((v) => -v) as unknown as Quaternion;
        expect(sameRotation(slerp(a, b, t), slerp(a, negated, t))).toBe(true);
      }),
    );
  });

  it("stays finite for nearly parallel and degenerate inputs", () => {
    const near = slerp([0, 0, 0, 1], [0, 0, 1e-9, 1], 0.5);
    expect(length(near)).toBeCloseTo(1, 12);
    expect(near[2]).toBeCloseTo(5e-10, 15);
    expect(slerp([0, 0, 0, 0], [0, 0, 0, 1], 0.5)).toEqual([0, 0, 0, 1]);
  });
});

describe("interpolateState", () => {
  const schema = defineSchema({
    position: { type: "vector", teleportDistance: 100 },
    rotation: "quaternion",
    heading: "angle",
    health: "number",
    flags: "none",
  });
  type Ship = { position: number[]; rotation: Quaternion; heading: number; health: number; flags: string };
  const a: Ship = { position: [0, 0], rotation: [0, 0, 0, 1], heading: 3, health: 100, flags: "a" };
  const b: Ship = { position: [10, -20], rotation: [0, 0, 1, 0], heading: -3, health: 50, flags: "b" };

  it("interpolates each field by its rule; fields without one take the newer value", () => {
    const result = interpolateState(schema, { ...a, extra: 1 }, { ...b, extra: 2 }, 0.5);
    expect(result.position).toEqual([5, -10]);
    expect(sameRotation(result.rotation, [0, 0, Math.SQRT1_2, Math.SQRT1_2])).toBe(true);
    expect(Math.abs(result.heading)).toBeCloseTo(Math.PI, 12);
    expect(result.health).toBe(75);
    expect(result.flags).toBe("b");
    expect(result.extra).toBe(2);
    expect(a.position).toEqual([0, 0]);
  });

  it("snaps a field that moved further than its teleport distance", () => {
    const far = { ...b, position: [500, 0] };
    expect(interpolateState(schema, a, far, 0.1).position).toEqual([500, 0]);
    expect(interpolateState(schema, a, far, 0.1).health).toBe(95);
  });

  it("takes the newer value when a value has the wrong shape", () => {
    const broken = { ...b, position: [1, 2, 3], health: "full" } as unknown as Ship;
    const result = interpolateState(schema, a, broken, 0.5);
    expect(result.position).toEqual([1, 2, 3]);
    expect(result.health).toBe("full");
  });

  it("keeps numbers and vectors between their neighbours (property)", () => {
    const plain = defineSchema({ position: "vector", health: "number" });
    const vector = fc.array(finite, { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(vector, vector, finite, finite, unit, (p, q, h, k, t) => {
        const result = interpolateState(plain, { position: p, health: h }, { position: q, health: k }, t);
        expect(result.health).toBeGreaterThanOrEqual(Math.min(h, k));
        expect(result.health).toBeLessThanOrEqual(Math.max(h, k));
        result.position.forEach((value, i) => {
          expect(value).toBeGreaterThanOrEqual(Math.min(p[i] ?? NaN, q[i] ?? NaN));
          expect(value).toBeLessThanOrEqual(Math.max(p[i] ?? NaN, q[i] ?? NaN));
        });
      }),
    );
  });
});
