import { compileSchema, type CompiledField, type FieldKind, type InterpolationSchema } from "./interpolation-schema.js";

/**
 * How a state goes on the wire, given its schema: the declared fields as a tuple in schema order (no field names),
 * each quantized when its rule has a `precision` (numbers, vector components and angles become integer multiples
 * of it, which MessagePack stores in 1-5 bytes instead of 9), then one object with any undeclared fields.
 * @example
 * const schema = defineSchema({ position: { type: "vector", precision: 0.01 }, heading: { type: "angle", precision: ANGLE_16_BITS } });
 * const wire = quantizeState(schema, state);   // [[12345, 6789], 8042]
 * const back = dequantizeState(schema, wire);  // every value within precision / 2 of the original
 */

/**
 * An angle's precision for 16 bits per full turn.
 * @example
 * defineSchema({ heading: { type: "angle", precision: ANGLE_16_BITS } });
 */
export const ANGLE_16_BITS = (2 * Math.PI) / 65536;

/**
 * A quaternion component's precision for a 16-bit signed integer.
 * @example
 * defineSchema({ rotation: { type: "quaternion", precision: UNIT_16_BITS } });
 */
export const UNIT_16_BITS = 1 / 32767;

function mapNumbers(value: unknown, map: (n: number) => number): unknown {
  if (typeof value === "number") return map(value);
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === "number" ? map(item) : item));
  return value;
}

/** The state as it goes on the wire. Fields the schema declares but the state lacks travel as null. */
export function quantizeState(schema: InterpolationSchema, state: Record<string, unknown>): unknown[] {
  const fields = compileSchema(schema);
  const wire: unknown[] = fields.map(({ name, precision }) => {
    const value = state[name];
    if (value === undefined) return null;
    return precision === undefined ? value : mapNumbers(value, (n) => Math.round(n / precision));
  });
  const declared = new Set(fields.map((field) => field.name));
  const extras = Object.entries(state).filter(([name, value]) => !declared.has(name) && value !== undefined);
  if (extras.length > 0) wire.push(Object.fromEntries(extras));
  return wire;
}

/**
 * The inverse of quantizeState, on receipt, with the check every peer's state needs: the tuple has the schema's
 * length, and each declared field has its declared shape (finite numbers; vectors and quaternions as arrays of
 * them). Null otherwise.
 */
export function dequantizeState(schema: InterpolationSchema, wire: unknown): Record<string, unknown> | null {
  const fields = compileSchema(schema);
  if (!Array.isArray(wire) || (wire.length !== fields.length && wire.length !== fields.length + 1)) return null;
  const extras: unknown = wire.length > fields.length ? wire[fields.length] : {};
  if (typeof extras !== "object" || extras === null || Array.isArray(extras)) return null;
  const state: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(extras)) {
    if (!fields.some((field) => field.name === name)) state[name] = value;
  }
  for (const [index, field] of fields.entries()) {
    const value: unknown = wire[index];
    if (value === null || value === undefined) continue;
    if (!hasShape(field.type, value)) return null;
    state[field.name] = dequantizeField(field, value);
  }
  return state;
}

function dequantizeField({ precision }: CompiledField, value: unknown): unknown {
  return precision === undefined ? value : mapNumbers(value, (n) => n * precision);
}

const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function hasShape(type: FieldKind, value: unknown): boolean {
  switch (type) {
    case "number":
    case "angle":
      return isFiniteNumber(value);
    case "vector":
      return Array.isArray(value) && value.length <= 4 && value.every(isFiniteNumber);
    case "quaternion":
      return Array.isArray(value) && value.length === 4 && value.every(isFiniteNumber);
    case "none":
      return true;
  }
}
