import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { LAB_RESULT_ANNOTATION, type LabResult, type PairResult } from "./lab-result.js";
import { NAT_TYPES } from "./nat.js";

/** Where the last run's results go; LAB_RESULTS_FILE overrides. */
const DEFAULT_RESULTS_FILE = fileURLToPath(new URL("results/network-lab.json", import.meta.url));
const CELL_WIDTH = 24;
const OFFERS: Record<PairResult["ice"], string> = {
  stun: "STUN only",
  "stun+turn": "STUN + TURN (UDP, TCP)",
  "stun+turn+tls": "STUN + TURN (UDP, TCP, TLS on 443)",
};

/**
 * A Playwright reporter that collects what the lab's tests measured (`recordResult`) and, when the run ends,
 * prints the NAT matrix and the link-condition results, and writes them all to a JSON file.
 */
export default class MatrixReport implements Reporter {
  private readonly results: LabResult[] = [];
  private startedAt = new Date();

  onBegin(): void {
    this.startedAt = new Date();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    for (const annotation of [...result.annotations, ...test.annotations]) {
      if (annotation.type !== LAB_RESULT_ANNOTATION || annotation.description === undefined) continue;
      const parsed = JSON.parse(annotation.description) as LabResult;
      if (!this.results.some((seen) => JSON.stringify(seen) === annotation.description)) this.results.push(parsed);
    }
  }

  onEnd(result: FullResult): void {
    if (this.results.length === 0) return;
    const durationMs = Math.round(result.duration);
    console.log(`\n${formatReport(this.results, durationMs)}`);
    const file = process.env.LAB_RESULTS_FILE ?? DEFAULT_RESULTS_FILE;
    mkdirSync(dirname(file), { recursive: true });
    const document = {
      startedAt: this.startedAt.toISOString(),
      durationMs,
      status: result.status,
      commit: gitCommit(),
      results: this.results,
    };
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`Lab results: ${file}`);
  }

  printsToStdio(): boolean {
    return true;
  }
}

/** The whole printed report: one matrix per (room, ICE offer), then the link-condition measurements. */
export function formatReport(results: readonly LabResult[], durationMs: number): string {
  const lines = [`Network lab (${(durationMs / 1000).toFixed(0)} s)`];
  const pairs = results.filter((result): result is PairResult => result.kind === "pair");
  const groups = new Map<string, PairResult[]>();
  for (const pair of pairs) {
    const key = `${pair.scope}, server offers ${OFFERS[pair.ice]}`;
    groups.set(key, [...(groups.get(key) ?? []), pair]);
  }
  if (groups.size > 0) {
    lines.push(
      "",
      "NAT A x NAT B -> path, join-to-settled time, median event round trip.",
      "  direct / turn: a WebRTC data channel, peer to peer or through coturn (LinkInfo.webrtcRoute); relay: Socket.IO;",
      "  turn/tls: how the relayed side(s) reach coturn (LinkInfo.turnTransport: udp, tcp or tls);",
      "  (want X): the path the NAT types allow was X.",
    );
  }
  for (const [title, group] of groups) lines.push("", title, ...matrix(group));
  if (pairs.length > 0) {
    const late = pairs.filter((pair) => !(pair.connectMs <= pair.connectBoundMs));
    const lateNames = late.map((pair) => `${pair.a} x ${pair.b} (${pair.scope}, ${pair.ice}) ${pair.connectMs} ms`);
    lines.push(
      "",
      "goal every pair on its path within 3 s of joining (+ the 5 s open timeout when that path is the relay): " +
        (late.length === 0 ? "met" : `NOT met: ${lateNames.join("; ")}`),
    );
  }
  for (const result of results) {
    switch (result.kind) {
      case "rtt-ratio":
        lines.push(
          "",
          `Data channel vs relay round trip (${result.conditions}):`,
          `  webrtc ${result.webrtcRttMs.toFixed(1)} ms, relay ${result.relayRttMs.toFixed(1)} ms, ratio ${result.ratio.toFixed(2)}x ` +
            `(goal <= ${result.goal}x: ${result.isGoalMet ? "met" : "NOT met"})`,
        );
        break;
      case "bad-link":
        lines.push(
          "",
          `Remote motion behind a bad uplink (${describeConditions(result.conditions)}), ${result.durationMs / 1000} s:`,
          `  states: ${result.statesReceived}/${result.statesSent} arrived (${(result.lossRate * 100).toFixed(1)}% lost), ` +
            `gaps p50 ${result.gapMs.p50.toFixed(0)} ms, p95 ${result.gapMs.p95.toFixed(0)} ms, max ${result.gapMs.max.toFixed(0)} ms`,
          `  interpolation: underrun rate ${(result.underrunRate * 100).toFixed(1)}%, error RMS ${result.rmsError.toFixed(2)}, ` +
            `max ${result.maxError.toFixed(2)} units; reliable events exactly once: ${result.eventsExactlyOnce ? "yes" : "NO"}`,
          ...result.goals.map((goal) => `  goal ${goal.name}: ${goal.isMet ? "met" : "NOT met"}`),
        );
        break;
      case "wire":
        lines.push(
          "",
          `UDP round trips ${result.path}, ${result.oneWayMs} ms each way, ${result.roundTrips} of them: ` +
            `min ${result.rttMs.min.toFixed(2)}, p50 ${result.rttMs.p50.toFixed(2)}, mean ${result.rttMs.mean.toFixed(2)}, ` +
            `p95 ${result.rttMs.p95.toFixed(2)}, max ${result.rttMs.max.toFixed(2)} ms`,
        );
        break;
      case "pair":
        break;
    }
  }
  return lines.join("\n");
}

function matrix(group: readonly PairResult[]): string[] {
  const cell = (a: string, b: string): string => {
    const found = group.find((pair) => (pair.a === a && pair.b === b) || (pair.a === b && pair.b === a));
    if (!found) return "";
    const shown = found.path === "relay" ? "relay" : (found.route ?? "webrtc");
    const isExpected = shown === found.expected;
    const transports = [...new Set([found.turnTransport.a, found.turnTransport.b].filter(Boolean))].join("+");
    const label = (isExpected ? shown : `${shown}(want ${found.expected})`) + (transports ? `/${transports}` : "");
    return `${label} ${(found.connectMs / 1000).toFixed(2)}s ${found.rttMs.toFixed(1)}ms`;
  };
  const pad = (text: string): string => text.padEnd(CELL_WIDTH);
  const types = NAT_TYPES.filter((nat) => group.some((pair) => pair.a === nat || pair.b === nat));
  const header = pad("A \\ B") + types.map(pad).join("");
  const rows = types.map((a, i) => (pad(a) + types.map((b, j) => pad(j < i ? "" : cell(a, b))).join("")).trimEnd());
  return [header.trimEnd(), ...rows];
}

function describeConditions(conditions: { delayMs?: number; jitterMs?: number; lossPercent?: number }): string {
  const parts = [
    conditions.delayMs ? `${conditions.delayMs} ms delay` : "",
    conditions.jitterMs ? `±${conditions.jitterMs} ms jitter` : "",
    conditions.lossPercent ? `${conditions.lossPercent}% loss` : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "clean";
}

function gitCommit(): string | null {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return null;
  }
}
