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
  /**
   * Other builds of Rallypoint's server (e.g. a copy of signaling-server/dist from before a change), each a column of
   * its own before the others, with environment variables of its own: for before and after in one run.
   */
  builds: { title: string; entry: string; env: Record<string, string> }[];
  /** Titles of the columns to leave out (`;`-separated: titles hold commas). */
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
    builds: parseBuilds(env.BENCH_LOAD_BUILDS ?? ""),
    skipped: (env.BENCH_LOAD_SKIP ?? "")
      .split(";")
      .map((title) => title.trim())
      .filter(Boolean),
  };
}

/** `title=entry KEY=VALUE ...;title=entry ...`: the columns of BENCH_LOAD_BUILDS. */
function parseBuilds(text: string): LoadSettings["builds"] {
  const pair = (text: string): [string, string] => {
    const at = text.indexOf("=");
    return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
  };
  return text
    .split(";")
    .filter((build) => build.trim() !== "")
    .map((build) => {
      const [title, rest] = pair(build);
      const [entry = "", ...variables] = rest.trim().split(/\s+/);
      return { title: `Rallypoint, ${title.trim()}`, entry, env: Object.fromEntries(variables.map(pair)) };
    });
}
