/**
 * A vector as a fixed-length array of numbers: `[x, y]` or `[x, y, z]`. Arrays, not `{x, y}` objects.
 * @example
 * const position: Vector = [12.5, -3, 0];
 */
export type Vector = readonly number[];

/**
 * A rotation as a quaternion `[x, y, z, w]`; interpolation normalizes it, so it need not be exactly unit length.
 * @example
 * const quarterTurnAboutZ: Quaternion = [0, 0, Math.SQRT1_2, Math.SQRT1_2];
 */
export type Quaternion = readonly [number, number, number, number];

/**
 * How one field of a state moves between two snapshots.
 * @example
 * const schema = defineSchema({ position: FieldKind.Vector, flags: FieldKind.None });
 */
export const FieldKind = {
  /** A number, linearly. */
  Number: "number",
  /** A `Vector`, linearly per component. */
  Vector: "vector",
  /** A `Quaternion`, by SLERP along the shortest arc. */
  Quaternion: "quaternion",
  /** An angle in radians, along the shortest arc; results are wrapped to (-π, π]. */
  Angle: "angle",
  /** Not interpolated: takes the newer snapshot's value, as fields the schema leaves out do. */
  None: "none",
} as const;
export type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

/**
 * A field's kind, with options where the kind allows them.
 * @example
 * const rule: FieldRule = { type: "vector", velocity: "velocity", teleportDistance: 50 };
 */
export type FieldRule =
  | FieldKind
  | {
      type: "number" | "angle" | "vector";
      /**
       * When two snapshots differ by more than this, the field snaps to the newer value instead of gliding
       * (Euclidean distance for vectors, radians along the shortest arc for angles). Default: never snaps.
       */
      teleportDistance?: number;
      /**
       * Quantization on the wire: values are rounded to multiples of this step (e.g. 0.01 for positions in 1/100
       * unit, ANGLE_16_BITS for angles). Default: sent exactly.
       */
      precision?: number;
      /**
       * The field holding this one's rate of change per second, for dead reckoning past the newest snapshot.
       * It must be declared too: as "vector" (same length) for a vector, as "number" for a number or an angle.
       * Default: none, the field holds its newest value.
       */
      velocity?: string;
    }
  | {
      type: "quaternion";
      /** When two snapshots' rotations differ by more than this angle (radians), snap. Default: never. */
      teleportDistance?: number;
      /** Quantization step of each component on the wire (e.g. UNIT_16_BITS). Default: sent exactly. */
      precision?: number;
    }
  | { type: "none" };

/**
 * Field name to rule. Fields of a state that the schema leaves out take the newest value.
 * @example
 * const schema: InterpolationSchema = { position: "vector", heading: "angle" };
 */
export type InterpolationSchema = Readonly<Record<string, FieldRule>>;

/**
 * The state type a schema describes; "none" fields are `unknown`, so pass your own narrower type where it matters.
 * @example
 * type Ship = StateOf<typeof schema>; // { position: Vector; heading: number; flags: unknown }
 */
export type StateOf<S extends InterpolationSchema> = {
  -readonly [F in keyof S]: S[F] extends "number" | "angle" | { type: "number" | "angle" }
    ? number
    : S[F] extends "vector" | { type: "vector" }
      ? Vector
      : S[F] extends "quaternion" | { type: "quaternion" }
        ? Quaternion
        : unknown;
};

/**
 * Checks a schema once and keeps its literal types, so `StateOf<typeof schema>` is precise.
 * Throws a TypeError when a `velocity` names a field that is missing or of the wrong kind,
 * or a `teleportDistance` is negative or not a number.
 * @example
 * const schema = defineSchema({
 *   position: { type: "vector", velocity: "velocity", teleportDistance: 50 },
 *   velocity: "vector",
 *   rotation: "quaternion",
 *   heading: "angle",
 *   health: "number",
 *   flags: "none",
 * });
 */
export function defineSchema<const S extends InterpolationSchema>(schema: S): S {
  compileSchema(schema);
  return schema;
}

/**
 * One field's rule with its defaults filled in.
 * @example
 * compileSchema({ hp: "number" }); // [{ name: "hp", type: "number", teleportDistance: Infinity, velocity: undefined, precision: undefined }]
 */
export interface CompiledField {
  name: string;
  type: FieldKind;
  teleportDistance: number;
  velocity: string | undefined;
  /** The wire quantization step, or undefined when the field is sent exactly. */
  precision: number | undefined;
}

// Interpolation runs per remote player per frame: normalize each schema once, not on every call.
const compiled = new WeakMap<InterpolationSchema, readonly CompiledField[]>();

/**
 * The schema's fields with defaults filled in, validated (see `defineSchema`) and cached per schema object.
 * @example
 * for (const field of compileSchema(schema)) if (field.velocity) console.log(field.name, "is dead-reckoned");
 */
export function compileSchema(schema: InterpolationSchema): readonly CompiledField[] {
  const cached = compiled.get(schema);
  if (cached) return cached;
  const fields = Object.entries(schema).map(([name, rule]) => compileField(name, rule));
  for (const field of fields) {
    if (field.velocity === undefined) continue;
    const source = fields.find((other) => other.name === field.velocity);
    const wanted = field.type === "vector" ? "vector" : "number";
    if (source?.type !== wanted) {
      throw new TypeError(
        `"${field.name}" takes its velocity from "${field.velocity}", which must be a ${wanted} field`,
      );
    }
  }
  compiled.set(schema, fields);
  return fields;
}

function compileField(name: string, rule: FieldRule): CompiledField {
  if (typeof rule === "string") {
    return { name, type: rule, teleportDistance: Infinity, velocity: undefined, precision: undefined };
  }
  const teleportDistance = "teleportDistance" in rule ? (rule.teleportDistance ?? Infinity) : Infinity;
  if (Number.isNaN(teleportDistance) || teleportDistance < 0) {
    throw new TypeError(`"${name}" has an invalid teleportDistance: ${teleportDistance}`);
  }
  const velocity = "velocity" in rule ? rule.velocity : undefined;
  const precision = "precision" in rule ? rule.precision : undefined;
  if (precision !== undefined && !(precision > 0 && Number.isFinite(precision))) {
    throw new TypeError(`"${name}" has an invalid precision: ${precision}`);
  }
  return { name, type: rule.type, teleportDistance, velocity, precision };
}
