/**
 * Interpolation accuracy, Rallypoint's RemoteView vs @geckos.io/snapshot-interpolation, side by side in one run: the
 * same generated traces (20 Hz snapshots of a moving object through a network with latency, jitter and loss) played
 * into both, a 60 Hz renderer, and each frame's distance from the truth at the moment it shows. Pure simulation on
 * one clock: deterministic for a seed, a few seconds. See README.md; run with `npm run bench:sync`.
 */
import { createRequire } from "node:module";
import { replay, type Accuracy } from "./support/accuracy-replay.js";
import { geckosInterpolator, rallypointInterpolator } from "./support/interpolators.js";
import { pathAt, sendTrace, type NetworkConditions } from "./support/motion-trace.js";
import { seededRandom } from "./support/random.js";
import { gitCommit, writeResultFile } from "./support/result-file.js";
import { table, type Row } from "./support/text-table.js";
import { envInteger } from "./support/env-integer.js";
import { settingsOrExit } from "./support/bench-main.js";

const SEND_RATE_HZ = 20;
const SEND_INTERVAL_MS = 1000 / SEND_RATE_HZ;
const RENDER_INTERVAL_MS = 1000 / 60;
const BASE_LATENCY_MS = 40;
const JITTERS_MS = [0, 20, 50];
const LOSSES = [0, 0.05, 0.1];
const WARMUP_MS = 1000;
/** Any start works for Rallypoint; geckos reads a time of 1 or less as a fraction, so the clock starts well past it. */
const START_MS = 1_000_000;
/** geckos's buffer for `new SnapshotInterpolation(SEND_RATE_HZ)`: 3 server frames. */
const GECKOS_BUFFER_MS = 3 * SEND_INTERVAL_MS;

interface Settings {
  seconds: number;
  seed: number;
}

interface CellResult {
  network: NetworkConditions;
  packets: { sent: number; lost: number; reordered: number };
  rallypoint: Accuracy;
  /** `new SnapshotInterpolation(20)`, as documented. */
  geckos: Accuracy;
  /** geckos with its buffer set so that its mean delay equals Rallypoint's in this cell. */
  geckosSameDelay: Accuracy & { bufferMs: number };
}

function runCell(network: NetworkConditions, settings: Settings, cellIndex: number): CellResult {
  const startMs = START_MS;
  const endMs = startMs + settings.seconds * 1000;
  const trace = sendTrace(
    { startMs, endMs, sendIntervalMs: SEND_INTERVAL_MS, network },
    seededRandom(settings.seed * 1000 + cellIndex),
  );
  const options = { startMs, endMs, renderIntervalMs: RENDER_INTERVAL_MS, warmupMs: WARMUP_MS };
  const rallypoint = replay(trace.packets, rallypointInterpolator(), options);
  const geckos = replay(trace.packets, geckosInterpolator(SEND_RATE_HZ), options);
  // geckos's delay is its time offset (set by arrivals only) plus the buffer, so this buffer gives Rallypoint's mean.
  const bufferMs = rallypoint.meanDelayMs - (geckos.meanDelayMs - GECKOS_BUFFER_MS);
  const geckosSameDelay = { ...replay(trace.packets, geckosInterpolator(SEND_RATE_HZ, bufferMs), options), bufferMs };
  const { sent, lost, reordered } = trace;
  return { network, packets: { sent, lost, reordered }, rallypoint, geckos, geckosSameDelay };
}

/** RMS errors within 5% of each other are the same: with no underrun both interpolate the same pair linearly. */
const SAME_ERROR = 0.05;

function compare(rallypoint: Accuracy, geckos: Accuracy): "lower" | "same" | "higher" {
  const ratio = rallypoint.rmsErrorCm / geckos.rmsErrorCm;
  return ratio < 1 - SAME_ERROR ? "lower" : ratio > 1 + SAME_ERROR ? "higher" : "same";
}

/**
 * The goal: lower RMS error than geckos at an equal or lower delay. The direct test is geckos at the same mean
 * delay; geckos as documented must not do better either, unless it also waits longer (it always has, so far).
 */
function verdict({ rallypoint: rp, geckos, geckosSameDelay: same }: CellResult): string {
  const atSameDelay = compare(rp, same);
  const documented = rp.meanDelayMs <= geckos.meanDelayMs ? compare(rp, geckos) : "higher";
  const status =
    atSameDelay === "lower" && documented !== "higher"
      ? "MET"
      : atSameDelay !== "higher" && documented !== "higher" && (atSameDelay === "same" || documented === "same")
        ? "TIE"
        : "NOT MET";
  const than = { lower: "lower than", same: "same as", higher: "higher than" } as const;
  return (
    `${status.padEnd(7)} RMS ${cm(rp.rmsErrorCm)} cm: ${than[atSameDelay]} geckos at the same ${ms(rp.meanDelayMs)} ms ` +
    `(${cm(same.rmsErrorCm)} cm), ${than[documented]} geckos as documented at ${ms(geckos.meanDelayMs)} ms ` +
    `(${cm(geckos.rmsErrorCm)} cm)`
  );
}

function formatReport(cells: CellResult[], settings: Settings, header: string): string {
  const rows: Row[] = [];
  for (const cell of cells) {
    const { rallypoint, geckos, geckosSameDelay, packets } = cell;
    const runs = [rallypoint, geckos, geckosSameDelay];
    rows.push(
      `${cellName(cell)}: ${packets.sent} sent, ${packets.lost} lost, ${packets.reordered} reordered; ` +
        `geckos same-delay buffer ${ms(geckosSameDelay.bufferMs)} ms`,
    );
    rows.push(["  RMS error, cm", ...runs.map((run) => cm(run.rmsErrorCm))]);
    rows.push(["  p95 error, cm", ...runs.map((run) => cm(run.p95ErrorCm))]);
    rows.push(["  max error, cm", ...runs.map((run) => cm(run.maxErrorCm))]);
    rows.push(["  underruns, %", ...runs.map((run) => (100 * run.underrunRate).toFixed(1))]);
    rows.push(["  delay, ms: mean", ...runs.map((run) => ms(run.meanDelayMs))]);
    rows.push(["  delay, ms: min-max", ...runs.map((run) => `${ms(run.minDelayMs)}-${ms(run.maxDelayMs)}`)]);
  }
  return [
    header,
    "",
    `Object on a circle with a wobble, turning back every 8 s (mean speed ${meanSpeed(settings.seconds).toFixed(1)} m/s); ` +
      `snapshots at ${SEND_RATE_HZ} Hz; one-way latency ${BASE_LATENCY_MS} ms + exponential extra delay of mean jitter; ` +
      `60 Hz renderer; ${settings.seconds} s per cell, the first ${WARMUP_MS / 1000} s not measured; seed ${settings.seed}`,
    "",
    ...table(
      ["", "Rallypoint", `geckos (${SEND_RATE_HZ} fps, ${GECKOS_BUFFER_MS} ms buffer)`, "geckos (same delay)"],
      rows,
    ),
    "",
    "Goal: lower error than geckos at equal or lower delay (RMS error, mean delay)",
    ...cells.map((cell) => `  ${cellName(cell).padEnd(22)} ${verdict(cell)}`),
  ].join("\n");
}

function meanSpeed(seconds: number): number {
  let sum = 0;
  const steps = seconds * 100;
  for (let step = 0; step < steps; step++) sum += Math.hypot(...pathAt(START_MS + step * 10).velocity);
  return sum / steps;
}

const cellName = ({ network }: CellResult): string =>
  `jitter ${network.jitterMs} ms, loss ${Math.round(network.loss * 100)}%`;
const cm = (value: number): string => value.toFixed(2);
const ms = (value: number): string => value.toFixed(0);

function readSettings(env: Record<string, string | undefined>): Settings {
  const integer = (name: string, fallback: number, min: number): number => envInteger(env, name, fallback, min);
  return { seconds: integer("BENCH_SECONDS", 60, 2), seed: integer("BENCH_SEED", 1, 0) };
}

async function main(): Promise<number> {
  const settings = settingsOrExit(readSettings);
  const startedAt = new Date().toISOString();
  const cells: CellResult[] = [];
  for (const jitterMs of JITTERS_MS) {
    for (const loss of LOSSES) {
      cells.push(runCell({ baseLatencyMs: BASE_LATENCY_MS, jitterMs, loss }, settings, cells.length));
    }
  }
  const geckosVersion = (
    createRequire(import.meta.url)("@geckos.io/snapshot-interpolation/package.json") as { version: string }
  ).version;
  const environment = { node: process.version, geckos: geckosVersion, commit: gitCommit() };
  const header =
    `Rallypoint RemoteView vs @geckos.io/snapshot-interpolation ${geckosVersion}: interpolation accuracy, ` +
    `Node ${environment.node}, ${environment.commit}`;
  console.log(formatReport(cells, settings, header));
  const settingsOut = {
    ...settings,
    sendRateHz: SEND_RATE_HZ,
    renderRateHz: 60,
    baseLatencyMs: BASE_LATENCY_MS,
    warmupMs: WARMUP_MS,
    geckosBufferMs: GECKOS_BUFFER_MS,
  };
  const file = await writeResultFile("interpolation-accuracy", startedAt, {
    startedAt,
    settings: settingsOut,
    environment,
    cells,
  });
  console.log(`\nFull results: ${file}`);
  return 0;
}

process.exit(await main());
