import { defineSchema } from "../../web-client/src/net/sync/interpolation-schema.js";
import { ANGLE_16_BITS, UNIT_16_BITS } from "../../web-client/src/net/sync/state-codec.js";

/**
 * One player's state in a typical 3-D game: what `setLocalState` is given 20 times a second. A type alias, not an
 * interface, so that it is assignable to the `Record<string, unknown>` that `quantizeState` takes.
 */
export type GameState = {
  position: [number, number, number];
  velocity: [number, number, number];
  rotation: [number, number, number, number];
  heading: number;
  boosting: boolean;
  team: string;
  hp: number;
};

/** One state update as the sender stamps it: `seq` and `time` as `StateSync` sends them. */
export interface StateUpdate {
  seq: number;
  time: number;
  state: GameState;
}

/** The schema a user would declare: the motion fields quantized, the flags left out (they travel by name). */
export const gameSchema = defineSchema({
  position: { type: "vector", precision: 0.01, velocity: "velocity" },
  velocity: { type: "vector", precision: 0.01 },
  rotation: { type: "quaternion", precision: UNIT_16_BITS },
  heading: { type: "angle", precision: ANGLE_16_BITS },
});

/** The same, with the flags declared as "none" fields: they then travel in the tuple, without their names. */
export const gameSchemaWithFlags = defineSchema({
  ...gameSchema,
  boosting: "none",
  team: "none",
  hp: "none",
});

/** 1 January 2026, 12:00 UTC: the shared clock counts from the epoch (performance.timeOrigin + performance.now()). */
const SESSION_START_MS = Date.UTC(2026, 0, 1, 12);

/**
 * `count` consecutive updates at 20 Hz of a player ten minutes into a session: anywhere in a 400 m × 400 m arena,
 * up to 10 m high, running at up to 8 m/s, tilted by up to 0.3 rad; times with the clock's microseconds.
 */
export function gameUpdates(count: number, random: () => number): StateUpdate[] {
  const between = (min: number, max: number): number => min + (max - min) * random();
  const updates: StateUpdate[] = [];
  for (let index = 0; index < count; index++) {
    const heading = between(-Math.PI, Math.PI);
    const tilt = between(-0.3, 0.3);
    // Yaw by the heading, then a tilt about x: a unit quaternion with every component in use.
    const [cy, sy, ct, st] = [Math.cos(heading / 2), Math.sin(heading / 2), Math.cos(tilt / 2), Math.sin(tilt / 2)];
    const seq = 12_000 + index;
    updates.push({
      seq,
      time: SESSION_START_MS + 600_000 + index * 50 + Math.round(between(0, 2000)) / 1000,
      state: {
        position: [between(-200, 200), between(0, 10), between(-200, 200)],
        velocity: [between(-8, 8), between(-2, 2), between(-8, 8)],
        rotation: [cy * st, sy * ct, -sy * st, cy * ct],
        heading,
        boosting: random() < 0.2,
        team: "red",
        hp: Math.ceil(between(0, 100)),
      },
    });
  }
  return updates;
}
