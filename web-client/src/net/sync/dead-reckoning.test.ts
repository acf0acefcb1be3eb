import { describe, expect, it } from "vitest";
import { extrapolateState } from "./dead-reckoning.js";
import { defineSchema } from "./interpolation-schema.js";

describe("dead reckoning", () => {
  const schema = defineSchema({
    position: { type: "vector", velocity: "velocity" },
    velocity: "vector",
    heading: { type: "angle", velocity: "turnRate" },
    turnRate: "number",
    health: "number",
  });
  const state = { position: [0, 0], velocity: [2, -4], heading: 3, turnRate: 1, health: 80 };

  it("moves fields by their velocity per second and holds the rest", () => {
    const ahead = extrapolateState(schema, state, 500);
    expect(ahead.position).toEqual([1, -2]);
    expect(ahead.velocity).toEqual([2, -4]);
    expect(ahead.heading).toBeCloseTo(3.5 - 2 * Math.PI, 12);
    expect(ahead.health).toBe(80);
    expect(state.position).toEqual([0, 0]);
  });

  it("returns the state itself for no time ahead", () => {
    expect(extrapolateState(schema, state, 0)).toBe(state);
    expect(extrapolateState(schema, state, -10)).toBe(state);
  });

  it("holds a field whose velocity has the wrong shape", () => {
    const broken = { ...state, velocity: [1, 2, 3], turnRate: NaN };
    const ahead = extrapolateState(schema, broken, 1000);
    expect(ahead.position).toEqual([0, 0]);
    expect(ahead.heading).toBe(3);
  });
});
