/**
 * WebRTC data channel vs Socket.IO relay, side by side in one run: two real Chromium players against the built
 * server, round-trip times on both paths (reliable events and unreliable state), and how long a joiner waits for
 * its first message and for the WebRTC upgrade. See README.md; run with `npm run bench:webrtc` from the repository root.
 */
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { findBrowser } from "../e2e/support/find-browser.js";
import { CHROMIUM_ARGS } from "../e2e/support/chromium-args.js";
import type { Via } from "../web-client/src/net/index.js";
import { BenchPlayer } from "./support/bench-player.js";
import type { BenchResult, BenchSettings, RttRun } from "./support/bench-result.js";
import { startBenchServer } from "./support/bench-server.js";
import type { Channel } from "./support/page-agent.js";
import { formatReport } from "./support/report.js";
import { runResourceBench } from "./support/bench-main.js";
import type { ResourceStack } from "./support/resource-stack.js";
import { gitCommit } from "./support/result-file.js";
import { summarize } from "./support/stats.js";
import { envInteger } from "./support/env-integer.js";

/** Longest wait for any one step (server up, room joined, link on a path); the run as a whole has its own limit. */
const STEP_TIMEOUT_MS = 20_000;
/** A reliable ping still unanswered after this is counted lost; an unreliable one sooner. */
const PING_TIMEOUT_MS: Record<Channel, number> = { event: 5000, state: 1000 };
const serverEntry = fileURLToPath(new URL("../signaling-server/dist/main.js", import.meta.url));

async function run(settings: BenchSettings, resources: ResourceStack): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const server = await startBenchServer(serverEntry, STEP_TIMEOUT_MS);
  await resources.add("server", () => server.stop());
  const browser = await chromium.launch({ executablePath: findBrowser(), args: CHROMIUM_ARGS });
  await resources.add("browser", () => browser.close());
  const host = await BenchPlayer.open(browser, server.url, "A");
  const joiner = await BenchPlayer.open(browser, server.url, "B");

  // Fresh managers and a fresh room per trial; the last room stays for the round trips.
  const trials = [];
  let ids = { host: "", joiner: "" };
  for (let trial = 0; trial < settings.joinTrials; trial++) {
    await joiner.reset("HYBRID");
    await host.reset("HYBRID");
    const room = await host.createRoom();
    const joined = await joiner.joinRoom(room.code);
    trials.push(await joiner.joinTimings(STEP_TIMEOUT_MS));
    ids = { host: room.selfId, joiner: joined.selfId };
  }

  const rtt: RttRun[] = [];
  const links: BenchResult["links"] = {};
  const measure = async (path: Via): Promise<void> => {
    await host.waitForPath(ids.joiner, path, STEP_TIMEOUT_MS);
    await joiner.waitForPath(ids.host, path, STEP_TIMEOUT_MS);
    for (const channel of ["event", "state"] as const) {
      const result = await host.ping({
        peerId: ids.joiner,
        channel,
        count: settings.roundTrips,
        warmup: settings.warmup,
        timeoutMs: PING_TIMEOUT_MS[channel],
        expectedVia: path,
      });
      rtt.push({ path, channel, summary: summarize(result.rttsMs), ...result });
    }
    links[path] = await host.link(ids.joiner);
  };
  await measure("webrtc");
  await host.setMode("SIGNALING_ONLY");
  await joiner.setMode("SIGNALING_ONLY");
  await measure("relay");

  return {
    startedAt,
    settings,
    environment: {
      node: process.version,
      chromium: `Chromium ${browser.version()}`,
      isolation: process.env.RALLYPOINT_E2E_ISOLATION ?? "none",
      commit: gitCommit(),
    },
    join: {
      trials,
      joinAckMs: summarize(trials.flatMap((trial) => trial.joinAckMs ?? [])),
      firstMessageMs: summarize(trials.flatMap((trial) => trial.firstMessageMs ?? [])),
      upgradeMs: summarize(trials.flatMap((trial) => trial.upgradeMs ?? [])),
    },
    rtt,
    links,
    errors: [...(await host.errors()), ...(await joiner.errors())],
  };
}

function readSettings(env: Record<string, string | undefined>): BenchSettings {
  const integer = (name: string, fallback: number, min: number): number => envInteger(env, name, fallback, min);
  return {
    roundTrips: integer("BENCH_ROUND_TRIPS", 200, 1),
    warmup: integer("BENCH_WARMUP", 20, 0),
    joinTrials: integer("BENCH_JOIN_TRIALS", 5, 1),
    timeoutMs: integer("BENCH_TIMEOUT_MS", 120_000, 1000),
  };
}

if (process.env.RALLYPOINT_E2E_ISOLATION !== "netns") {
  console.error(
    "WARNING: not in a loopback-only network namespace; WebRTC may use every interface of this machine. " +
      "`npm run bench:webrtc` runs the bench isolated.",
  );
}
process.exit(await runResourceBench({ name: "webrtc-vs-relay", readSettings, run, report: formatReport }));
