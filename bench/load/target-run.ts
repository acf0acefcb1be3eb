import type { ResourceStack } from "../support/resource-stack.js";
import { summarize, type Summary } from "../support/stats.js";
import type { LoadSettings } from "./load-settings.js";
import { now } from "./pinger.js";
import { machineBusyMs, ownCpuMs, processCpuMs, processRssBytes } from "./process-usage.js";
import { memoryProbe, type ServerMemory } from "./server-memory.js";
import { pinToCpu, PINNED_CPUS } from "./cpu-pinning.js";
import { ProgressLine } from "./progress-line.js";
import type { FloodResult, RoomPlan } from "./swarm-protocol.js";
import type { SwarmPool } from "./swarm-pool.js";
import { mergeTallies, type TallyData } from "./tally.js";
import { PROFILE_DIR, type Target } from "./targets.js";

const STEP_TIMEOUT_MS = 20_000;
/** Before each RSS reading: the server settles after starting, and after the last bot's handshake. */
const SETTLE_MS = 2000;
/** After the bots stop, the count of received messages must hold still this long before it is read... */
const QUIET_MS = 500;
/** ...or this much time pass: what has not arrived by then is lost. */
const DRAIN_LIMIT_MS = 10_000;
const PING_EVERY_MS = 100;

/** Everything measured against one server. */
export interface TargetResult {
  kind: Target["kind"];
  title: string;
  isFlooded: boolean;
  bots: number;
  connectFailures: string[];
  /** Connections of the idle-memory reading: the bots and the ping pair. */
  connections: number;
  /** From the first handshake to the last bot seated (its create or join answered): all threads at once. */
  connectSeconds: number;
  /** After a full garbage collection, with no connections and with every bot seated and idle. */
  memory: { noConnections: ServerMemory; idle: ServerMemory };
  /** RSS at the end of the load (no collection forced). */
  underLoadRssBytes: number;
  rttIdle: { summary: Summary | null; lost: number };
  rttUnderLoad: { summary: Summary | null; lost: number };
  measuredSeconds: number;
  tally: TallyData;
  latency: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** CPU time over the measured window per second of it: 100 is one core busy. */
  serverCpuPercent: number;
  generatorCpuPercent: number;
  /** Every other process on the machine over the same window (a test run alongside): CPU the two above lacked. */
  otherCpuPercent: number;
  /** Rallypoint's own /metrics counters after the run (relayed, rate-limited, dropped); empty for the baselines. */
  serverCounters: Record<string, number>;
  /** The flooded column's flooder: what it sent over how long, and why the server cut it, if it did. */
  flood: (FloodResult & { seconds: number }) | undefined;
}

/**
 * One column of the report: starts the target's server, reads its RSS with no connections and with every bot
 * seated and idle, times round trips at idle, runs the load with a progress line, then closes the bots and the server.
 */
export async function runTarget(
  target: Target,
  settings: LoadSettings,
  pool: SwarmPool,
  resources: ResourceStack,
): Promise<TargetResult> {
  const profile = settings.isProfiling ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const memory = memoryProbe(target.kind);
  const server = await target.start(STEP_TIMEOUT_MS, {
    nodeArgs: [...memory.options.nodeArgs, ...profile],
    env: memory.options.env,
  });
  await resources.add(target.title, () => server.stop());
  if (settings.isPinned) pinToCpu(server.pid, PINNED_CPUS.server);
  await sleep(SETTLE_MS);
  const noConnections = await memory.read(server.pid);

  const rooms = roomPlans(settings.bots, settings.roomSize);
  const connectFrom = now();
  const connected = await pool.all((index) => ({
    type: "connect" as const,
    target: target.kind,
    url: server.url,
    rooms: rooms.filter((_, room) => room % pool.size === index),
    hasPingPair: index === 0,
  }));
  const bots = connected.reduce((sum, result) => sum + result.bots, 0);
  const connectFailures = connected.flatMap((result) => result.failures);
  const connectSeconds = (now() - connectFrom) / 1000;
  await sleep(SETTLE_MS);
  const idle = await memory.read(server.pid);
  const connections = bots + 2;
  const rttIdle = await pool.ask(0, { type: "ping", count: settings.pings });

  const startsAt = now() + 100;
  const plan = {
    stateHz: settings.stateHz,
    eventHz: settings.eventHz,
    measureFrom: startsAt + settings.warmupSeconds * 1000,
    measureUntil: startsAt + (settings.warmupSeconds + settings.seconds) * 1000,
    pingEveryMs: PING_EVERY_MS,
  };
  await pool.all({ type: "load", plan });
  const flooderThread = pool.size - 1;
  if (target.isFlooded) await pool.ask(flooderThread, { type: "flood", url: server.url });
  const floodFrom = now();
  const progress = new ProgressLine(target.title, pool, server.pid, startsAt, plan);
  await progress.runUntil(plan.measureFrom);
  const [serverCpuFrom, generatorCpuFrom, machineFrom, from] = [
    processCpuMs(server.pid),
    ownCpuMs(),
    machineBusyMs(),
    now(),
  ];
  await progress.runUntil(plan.measureUntil);
  const [serverCpuUntil, generatorCpuUntil, machineUntil, until] = [
    processCpuMs(server.pid),
    ownCpuMs(),
    machineBusyMs(),
    now(),
  ];
  const underLoadBytes = processRssBytes(server.pid);
  const flood = target.isFlooded
    ? { ...(await pool.ask(flooderThread, { type: "unflood" })), seconds: (now() - floodFrom) / 1000 }
    : undefined;
  await progress.drain(QUIET_MS, DRAIN_LIMIT_MS);
  progress.end();

  const results = await pool.all({ type: "tally" });
  const { data: tally, latency } = mergeTallies(results.map((result) => result.tally));
  const pingUnderLoad = results.map((result) => result.pingUnderLoad);
  const isRallypoint = target.kind === "rallypoint" || target.kind === "rallypoint-list";
  const serverCounters = isRallypoint ? await rallypointCounters(server.url) : {};
  await pool.all({ type: "close" });
  await server.stop();

  const windowMs = until - from;
  return {
    kind: target.kind,
    title: target.title,
    isFlooded: target.isFlooded === true,
    bots,
    connectFailures,
    connections,
    connectSeconds,
    memory: { noConnections, idle },
    underLoadRssBytes: underLoadBytes,
    rttIdle: { summary: summarize(rttIdle.rttsMs), lost: rttIdle.lost },
    rttUnderLoad: {
      summary: summarize(pingUnderLoad.flatMap((ping) => ping.rttsMs)),
      lost: pingUnderLoad.reduce((sum, ping) => sum + ping.lost, 0),
    },
    measuredSeconds: settings.seconds,
    tally,
    latency: {
      p50: latency.percentile(0.5),
      p95: latency.percentile(0.95),
      p99: latency.percentile(0.99),
      max: latency.max,
      mean: latency.mean(),
    },
    serverCpuPercent: ((serverCpuUntil - serverCpuFrom) / windowMs) * 100,
    generatorCpuPercent: ((generatorCpuUntil - generatorCpuFrom) / windowMs) * 100,
    otherCpuPercent:
      ((machineUntil - machineFrom - (serverCpuUntil - serverCpuFrom) - (generatorCpuUntil - generatorCpuFrom)) /
        windowMs) *
      100,
    serverCounters,
    flood,
  };
}

/** Rooms of `size` (the last one holds the rest), named for the baselines. */
function roomPlans(bots: number, size: number): RoomPlan[] {
  return Array.from({ length: Math.ceil(bots / size) }, (_, index) => ({
    name: `room-${index}`,
    size: Math.min(size, bots - index * size),
  }));
}

/** Sums of Rallypoint's counters that say where messages went: relayed, rate-limited, dropped sockets. */
async function rallypointCounters(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counters: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const match = /^(\w+_total)(\{[^}]*\})? (\S+)$/.exec(line);
    const [name, labels, value] = [match?.[1], match?.[2] ?? "", Number(match?.[3])];
    if (
      !name ||
      ![
        "relay_messages_total",
        "rate_limited_total",
        "relay_dropped_total",
        "relay_batches_total",
        "relay_batched_messages_total",
        "sockets_paused_total",
        "sockets_dropped_total",
        "handler_errors_total",
      ].includes(name)
    )
      continue;
    counters[`${name}${labels}`] = value;
  }
  return counters;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
