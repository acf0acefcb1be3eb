import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { defineSchema, type StateOf } from "./interpolation-schema.js";
import { SnapshotBuffer, type Sample } from "./snapshot-buffer.js";

const schema = defineSchema({ position: { type: "vector", velocity: "velocity" }, velocity: "vector", hp: "number" });
type Ship = StateOf<typeof schema>;
const ship = (x: number, vx = 0, hp = 100): Ship => ({ position: [x, 0], velocity: [vx, 0], hp });
const stateOf = (sample: Sample<Ship> | undefined): Ship => sample?.state ?? expect.unreachable();

describe("snapshot buffer", () => {
  const filled = (): SnapshotBuffer<typeof schema> => {
    const buffer = new SnapshotBuffer(schema);
    buffer.push({ time: 1000, seq: 1, state: ship(0, 100) });
    buffer.push({ time: 1050, seq: 2, state: ship(5, 100, 50) });
    buffer.push({ time: 1100, seq: 3, state: ship(10, 100) });
    return buffer;
  };

  it("is empty until the first snapshot", () => {
    expect(new SnapshotBuffer(schema).sample(0)).toBeUndefined();
  });

  it("interpolates between the two snapshots around the render time, exact at each one", () => {
    const buffer = filled();
    expect(buffer.sample(1025)).toEqual({ kind: "interpolated", state: ship(2.5, 100, 75), teleports: 0 });
    expect(stateOf(buffer.sample(1050))).toEqual(ship(5, 100, 50));
    expect(buffer.sample(1100)?.kind).toBe("interpolated");
    expect(buffer.sample(1000)).toEqual({ kind: "interpolated", state: ship(0, 100), teleports: 0 });
  });

  it("holds the oldest snapshot before it", () => {
    expect(filled().sample(900)).toEqual({ kind: "held", state: ship(0, 100), teleports: 0 });
  });

  it("dead-reckons past the newest, up to maxExtrapolationMs, then holds", () => {
    const buffer = filled();
    expect(buffer.sample(1200)).toEqual({
      kind: "extrapolated",
      state: ship(20, 100),
      teleports: 0,
      aheadMs: 100,
      baseSeq: 3,
    });
    expect(stateOf(buffer.sample(1350)).position).toEqual([35, 0]);
    expect(buffer.sample(1351)).toMatchObject({ kind: "extrapolated", aheadMs: 251, state: ship(35, 100) });
    expect(stateOf(buffer.sample(5000)).position).toEqual([35, 0]);
  });

  it("honours a custom maxExtrapolationMs, 0 meaning hold at once", () => {
    const buffer = new SnapshotBuffer(schema, { maxExtrapolationMs: 0 });
    buffer.push({ time: 0, seq: 1, state: ship(0, 100) });
    expect(stateOf(buffer.sample(100)).position).toEqual([0, 0]);
  });

  it("counts samples past the newest as underruns", () => {
    const buffer = filled();
    buffer.sample(1025);
    buffer.sample(1100);
    buffer.sample(1101);
    expect(buffer.stats()).toMatchObject({ samples: 3, underruns: 1 });
  });

  it("drops stale, duplicate, reordered and non-finite snapshots", () => {
    const buffer = filled();
    expect(buffer.push({ time: 1150, seq: 3, state: ship(99) })).toBe(false);
    expect(buffer.push({ time: 1075, seq: 2, state: ship(99) })).toBe(false);
    expect(buffer.push({ time: 1100, seq: 4, state: ship(99) })).toBe(false);
    expect(buffer.push({ time: NaN, seq: 5, state: ship(99) })).toBe(false);
    expect(buffer.push({ time: 1150, seq: 7, state: ship(15) })).toBe(true);
    expect(buffer.stats()).toMatchObject({ size: 4, accepted: 4, dropped: 4 });
    expect(stateOf(buffer.sample(1125)).position).toEqual([12.5, 0]);
  });

  it("snaps into a teleport snapshot instead of gliding, and counts it", () => {
    const buffer = filled();
    buffer.push({ time: 1150, seq: 4, state: ship(1000), teleport: true });
    buffer.push({ time: 1200, seq: 5, state: ship(1010) });
    expect(buffer.sample(1101)).toEqual({ kind: "interpolated", state: ship(1000), teleports: 1 });
    expect(buffer.sample(1100)?.teleports).toBe(0);
    expect(buffer.sample(1175)).toEqual({ kind: "interpolated", state: ship(1005), teleports: 1 });
  });

  it("refuses a capacity under 2 and a negative maxExtrapolationMs", () => {
    expect(() => new SnapshotBuffer(schema, { capacity: 1 })).toThrow(RangeError);
    expect(() => new SnapshotBuffer(schema, { maxExtrapolationMs: -1 })).toThrow(RangeError);
  });

  it("stays bounded, keeps the newest, and only ever moves forward (property)", () => {
    const arrival = fc.record({ seq: fc.integer({ min: 0, max: 200 }), time: fc.integer({ min: 0, max: 10_000 }) });
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 16 }),
        fc.array(arrival, { maxLength: 200, size: "max" }),
        (capacity, arrivals) => {
          const buffer = new SnapshotBuffer(schema, { capacity });
          let newest: { seq: number; time: number } | undefined;
          for (const { seq, time } of arrivals) {
            const isNewer = !newest || (seq > newest.seq && time > newest.time);
            expect(buffer.push({ seq, time, state: ship(time) })).toBe(isNewer);
            if (isNewer) newest = { seq, time };
            expect(buffer.stats().size).toBeLessThanOrEqual(capacity);
          }
          const { size, accepted, dropped, evicted } = buffer.stats();
          expect(accepted + dropped).toBe(arrivals.length);
          expect(size).toBe(accepted - evicted);
          if (newest) expect(stateOf(buffer.sample(newest.time)).position).toEqual([newest.time, 0]);
        },
      ),
    );
  });

  it("interpolates between the neighbours of the render time (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 1, max: 100 }), x: fc.integer({ min: -1000, max: 1000 }) }), {
          minLength: 2,
          maxLength: 20,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (steps, where) => {
          const buffer = new SnapshotBuffer(schema, { capacity: 32 });
          let time = 0;
          const snapshots = steps.map(({ gap, x }, seq) => ({ time: (time += gap), seq, state: ship(x) }));
          snapshots.forEach((snapshot) => buffer.push(snapshot));
          const first = snapshots[0]?.time ?? 0;
          const renderTime = first + where * (time - first);
          const after = snapshots.findIndex((snapshot) => snapshot.time >= renderTime);
          const around = [snapshots[Math.max(0, after - 1)], snapshots[after]].map((s) => s?.state.position[0] ?? 0);
          const sample = buffer.sample(renderTime);
          expect(sample?.kind).toBe("interpolated");
          const x = stateOf(sample).position[0] ?? NaN;
          expect(x).toBeGreaterThanOrEqual(Math.min(...around));
          expect(x).toBeLessThanOrEqual(Math.max(...around));
        },
      ),
    );
  });
});
