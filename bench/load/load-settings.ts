import { envInteger } from "../support/env-integer.js";

/** The knobs of one load run; README.md documents each variable. */
export interface LoadSettings {
  bots: number;
  roomSize: number;
  stateHz: number;
  eventHz: number;
  warmupSeconds: number;
  seconds: number;
  threads: number;
  pings: number;
  timeoutMs: number;
  /** Rallypoint's server writes a V8 CPU profile (`--cpu-prof`) into bench/results/ when it stops. */
  isProfiling: boolean;
  /** Adds a column: Rallypoint's server with each frame sent once to the list of the other members. */
  hasListColumn: boolean;
  /** Above 0: adds a column, Rallypoint's server batching state on a tick of this many ms (`RELAY_STATE_BATCH`). */
  batchTickMs: number;
  /** The server on one core and the bots on the other (`taskset`), so that players per core is measured. */
  isPinned: boolean;
  /** Adds a column: Rallypoint's server flooded by one client in another room (flooder.ts). */
  isFlooded: boolean;
  /** A built server's entry (e.g. a copy of signaling-server/dist/main.js from before a change): a column of its own. */
  beforeEntry: string | undefined;
  /** Titles of the columns to leave out. */
  skipped: string[];
}

export function readLoadSettings(env: Record<string, string | undefined>): LoadSettings {
  const integer = (name: string, fallback: number, min: number): number => envInteger(env, name, fallback, min);
  return {
    bots: integer("BENCH_LOAD_BOTS", 1000, 2),
    roomSize: integer("BENCH_LOAD_ROOM_SIZE", 8, 2),
    stateHz: integer("BENCH_LOAD_STATE_HZ", 20, 1),
    eventHz: integer("BENCH_LOAD_EVENT_HZ", 1, 0),
    warmupSeconds: integer("BENCH_LOAD_WARMUP_S", 3, 0),
    seconds: integer("BENCH_LOAD_SECONDS", 15, 1),
    threads: integer("BENCH_LOAD_THREADS", 2, 1),
    pings: integer("BENCH_LOAD_PINGS", 200, 1),
    timeoutMs: integer("BENCH_LOAD_TIMEOUT_MS", 300_000, 10_000),
    isProfiling: integer("BENCH_LOAD_CPU_PROFILE", 0, 0) > 0,
    hasListColumn: integer("BENCH_LOAD_LIST", 0, 0) > 0,
    batchTickMs: integer("BENCH_LOAD_BATCH_TICK_MS", 0, 0),
    isPinned: integer("BENCH_LOAD_PIN", 0, 0) > 0,
    isFlooded: integer("BENCH_LOAD_FLOOD", 0, 0) > 0,
    beforeEntry: env.BENCH_LOAD_BEFORE || undefined,
    skipped: (env.BENCH_LOAD_SKIP ?? "")
      .split(",")
      .map((title) => title.trim())
      .filter(Boolean),
  };
}
