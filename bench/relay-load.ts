/**
 * Relay load: N bot players in rooms of 8, each sending state at 20 Hz and events at 1 Hz through the server, against
 * Rallypoint's built server and two baselines (a plain Socket.IO relay, a raw `ws` fan-out), each its own process, in
 * one run. Prints delivered msgs/s, one-way latency, losses, round trips, server CPU and memory per connection side by
 * side. See README.md; run with `npm run bench:load` from the repository root.
 */
import { cpus, loadavg } from "node:os";
import { formatLoadReport, type LoadRun } from "./load/load-report.js";
import { readLoadSettings, type LoadSettings } from "./load/load-settings.js";
import { pinToCpu, PINNED_CPUS } from "./load/cpu-pinning.js";
import { SwarmPool } from "./load/swarm-pool.js";
import { runTarget } from "./load/target-run.js";
import { loadTargets, PROFILE_DIR } from "./load/targets.js";
import { runResourceBench } from "./support/bench-main.js";
import type { ResourceStack } from "./support/resource-stack.js";
import { gitCommit } from "./support/result-file.js";

async function run(settings: LoadSettings, resources: ResourceStack): Promise<LoadRun> {
  const startedAt = new Date().toISOString();
  const environment = {
    node: process.version,
    commit: gitCommit(),
    cpus: cpus().length,
    loadAverage: loadavg()[0] ?? 0,
  };
  // Before the bot threads start, so that they inherit it.
  if (settings.isPinned) pinToCpu(process.pid, PINNED_CPUS.bots);
  const pool = SwarmPool.start(settings.threads);
  await resources.add("bot threads", () => pool.terminate());
  const targets = [];
  for (const target of loadTargets(settings)) targets.push(await runTarget(target, settings, pool, resources));
  return { startedAt, settings, environment, targets };
}

process.exit(
  await runResourceBench({
    name: "relay-load",
    readSettings: readLoadSettings,
    run,
    report: (result, settings) =>
      formatLoadReport(result) +
      (settings.isProfiling ? `\nCPU profiles of the servers: ${PROFILE_DIR}CPU.*.cpuprofile` : ""),
  }),
);
