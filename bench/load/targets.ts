import { fileURLToPath } from "node:url";
import { startBenchServer, type BenchServer } from "../support/bench-server.js";
import type { TargetKind } from "./bot-links.js";

export interface Target {
  kind: TargetKind;
  title: string;
  start(timeoutMs: number, nodeArgs?: string[]): Promise<BenchServer>;
}

/** Where `--cpu-prof` writes the server's profile when BENCH_LOAD_CPU_PROFILE is set (gitignored). */
export const PROFILE_DIR = fileURLToPath(new URL("../results/", import.meta.url));

const rallypointEntry = fileURLToPath(new URL("../../signaling-server/dist/main.js", import.meta.url));
/**
 * Every server, the bench's flags: a full garbage collection on SIGUSR2 (see `collectGarbage`), so the idle memory
 * readings count what connections keep rather than the handshakes' garbage still waiting for the collector. A data:
 * URL, so nothing is added to the server's own files.
 */
const GC_ON_SIGNAL = ["--expose-gc", "--import", "data:text/javascript,process.on('SIGUSR2',()=>globalThis.gc())"];
const TSX = ["--import", import.meta.resolve("tsx")];

/**
 * Every bot connects from 127.0.0.1, so the per-IP limits meant for one household would refuse all but the first
 * few rooms: 1000 bots in rooms of 8 create 125 rooms and make 875 joins within seconds. The per-socket relay limits
 * (1000 messages and 1 MiB a second) stay at their defaults: a bot sends 21 messages of under 100 bytes a second.
 */
export const RALLYPOINT_BENCH_ENV: Record<string, string> = {
  ROOM_CREATES_PER_MINUTE: "1000000",
  MAX_ROOMS_PER_IP: "1000000",
  JOIN_ATTEMPTS_PER_MINUTE: "1000000",
};

/** The columns of the report, in order: each is its own server process, started and stopped in turn. */
export function loadTargets(hasPerPeerColumn: boolean): Target[] {
  const rallypoint = (kind: TargetKind, title: string): Target => ({
    kind,
    title,
    start: (timeoutMs, nodeArgs = []) =>
      startBenchServer(rallypointEntry, timeoutMs, {
        env: RALLYPOINT_BENCH_ENV,
        nodeArgs: [...GC_ON_SIGNAL, ...nodeArgs],
      }),
  });
  return [
    rallypoint("rallypoint", "Rallypoint relay"),
    ...(hasPerPeerColumn ? [rallypoint("rallypoint-peer", "Rallypoint, per-peer sends")] : []),
    {
      kind: "socketio",
      title: "plain Socket.IO",
      start: (timeoutMs, nodeArgs = []) => startBaseline("./plain-socketio-server.ts", timeoutMs, nodeArgs),
    },
    {
      kind: "ws",
      title: "raw ws",
      start: (timeoutMs, nodeArgs = []) => startBaseline("./raw-ws-server.ts", timeoutMs, nodeArgs),
    },
  ];
}

function startBaseline(entry: string, timeoutMs: number, nodeArgs: string[]): Promise<BenchServer> {
  return startBenchServer(fileURLToPath(new URL(entry, import.meta.url)), timeoutMs, {
    nodeArgs: [...GC_ON_SIGNAL, ...TSX, ...nodeArgs],
  });
}
