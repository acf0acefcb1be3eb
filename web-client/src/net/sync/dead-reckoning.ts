import { isVector, wrapAngle } from "./interpolate.js";
import { compileSchema, type InterpolationSchema, type StateOf } from "./interpolation-schema.js";

/**
 * Predicts a state `dtMs` milliseconds ahead: each field with a `velocity` in the schema moves by
 * velocity (units per second) × dt; angles stay wrapped to (-π, π]. Every other field, and fields whose value or
 * velocity has the wrong shape, hold. A `dtMs` of 0 or less returns `state` itself. Capping is the caller's job.
 * @example
 * const schema = defineSchema({ position: { type: "vector", velocity: "velocity" }, velocity: "vector" });
 * extrapolateState(schema, { position: [0, 0], velocity: [2, -4] }, 500); // { position: [1, -2], velocity: [2, -4] }
 */
export function extrapolateState<S extends InterpolationSchema, T extends StateOf<S>>(
  schema: S,
  state: T,
  dtMs: number,
): T {
  if (!(dtMs > 0)) return state;
  const seconds = dtMs / 1000;
  const from: Record<string, unknown> = state;
  const result: Record<string, unknown> = { ...from };
  for (const field of compileSchema(schema)) {
    if (field.velocity === undefined) continue;
    const value = from[field.name];
    const velocity = from[field.velocity];
    if (typeof value === "number" && typeof velocity === "number" && Number.isFinite(velocity)) {
      const moved = value + velocity * seconds;
      result[field.name] = field.type === "angle" ? wrapAngle(moved) : moved;
    } else if (isVector(value) && isVector(velocity) && value.length === velocity.length) {
      result[field.name] = value.map((component, i) => component + (velocity[i] ?? 0) * seconds);
    }
  }
  return result as T;
}
