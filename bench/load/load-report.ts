import type { Summary } from "../support/stats.js";
import { table, type Row } from "../support/text-table.js";
import { PINNED_CPUS } from "./cpu-pinning.js";
import { FLOOD_EVENT_BYTES } from "./flooder.js";
import type { LoadSettings } from "./load-settings.js";
import type { ServerMemory } from "./server-memory.js";
import type { TargetResult } from "./target-run.js";
import { FLOODED, RALLYPOINT } from "./targets.js";

/** The goals of issue #15, reported against, never asserted; players per core is measured with BENCH_LOAD_PIN. */
export const LoadGoals = {
  rttOverRawWs: 2,
  players: 2000,
  stateHz: 20,
  p99Ms: 50,
  memoryOverSocketIo: 1,
  floodedP99OverQuiet: 1.2,
  /** The bots must have offered the load, and the server delivered it, for the players goal to count. */
  minSentShare: 0.95,
  minDeliveredShare: 0.99,
} as const;

export interface LoadRun {
  startedAt: string;
  settings: LoadSettings;
  environment: { node: string; commit: string; cpus: number; loadAverage: number };
  targets: TargetResult[];
}

/** The run as one table with a column per server, then the goals. */
export function formatLoadReport(run: LoadRun): string {
  const { settings, environment, targets } = run;
  const column = (cell: (target: TargetResult) => string): string[] => targets.map(cell);
  const row = (title: string, cell: (target: TargetResult) => string): string[] => [title, ...column(cell)];
  const offered = settings.bots * (settings.stateHz + settings.eventHz);
  const rtt = (summary: Summary | null, lost: number): string => {
    if (!summary) return lost > 0 ? `all ${lost} lost` : "-";
    return `${fixed(summary.median, 2)} / ${fixed(summary.p95, 2)}${lost > 0 ? ` (${lost} lost)` : ""}`;
  };

  const rows: Row[] = [
    `Load: ${settings.warmupSeconds} s warm-up, then ${settings.seconds} s measured`,
    row("bots connected (failed rooms)", (t) => `${t.bots} (${t.connectFailures.length})`),
    row("connections per second, seating included", (t) => fixed(t.connections / t.connectSeconds, 0)),
    row("bots dropped during the run", (t) => String(dropped(t))),
    row(`sent, msgs/s (offered ${offered.toLocaleString("en")})`, (t) => perSecond(sent(t), t)),
    row("delivered, msgs/s", (t) => perSecond(delivered(t), t)),
    row("expected, msgs/s", (t) => perSecond(expected(t), t)),
    row("lost state", (t) => loss(t.tally.expected.state, t.tally.delivered.state)),
    row("lost events", (t) => loss(t.tally.expected.event, t.tally.delivered.event)),
    row("one-way latency p50, ms", (t) => fixed(t.latency.p50, 2)),
    row("one-way latency p95, ms", (t) => fixed(t.latency.p95, 2)),
    row("one-way latency p99, ms", (t) => fixed(t.latency.p99, 2)),
    row("one-way latency max, ms", (t) => fixed(t.latency.max, 1)),
    row("server CPU, % of a core", (t) => fixed(t.serverCpuPercent, 0)),
    row("bots' CPU (all threads), % of a core", (t) => fixed(t.generatorCpuPercent, 0)),
    row("other processes' CPU, % of a core", (t) => fixed(t.otherCpuPercent, 0)),
    row("server CPU per 1,000 delivered, ms", (t) => fixed(cpuMsPerDelivered(t) * 1000, 1)),
    row("players a server core would carry (extrapolated)", (t) =>
      fixed(1000 / cpuMsPerDelivered(t) / deliveriesPerPlayer(settings), 0),
    ),
    row("relay:batch sent, mean messages in one (share of state)", batchSizes),
    row("flooder in its own room: 2 KB events sent, MB/s", (t) =>
      t.flood
        ? `${fixed((t.flood.sentMessages * FLOOD_EVENT_BYTES) / t.flood.seconds / 1e6, 1)}${t.flood.droppedBecause ? ` (cut: ${t.flood.droppedBecause})` : ""}`
        : "-",
    ),
    row("one-way p99 over the same server's unflooded", (t) => {
      const quiet = targets.find((other) => t.isFlooded && other.title === t.title.replace(FLOODED, ""));
      return quiet ? `${fixed(t.latency.p99 / quiet.latency.p99, 2)}x` : "-";
    }),
    "Round trip bot -> server -> bot -> server -> bot, two bots alone in a room, ms: median / p95",
    row(`  idle (${settings.pings} one after another)`, (t) => rtt(t.rttIdle.summary, t.rttIdle.lost)),
    row("  under the load (10 a second)", (t) => rtt(t.rttUnderLoad.summary, t.rttUnderLoad.lost)),
    "Server memory after a full GC: RSS (heap used)",
    row(
      "  no connections, MB",
      (t) => `${mb(t.memory.noConnections.rssBytes)} (${mb(t.memory.noConnections.heapUsedBytes)})`,
    ),
    row("  every bot seated and idle, MB", (t) => `${mb(t.memory.idle.rssBytes)} (${mb(t.memory.idle.heapUsedBytes)})`),
    row(
      "  per idle connection, KB",
      (t) => `${kb(perConnection(t, "rssBytes"))} (${kb(perConnection(t, "heapUsedBytes"))})`,
    ),
    row("  RSS at the end of the load (no GC), MB", (t) => mb(t.underLoadRssBytes)),
  ];

  const lines = [
    `Relay load: Rallypoint vs plain Socket.IO vs raw ws, Node ${environment.node}, ${environment.commit}, ` +
      `${environment.cpus} CPUs, load average ${environment.loadAverage.toFixed(1)}`,
    `${settings.bots} bots in rooms of ${settings.roomSize}, each sending state at ${settings.stateHz} Hz and events ` +
      `at ${settings.eventHz} Hz to the rest of its room; ${settings.threads} bot threads in one process`,
  ];
  if (settings.isPinned) {
    lines.push(
      `Pinned (taskset): each server on CPU ${PINNED_CPUS.server}, the bots on CPU ${PINNED_CPUS.bots}: a server's ` +
        "CPU is one core at most, and what it carries there is measured, not extrapolated.",
    );
  } else if (environment.cpus < settings.threads + 1) {
    lines.push(
      `NOTE: the bots (${settings.threads} threads) and the server share ${environment.cpus} CPUs: the bots take CPU ` +
        "the server would otherwise have, and their own queueing adds to the latencies. Their CPU is in the table.",
    );
  }
  lines.push("", ...table(["", ...column((t) => t.title)], rows));
  const behind = targets.filter((t) => sent(t) < LoadGoals.minSentShare * offered * t.measuredSeconds);
  if (behind.length > 0) {
    lines.push(
      `NOTE: the bots sent less than ${percent(LoadGoals.minSentShare)} of the offered rate against ` +
        `${behind.map((t) => t.title).join(", ")}: their threads could not keep up, so the generator set the pace ` +
        "there as much as the server did.",
    );
  }
  for (const target of targets) {
    const counters = Object.entries(target.serverCounters).map(([name, value]) => `${name} ${value}`);
    if (counters.length > 0) lines.push(`${target.title} /metrics after the run: ${counters.join(", ")}`);
    const reasons = Object.entries(target.tally.dropped).map(([reason, count]) => `${reason} ${count}`);
    if (reasons.length > 0) lines.push(`${target.title}: bots dropped by reason: ${reasons.join(", ")}`);
    if (target.tally.unreadable > 0) lines.push(`${target.title}: ${target.tally.unreadable} unreadable frames`);
    for (const failure of target.connectFailures.slice(0, 3)) lines.push(`${target.title}: ${failure}`);
  }
  lines.push("", ...formatGoals(run));
  return lines.join("\n");
}

/** From Rallypoint's counters: the mean batch, and the share of relayed state that went in a batch. */
function batchSizes({ serverCounters }: TargetResult): string {
  const batches = serverCounters.relay_batches_total;
  const batched = serverCounters.relay_batched_messages_total;
  const state = serverCounters['relay_messages_total{channel="state"}'];
  if (batches === undefined || batched === undefined || state === undefined) return "-";
  if (batches === 0) return "none";
  return `${fixed(batched / batches, 1)} (${percent(batched / state)})`;
}

function formatGoals({ settings, targets }: LoadRun): string[] {
  const find = (kind: TargetResult["kind"]): TargetResult | undefined => targets.find((t) => t.kind === kind);
  const [socketio, ws] = [find("socketio"), find("ws")];
  const [rallypoint, flooded] = [RALLYPOINT, RALLYPOINT + FLOODED].map((title) =>
    targets.find((t) => t.title === title),
  );
  const verdict = (isMet: boolean): string => (isMet ? "met    " : "NOT met");
  const lines = ["Goals (reported, not asserted)"];

  const rttRatio = (rallypoint?.rttIdle.summary?.median ?? NaN) / (ws?.rttIdle.summary?.median ?? NaN);
  lines.push(
    `  ${verdict(rttRatio <= LoadGoals.rttOverRawWs)}  relay RTT <= ${LoadGoals.rttOverRawWs}x raw ws: ` +
      `${fixed(rttRatio, 2)}x (idle medians ${fixed(rallypoint?.rttIdle.summary?.median, 2)} vs ` +
      `${fixed(ws?.rttIdle.summary?.median, 2)} ms)`,
  );

  const misses: string[] = [];
  if (!rallypoint) misses.push("not run");
  else {
    if (rallypoint.bots < LoadGoals.players) misses.push(`${rallypoint.bots} bots connected`);
    if (dropped(rallypoint) > 0) misses.push(`${dropped(rallypoint)} bots dropped`);
    if (settings.stateHz < LoadGoals.stateHz) misses.push(`state at ${settings.stateHz} Hz`);
    const offered = rallypoint.bots * (settings.stateHz + settings.eventHz) * rallypoint.measuredSeconds;
    const sentShare = sent(rallypoint) / offered;
    if (sentShare < LoadGoals.minSentShare) misses.push(`the bots sent only ${percent(sentShare)} of their rate`);
    const deliveredShare = delivered(rallypoint) / expected(rallypoint);
    if (!(deliveredShare >= LoadGoals.minDeliveredShare)) misses.push(`${percent(deliveredShare)} delivered`);
    if (!(rallypoint.latency.p99 < LoadGoals.p99Ms)) misses.push(`p99 ${fixed(rallypoint.latency.p99, 1)} ms`);
  }
  lines.push(
    `  ${verdict(misses.length === 0)}  >= ${LoadGoals.players} relayed players at ${LoadGoals.stateHz} Hz on one ` +
      `process, p99 < ${LoadGoals.p99Ms} ms, >= ${percent(LoadGoals.minDeliveredShare)} delivered: ` +
      (misses.length === 0
        ? `${rallypoint?.bots} players, p99 ${fixed(rallypoint?.latency.p99, 1)} ms`
        : misses.join(", ")),
  );

  const rssPerConnection = (t: TargetResult | undefined): number => (t ? perConnection(t, "rssBytes") : NaN);
  const memoryRatio = rssPerConnection(rallypoint) / rssPerConnection(socketio);
  lines.push(
    `  ${verdict(memoryRatio <= LoadGoals.memoryOverSocketIo)}  memory per idle connection <= ` +
      `${LoadGoals.memoryOverSocketIo}x bare Socket.IO: ${fixed(memoryRatio, 2)}x ` +
      `(RSS ${kb(rssPerConnection(rallypoint))} vs ${kb(rssPerConnection(socketio))} KB)`,
  );
  const floodRatio = (flooded?.latency.p99 ?? NaN) / (rallypoint?.latency.p99 ?? NaN);
  lines.push(
    `  ${verdict(floodRatio <= LoadGoals.floodedP99OverQuiet)}  under a flood in another room, one-way p99 <= ` +
      `${LoadGoals.floodedP99OverQuiet}x the quiet one: ${fixed(floodRatio, 2)}x ` +
      `(${fixed(flooded?.latency.p99, 1)} vs ${fixed(rallypoint?.latency.p99, 1)} ms)`,
  );
  return lines;
}

/** Server CPU ms per delivered message: what a delivery costs the server, whatever pace the bots could keep. */
const cpuMsPerDelivered = (t: TargetResult): number => (t.serverCpuPercent * 10 * t.measuredSeconds) / delivered(t);
/** Messages one player receives a second: one from each other member of a full room at each rate. */
const deliveriesPerPlayer = (settings: LoadSettings): number =>
  (settings.roomSize - 1) * (settings.stateHz + settings.eventHz);
const sent = (t: TargetResult): number => t.tally.sent.state + t.tally.sent.event;
const delivered = (t: TargetResult): number => t.tally.delivered.state + t.tally.delivered.event;
const expected = (t: TargetResult): number => t.tally.expected.state + t.tally.expected.event;
const dropped = (t: TargetResult): number => Object.values(t.tally.dropped).reduce((sum, count) => sum + count, 0);

function perSecond(count: number, target: TargetResult): string {
  return Math.round(count / target.measuredSeconds).toLocaleString("en");
}

function loss(expectedCount: number, deliveredCount: number): string {
  const lost = expectedCount - deliveredCount;
  return `${lost.toLocaleString("en")} (${expectedCount === 0 ? "-" : percent(lost / expectedCount, 2)})`;
}

function percent(share: number, digits = 0): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : "-";
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits);
}

/** What one idle connection added to the server, from the two readings after a full GC. */
function perConnection(t: TargetResult, field: keyof ServerMemory): number {
  return (t.memory.idle[field] - t.memory.noConnections[field]) / t.connections;
}

function kb(bytes: number): string {
  return fixed(bytes / 1024, 1);
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
