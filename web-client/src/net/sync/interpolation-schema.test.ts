import { describe, expect, expectTypeOf, it } from "vitest";
import { compileSchema, defineSchema, type Quaternion, type StateOf, type Vector } from "./interpolation-schema.js";

describe("interpolation schema", () => {
  const schema = defineSchema({
    position: { type: "vector", velocity: "velocity", teleportDistance: 50 },
    velocity: "vector",
    rotation: "quaternion",
    heading: { type: "angle", velocity: "turnRate" },
    turnRate: "number",
    health: "number",
    flags: "none",
  });

  it("infers the state type from the schema", () => {
    expectTypeOf<StateOf<typeof schema>>().toEqualTypeOf<{
      position: Vector;
      velocity: Vector;
      rotation: Quaternion;
      heading: number;
      turnRate: number;
      health: number;
      flags: unknown;
    }>();
  });

  it("fills in the defaults", () => {
    expect(compileSchema(schema)).toContainEqual({
      name: "position",
      type: "vector",
      teleportDistance: 50,
      velocity: "velocity",
    });
    expect(compileSchema(schema)).toContainEqual({
      name: "health",
      type: "number",
      teleportDistance: Infinity,
      velocity: undefined,
    });
    expect(compileSchema(schema)).toBe(compileSchema(schema));
  });

  it("refuses a velocity field that is missing or of the wrong kind", () => {
    expect(() => defineSchema({ position: { type: "vector", velocity: "speed" } })).toThrow(TypeError);
    expect(() => defineSchema({ position: { type: "vector", velocity: "speed" }, speed: "number" })).toThrow(
      /must be a vector field/,
    );
    expect(() => defineSchema({ heading: { type: "angle", velocity: "spin" }, spin: "vector" })).toThrow(
      /must be a number field/,
    );
  });

  it("refuses a negative or NaN teleport distance", () => {
    expect(() => defineSchema({ hp: { type: "number", teleportDistance: -1 } })).toThrow(TypeError);
    expect(() => defineSchema({ hp: { type: "number", teleportDistance: NaN } })).toThrow(TypeError);
  });
});
