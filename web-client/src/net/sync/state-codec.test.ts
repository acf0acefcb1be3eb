import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeFrame, encodeFrame } from "@rallypoint/protocol";
import { ANGLE_16_BITS, UNIT_16_BITS, dequantizeState, quantizeState } from "./state-codec.js";
import { defineSchema } from "./interpolation-schema.js";

const schema = defineSchema({
  position: { type: "vector", precision: 0.01 },
  velocity: "vector",
  heading: { type: "angle", precision: ANGLE_16_BITS },
  rotation: { type: "quaternion", precision: UNIT_16_BITS },
  health: { type: "number", precision: 1 },
  flags: "none",
});

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const unit = fc.double({ min: -1, max: 1, noNaN: true });
const state = fc.record({
  position: fc.array(finite, { minLength: 2, maxLength: 3 }),
  velocity: fc.array(finite, { minLength: 2, maxLength: 3 }),
  heading: fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
  rotation: fc.tuple(unit, unit, unit, unit),
  health: fc.double({ min: 0, max: 100, noNaN: true }),
  flags: fc.record({ boosting: fc.boolean(), team: fc.string() }),
});

/** Through the whole wire path: quantize, the MessagePack frame both ways, dequantize. */
function roundTrip(value: Record<string, unknown>): Record<string, unknown> | null {
  const frame = decodeFrame(encodeFrame({ type: "state", seq: 1, time: 0, payload: quantizeState(schema, value) }));
  if (frame?.type !== "state") throw new Error("not a state frame");
  return dequantizeState(schema, frame.payload);
}

describe("state codec", () => {
  it("round-trips every schema type within half its quantization step", () => {
    fc.assert(
      fc.property(state, (original) => {
        const back = roundTrip(original);
        if (!back) throw new Error("rejected a valid state");
        const close = (actual: unknown, expected: number[] | number, step: number): void => {
          const a = [actual].flat() as number[];
          [expected].flat().forEach((value, index) => {
            expect(Math.abs((a[index] ?? NaN) - value)).toBeLessThanOrEqual(step / 2 + 1e-9);
          });
        };
        close(back.position, original.position, 0.01);
        close(back.heading, original.heading, ANGLE_16_BITS);
        close(back.rotation, [...original.rotation], UNIT_16_BITS);
        close(back.health, original.health, 1);
        expect(back.velocity).toEqual(original.velocity.map((n) => n + 0)); // no precision: exact (MessagePack has no -0)
        expect(back.flags).toEqual(original.flags); // no rule: as it was
      }),
    );
  });

  it("makes a typical quantized state under a third of naive JSON", () => {
    const schema = defineSchema({
      position: { type: "vector", precision: 0.01 },
      velocity: { type: "vector", precision: 0.01 },
      heading: { type: "angle", precision: ANGLE_16_BITS },
      health: "number",
      flags: "none",
    });
    const typical = {
      position: [123.45, 67.89],
      velocity: [10.5, -3.25],
      heading: 1.234,
      health: 87,
      flags: { boosting: true },
    };
    const wire = encodeFrame({
      type: "state",
      seq: 1000,
      time: 1_795_000_000_000,
      payload: quantizeState(schema, typical),
    });
    const json = JSON.stringify({ type: "state", seq: 1000, time: 1_795_000_000_000, payload: typical });
    expect(wire.byteLength).toBeLessThan(json.length / 3);
  });

  it("rejects a peer's state that does not fit the schema", () => {
    const ok = quantizeState(schema, { position: [1, 2] });
    const withField = (index: number, value: unknown): unknown[] => ok.map((item, i) => (i === index ? value : item));
    const bad = [
      null,
      7,
      { position: [1, 2] },
      [1, 2],
      withField(0, "here"),
      withField(2, Infinity),
      withField(3, [0, 0, 1]),
      withField(0, [1, "2"]),
      [...ok, [1]],
      [...ok, { x: 1 }, 2],
    ];
    for (const wire of bad) expect(dequantizeState(schema, wire), JSON.stringify(wire)).toBeNull();
    expect(dequantizeState(schema, quantizeState(schema, { anything: "else" }))).toEqual({ anything: "else" });
  });
});
