/**
 * Rallypoint's state codec vs naive JSON and plain MessagePack, side by side in one run: bytes on the wire per
 * state update of a typical game state, and encode/decode speed of the whole path a state takes (quantize, tuple,
 * MessagePack; then MessagePack, zod, dequantize). See README.md; run with `npm run bench:codec`.
 */
import { cpus, loadavg } from "node:os";
import { decode, encode } from "@msgpack/msgpack";
import { PeerFrame, decodeFrame, encodeFrame } from "../shared/src/index.js";
import { dequantizeState, quantizeState } from "../web-client/src/net/sync/state-codec.js";
import type { InterpolationSchema } from "../web-client/src/net/sync/interpolation-schema.js";
import { gameSchema, gameSchemaWithFlags, gameUpdates, type StateUpdate } from "./support/game-states.js";
import { seededRandom } from "./support/random.js";
import { gitCommit, writeResultFile } from "./support/result-file.js";
import { summarize } from "./support/stats.js";
import { table } from "./support/text-table.js";
import { measureThroughput, speedup, type Throughput, type ThroughputOptions } from "./support/throughput.js";
import { envInteger } from "./support/env-integer.js";
import { settingsOrExit } from "./support/bench-main.js";

const UPDATES = 1024;
const SEND_RATE_HZ = 20;
const BYTES_GOAL = 0.3;
const SPEED_GOAL = 2;
const utf8 = new TextEncoder();

/** The full frame on each path, and its inverse with whatever checking that path does. */
const codecs = {
  rallypoint: {
    encode: ({ seq, time, state }: StateUpdate, schema: InterpolationSchema = gameSchema) =>
      encodeFrame({ type: "state", seq, time, payload: quantizeState(schema, state) }),
    decode: (bytes: Uint8Array) => {
      const frame = decodeFrame(bytes);
      return frame?.type === "state" ? dequantizeState(gameSchema, frame.payload) : null;
    },
  },
  json: {
    encode: ({ seq, time, state }: StateUpdate) => JSON.stringify({ type: "state", seq, time, state }),
    decode: (text: string) => JSON.parse(text) as unknown,
  },
  // The same frame zod schema Rallypoint checks every frame with; the state inside stays unchecked (Rallypoint's
  // dequantizeState checks it), which favours this column.
  jsonZod: {
    encode: ({ seq, time, state }: StateUpdate) => JSON.stringify({ type: "state", seq, time, payload: state }),
    decode: (text: string) => PeerFrame.safeParse(JSON.parse(text)).data,
  },
  msgpack: {
    encode: ({ seq, time, state }: StateUpdate) => encode({ type: "state", seq, time, state }),
    decode: (bytes: Uint8Array) => decode(bytes),
  },
};
const COLUMNS = { rallypoint: "Rallypoint", json: "JSON", jsonZod: "JSON + zod", msgpack: "MessagePack (plain)" };
type Column = keyof typeof COLUMNS;

function measureBytes(updates: StateUpdate[]) {
  const sizes = {
    rallypoint: updates.map((update) => codecs.rallypoint.encode(update).byteLength),
    rallypointFlags: updates.map((update) => codecs.rallypoint.encode(update, gameSchemaWithFlags).byteLength),
    json: updates.map((update) => utf8.encode(codecs.json.encode(update)).byteLength),
    msgpack: updates.map((update) => codecs.msgpack.encode(update).byteLength),
  };
  return Object.fromEntries(Object.entries(sizes).map(([name, values]) => [name, summarize(values)])) as {
    [K in keyof typeof sizes]: ReturnType<typeof summarize>;
  };
}

type SpeedKind = "encode" | "decode" | "roundTrip";

function measureSpeed(
  updates: StateUpdate[],
  options: ThroughputOptions,
): Record<SpeedKind, Record<Column, Throughput>> {
  const at = (index: number): StateUpdate => updates[index % updates.length] as StateUpdate;
  const wire = {
    rallypoint: updates.map((update) => codecs.rallypoint.encode(update)),
    json: updates.map((update) => codecs.json.encode(update)),
    jsonZod: updates.map((update) => codecs.jsonZod.encode(update)),
    msgpack: updates.map((update) => codecs.msgpack.encode(update)),
  };
  const input = <T>(list: T[], index: number): T => list[index % list.length] as T;
  const encodes = {
    rallypoint: (i: number) => codecs.rallypoint.encode(at(i)).byteLength,
    json: (i: number) => codecs.json.encode(at(i)).length,
    jsonZod: (i: number) => codecs.jsonZod.encode(at(i)).length,
    msgpack: (i: number) => codecs.msgpack.encode(at(i)).byteLength,
  };
  const decodes = {
    rallypoint: (i: number) => (codecs.rallypoint.decode(input(wire.rallypoint, i)) ? 1 : 0),
    json: (i: number) => (codecs.json.decode(input(wire.json, i)) ? 1 : 0),
    jsonZod: (i: number) => (codecs.jsonZod.decode(input(wire.jsonZod, i)) ? 1 : 0),
    msgpack: (i: number) => (codecs.msgpack.decode(input(wire.msgpack, i)) ? 1 : 0),
  };
  const roundTrips = {
    rallypoint: (i: number) => (codecs.rallypoint.decode(codecs.rallypoint.encode(at(i))) ? 1 : 0),
    json: (i: number) => (codecs.json.decode(codecs.json.encode(at(i))) ? 1 : 0),
    jsonZod: (i: number) => (codecs.jsonZod.decode(codecs.jsonZod.encode(at(i))) ? 1 : 0),
    msgpack: (i: number) => (codecs.msgpack.decode(codecs.msgpack.encode(at(i))) ? 1 : 0),
  };
  return {
    encode: measureThroughput(encodes, options),
    decode: measureThroughput(decodes, options),
    roundTrip: measureThroughput(roundTrips, options),
  };
}

/** The largest difference between each update and what came out of the Rallypoint path, per kind of field. */
function roundTripErrors(updates: StateUpdate[]) {
  const errors = { positionM: 0, velocityMs: 0, rotation: 0, headingRad: 0, flagsChanged: 0, rejected: 0 };
  const diff = (a: readonly number[], b: unknown): number =>
    Math.max(...a.map((value, i) => Math.abs(value - ((b as number[])[i] ?? NaN))));
  for (const update of updates) {
    const back = codecs.rallypoint.decode(codecs.rallypoint.encode(update));
    if (!back) {
      errors.rejected++;
      continue;
    }
    const { position, velocity, rotation, heading, boosting, team, hp } = update.state;
    errors.positionM = Math.max(errors.positionM, diff(position, back.position));
    errors.velocityMs = Math.max(errors.velocityMs, diff(velocity, back.velocity));
    errors.rotation = Math.max(errors.rotation, diff(rotation, back.rotation));
    const turn = Math.abs(heading - Number(back.heading)) % (2 * Math.PI);
    errors.headingRad = Math.max(errors.headingRad, Math.min(turn, 2 * Math.PI - turn));
    if (back.boosting !== boosting || back.team !== team || back.hp !== hp) errors.flagsChanged++;
  }
  return errors;
}

function readSettings(env: Record<string, string | undefined>): ThroughputOptions & { seed: number } {
  const integer = (name: string, fallback: number, min: number): number => envInteger(env, name, fallback, min);
  return {
    rounds: integer("BENCH_ROUNDS", 31, 1),
    roundMs: integer("BENCH_ROUND_MS", 25, 5),
    warmupMs: integer("BENCH_WARMUP_MS", 250, 0),
    seed: integer("BENCH_SEED", 1, 0),
  };
}

async function main(): Promise<number> {
  const settings = settingsOrExit(readSettings);
  const startedAt = new Date().toISOString();
  const updates = gameUpdates(UPDATES, seededRandom(settings.seed));
  const bytes = measureBytes(updates);
  const accuracy = roundTripErrors(updates);
  const speed = measureSpeed(updates, settings);
  // Other processes slow every column alike (rounds alternate), but the absolute ops/s move with them.
  const environment = { node: process.version, commit: gitCommit(), cpus: cpus().length, loadAverage: loadavg()[0] };

  const mean = (summary: ReturnType<typeof summarize>): number => summary?.mean ?? NaN;
  const byteColumns = [bytes.rallypoint, bytes.rallypointFlags, bytes.json, bytes.msgpack];
  const bytesRatio = mean(bytes.rallypoint) / mean(bytes.json);
  const ops = (column: Column, kind: SpeedKind): number => speed[kind][column].opsPerSecond?.median ?? NaN;
  const columns = Object.keys(COLUMNS) as Column[];
  const faster = (column: Column): number => speedup(speed.roundTrip.rallypoint, speed.roundTrip[column]);
  const goal = (isMet: boolean): string => (isMet ? "MET" : "NOT MET");
  const kOps = (value: number): string => `${(value / 1000).toFixed(0)}k`;

  console.log(
    [
      `Rallypoint state codec vs JSON and plain MessagePack, Node ${environment.node}, ${environment.commit}, ` +
        `${environment.cpus} CPUs, load average ${environment.loadAverage?.toFixed(1)}`,
      "",
      `${UPDATES} updates of { position [x,y,z], velocity [x,y,z], rotation quaternion, heading, boosting, team, hp }, ` +
        `seed ${settings.seed}; position/velocity precision 0.01, rotation UNIT_16_BITS, heading ANGLE_16_BITS`,
      "",
      "(a) Bytes per state update: the whole frame { type: 'state', seq, time, state }",
      ...table(
        ["", "Rallypoint", "Rallypoint, flags declared", "JSON", "MessagePack (plain)"],
        [
          ["bytes: mean", ...byteColumns.map((summary) => mean(summary).toFixed(1))],
          ["bytes: min-max", ...byteColumns.map((summary) => `${summary?.min ?? "-"}-${summary?.max ?? "-"}`)],
          ["x JSON", ...byteColumns.map((summary) => (mean(summary) / mean(bytes.json)).toFixed(2))],
          [
            `bytes per player-second at ${SEND_RATE_HZ} Hz`,
            ...byteColumns.map((s) => (SEND_RATE_HZ * mean(s)).toFixed(0)),
          ],
        ],
      ),
      `Round trip through Rallypoint: max error position ${accuracy.positionM.toFixed(4)} m, velocity ` +
        `${accuracy.velocityMs.toFixed(4)} m/s, rotation ${accuracy.rotation.toExponential(1)}, heading ` +
        `${accuracy.headingRad.toExponential(1)} rad; flags changed ${accuracy.flagsChanged}, rejected ${accuracy.rejected}`,
      `Goal <= ${BYTES_GOAL}x JSON: ${goal(bytesRatio <= BYTES_GOAL)} (${bytesRatio.toFixed(2)}x: ` +
        `${mean(bytes.rallypoint).toFixed(1)} vs ${mean(bytes.json).toFixed(1)} bytes)`,
      "",
      `(b) Speed, ops per CPU second: median of ${settings.rounds} alternating rounds of ${settings.roundMs} ms ` +
        `after ${settings.warmupMs} ms warm-up; speed-ups are medians of the per-round ratios`,
      ...table(
        ["", ...columns.map((column) => COLUMNS[column])],
        [
          ...(["encode", "decode", "roundTrip"] as const).map((kind) => [
            kind === "roundTrip" ? "encode + decode" : kind,
            ...columns.map((column) => kOps(ops(column, kind))),
          ]),
          ["Rallypoint speed-up (encode + decode)", ...columns.map((column) => `${faster(column).toFixed(2)}x`)],
        ],
      ),
      `Goal >= ${SPEED_GOAL}x JSON (encode + decode): ${goal(faster("json") >= SPEED_GOAL)} ` +
        `(${faster("json").toFixed(2)}x JSON.stringify + JSON.parse; ${faster("jsonZod").toFixed(2)}x with the zod check)`,
    ].join("\n"),
  );
  const file = await writeResultFile("state-codec", startedAt, {
    startedAt,
    settings: { ...settings, updates: UPDATES, sendRateHz: SEND_RATE_HZ },
    environment,
    bytes,
    accuracy,
    speed,
  });
  console.log(`\nFull results: ${file}`);
  return 0;
}

process.exit(await main());
