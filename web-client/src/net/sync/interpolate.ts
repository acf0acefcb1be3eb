import {
  compileSchema,
  type CompiledField,
  type InterpolationSchema,
  type Quaternion,
  type StateOf,
  type Vector,
} from "./interpolation-schema.js";

const IDENTITY: Quaternion = [0, 0, 0, 1];
// Past this |cos θ| the SLERP weights divide by a vanishing sin θ; a normalized lerp is exact enough there.
const NEARLY_PARALLEL = 0.9995;

const clamp01 = (t: number): number => (t > 0 ? (t < 1 ? t : 1) : 0);

/**
 * Linear interpolation, `t` clamped to [0, 1]. Exact at both ends and never outside [min(a, b), max(a, b)].
 * @example
 * lerp(10, 20, 0.25); // 12.5
 */
export function lerp(a: number, b: number, t: number): number {
  const s = clamp01(t);
  // Computing from the nearer end makes t = 1 return b exactly (a + (b - a) * 1 may not).
  const value = s <= 0.5 ? a + (b - a) * s : b - (b - a) * (1 - s);
  return Math.min(Math.max(value, Math.min(a, b)), Math.max(a, b));
}

/**
 * `lerp` per component. Throws a RangeError when the lengths differ.
 * @example
 * lerpVector([0, 0, 0], [10, 20, 30], 0.5); // [5, 10, 15]
 */
export function lerpVector(a: Vector, b: Vector, t: number): number[] {
  if (a.length !== b.length) throw new RangeError(`Vectors of lengths ${a.length} and ${b.length}`);
  return a.map((value, i) => lerp(value, b[i] ?? value, t));
}

/**
 * An angle in radians wrapped to (-π, π].
 * @example
 * wrapAngle(3 * Math.PI); // Math.PI
 */
export function wrapAngle(angle: number): number {
  const wrapped = angle - 2 * Math.PI * Math.ceil((angle - Math.PI) / (2 * Math.PI));
  // 2π is not exact in floating point: correct the rare result that lands just outside the interval.
  if (wrapped > Math.PI) return wrapped - 2 * Math.PI;
  if (wrapped <= -Math.PI) return wrapped + 2 * Math.PI;
  return wrapped;
}

/**
 * Interpolates two angles (radians) along the shortest arc, `t` clamped to [0, 1]; the result is in (-π, π].
 * @example
 * lerpAngle(3, -3, 0.5); // ±π: through the back, not through 0
 */
export function lerpAngle(a: number, b: number, t: number): number {
  return wrapAngle(a + wrapAngle(b - a) * clamp01(t));
}

/**
 * Spherical interpolation of rotations, `t` clamped to [0, 1]: constant angular speed along the shortest arc
 * (q and -q are the same rotation, so `b` is negated when that is nearer), a normalized lerp when the two are
 * nearly parallel. The result is unit length; t = 0 gives `a` and t = 1 gives `b` or `-b`, normalized.
 * A zero or non-finite input counts as the identity.
 * @example
 * slerp([0, 0, 0, 1], [0, 0, Math.SQRT1_2, Math.SQRT1_2], 0.5); // 45° about z
 */
export function slerp(a: Quaternion, b: Quaternion, t: number): Quaternion {
  const s = clamp01(t);
  const p = normalize(a);
  const q = normalize(b);
  let cos = p[0] * q[0] + p[1] * q[1] + p[2] * q[2] + p[3] * q[3];
  const sign = cos < 0 ? -1 : 1;
  cos *= sign;
  let wp = 1 - s;
  let wq = sign * s;
  if (cos < NEARLY_PARALLEL) {
    const theta = Math.acos(cos);
    const sin = Math.sin(theta);
    wp = Math.sin((1 - s) * theta) / sin;
    wq = (sign * Math.sin(s * theta)) / sin;
  }
  return normalize([wp * p[0] + wq * q[0], wp * p[1] + wq * q[1], wp * p[2] + wq * q[2], wp * p[3] + wq * q[3]]);
}

/**
 * The angle (radians, in [0, π]) of the rotation from `a` to `b`.
 * @example
 * rotationAngle([0, 0, 0, 1], [0, 0, 1, 0]); // π
 */
export function rotationAngle(a: Quaternion, b: Quaternion): number {
  const p = normalize(a);
  const q = normalize(b);
  const cos = Math.abs(p[0] * q[0] + p[1] * q[1] + p[2] * q[2] + p[3] * q[3]);
  return 2 * Math.acos(Math.min(1, cos));
}

function normalize(q: Quaternion): Quaternion {
  const length = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  if (!(length > 0) || !Number.isFinite(length)) return IDENTITY;
  return [q[0] / length, q[1] / length, q[2] / length, q[3] / length];
}

/**
 * Interpolates two states field by field as the schema says, `t` in [0, 1] from `a` (older) to `b` (newer).
 * Fields without a rule, "none" fields, fields beyond their `teleportDistance`, and values of the wrong shape
 * (peers are untrusted) take `b`'s value. Never mutates its inputs; the result may share values with `b`.
 * @example
 * const schema = defineSchema({ position: "vector", heading: "angle" });
 * interpolateState(schema, { position: [0, 0], heading: 3 }, { position: [10, 0], heading: -3 }, 0.5);
 * // { position: [5, 0], heading: ±π }
 */
export function interpolateState<S extends InterpolationSchema, T extends StateOf<S>>(
  schema: S,
  a: T,
  b: T,
  t: number,
): T {
  const from: Record<string, unknown> = a;
  const to: Record<string, unknown> = b;
  const result: Record<string, unknown> = { ...to };
  for (const field of compileSchema(schema)) {
    const value = interpolateField(field, from[field.name], to[field.name], t);
    if (value !== undefined) result[field.name] = value;
  }
  return result as T;
}

/** The interpolated value, or undefined to keep the newer one. */
function interpolateField(field: CompiledField, a: unknown, b: unknown, t: number): unknown {
  switch (field.type) {
    case "number":
      if (!isNumber(a) || !isNumber(b) || Math.abs(b - a) > field.teleportDistance) return undefined;
      return lerp(a, b, t);
    case "angle":
      if (!isNumber(a) || !isNumber(b) || Math.abs(wrapAngle(b - a)) > field.teleportDistance) return undefined;
      return lerpAngle(a, b, t);
    case "vector":
      if (!isVector(a) || !isVector(b) || a.length !== b.length) return undefined;
      if (distance(a, b) > field.teleportDistance) return undefined;
      return lerpVector(a, b, t);
    case "quaternion":
      if (!isQuaternion(a) || !isQuaternion(b) || rotationAngle(a, b) > field.teleportDistance) return undefined;
      return slerp(a, b, t);
    case "none":
      return undefined;
  }
}

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * Whether a value is a `Vector`: an array of finite numbers.
 * @example
 * isVector([1, 2]); // true
 */
export function isVector(value: unknown): value is Vector {
  return Array.isArray(value) && value.every(isNumber);
}

const isQuaternion = (value: unknown): value is Quaternion => isVector(value) && value.length === 4;

const distance = (a: Vector, b: Vector): number =>
  Math.sqrt(a.reduce((sum, value, i) => sum + (value - (b[i] ?? value)) ** 2, 0));
