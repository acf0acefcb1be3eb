import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startBenchServer, type BenchServer, type BenchServerOptions } from "../support/bench-server.js";
import type { TargetKind } from "./bot-links.js";
import type { LoadSettings } from "./load-settings.js";

export interface Target {
  kind: TargetKind;
  title: string;
  /** A flooder (flooder.ts) in a room of its own sends 2 KB events as fast as it can while the load runs. */
  isFlooded?: boolean;
  /** `options` come on top of the target's own: node flags after its own, environment merged. */
  start(timeoutMs: number, options: Required<BenchServerOptions>): Promise<BenchServer>;
}

/** Where `--cpu-prof` writes the server's profile when BENCH_LOAD_CPU_PROFILE is set (gitignored). */
export const PROFILE_DIR = fileURLToPath(new URL("../results/", import.meta.url));

const rallypointEntry = fileURLToPath(new URL("../../signaling-server/dist/main.js", import.meta.url));
const TSX = ["--import", import.meta.resolve("tsx")];

/** The title of the current build's column, which the goals are about. */
export const RALLYPOINT = "Rallypoint relay";
/** What a flooded column's title adds to its quiet twin's. */
export const FLOODED = ", flooded";

/**
 * Every bot connects from 127.0.0.1, so the per-IP limits meant for one household would refuse all but the first
 * few rooms (and connections): 1000 bots in rooms of 8 create 125 rooms and make 875 joins within seconds. The per-socket relay limits
 * (1000 messages and 1 MiB a second) stay at their defaults: a bot sends 21 messages of under 100 bytes a second.
 */
export const RALLYPOINT_BENCH_ENV: Record<string, string> = {
  ROOM_CREATES_PER_MINUTE: "1000000",
  MAX_ROOMS_PER_IP: "1000000",
  JOIN_ATTEMPTS_PER_MINUTE: "1000000",
  MAX_CONNECTIONS_PER_IP: "1000000",
};

/**
 * Both Socket.IO servers (the plain one reads the same variables): a 2 s heartbeat as in production, but 20 s
 * instead of 3 s to answer it. The bots share the machine with the server: a bot thread that falls seconds behind
 * reading would otherwise be dropped by Socket.IO's heartbeat (on either side) within 5 s, and the run would measure
 * the heartbeat policy against a starved generator rather than the relay. Slow readers are still dropped by
 * Rallypoint's own send-buffer bounds, and counted.
 */
export const HEARTBEAT_BENCH_ENV: Record<string, string> = {
  HEARTBEAT_INTERVAL_MS: "2000",
  HEARTBEAT_TIMEOUT_MS: "20000",
};

/**
 * The columns of the report, in order: each is its own server process, started and stopped in turn. Rallypoint runs
 * as each of `builds` (other builds, e.g. from before a change), then with its default state batching (at the end of each
 * event-loop turn), each of those two also flooded (`isFlooded`), without batching (`RELAY_STATE_BATCH=off`), then with a tick of
 * `batchTickMs` when that is above 0. Columns whose titles are in `skipped` are left out.
 */
export function loadTargets({ hasListColumn, batchTickMs, isFlooded, builds, skipped }: LoadSettings): Target[] {
  const rallypoint = (
    kind: TargetKind,
    title: string,
    serverEnv: Record<string, string> = {},
    entry = rallypointEntry,
  ): Target => ({
    kind,
    title,
    start: (timeoutMs, { nodeArgs, env }) =>
      startBenchServer(entry, timeoutMs, {
        env: { ...RALLYPOINT_BENCH_ENV, ...HEARTBEAT_BENCH_ENV, ...serverEnv, ...env },
        nodeArgs,
      }),
  });
  // Each with its flooded twin when `isFlooded`.
  const withFlood = (target: Target): Target[] =>
    isFlooded ? [target, { ...target, title: `${target.title}${FLOODED}`, isFlooded: true }] : [target];
  const all: Target[] = [
    ...builds.flatMap(({ title, entry, env }) => withFlood(rallypoint("rallypoint", title, env, resolve(entry)))),
    ...withFlood(rallypoint("rallypoint", RALLYPOINT)),
    rallypoint("rallypoint", "Rallypoint, no batching", { RELAY_STATE_BATCH: "off" }),
    ...(batchTickMs > 0
      ? [rallypoint("rallypoint", `Rallypoint, ${batchTickMs} ms tick`, { RELAY_STATE_BATCH: String(batchTickMs) })]
      : []),
    ...(hasListColumn ? [rallypoint("rallypoint-list", "Rallypoint, list sends")] : []),
    {
      kind: "socketio",
      title: "plain Socket.IO",
      start: (timeoutMs, { nodeArgs, env }) =>
        startBaseline("./plain-socketio-server.ts", timeoutMs, { nodeArgs, env: { ...HEARTBEAT_BENCH_ENV, ...env } }),
    },
    {
      kind: "ws",
      title: "raw ws",
      start: (timeoutMs, options) => startBaseline("./raw-ws-server.ts", timeoutMs, options),
    },
  ];
  return all.filter((target) => !skipped.includes(target.title));
}

function startBaseline(
  entry: string,
  timeoutMs: number,
  { nodeArgs, env }: Required<BenchServerOptions>,
): Promise<BenchServer> {
  return startBenchServer(fileURLToPath(new URL(entry, import.meta.url)), timeoutMs, {
    nodeArgs: [...TSX, ...nodeArgs],
    env,
  });
}
