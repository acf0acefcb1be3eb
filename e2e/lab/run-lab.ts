/**
 * Runs the network lab: `playwright test -c lab/playwright.config.ts [args...]`. Where the lab cannot run (not Linux,
 * not root, a tool missing) it says why and exits 0, so that `npm test` passes on a developer's laptop; CI (Linux,
 * root, .ci/run installs the tools) runs it. RALLYPOINT_SKIP_LAB=1 skips it on purpose.
 *
 *   tsx lab/run-lab.ts --grep symmetric
 *
 * Namespaces left by a run that was killed are removed before the run, and anything this run left after it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { labSupport } from "./lab-support.js";
import { removeStaleNamespaces } from "./netns.js";

const LOG_PREFIX = "[lab]";
const config = fileURLToPath(new URL("playwright.config.ts", import.meta.url));
/** npm workspaces install Playwright at the repository root. */
const hoisted = fileURLToPath(new URL("../../node_modules/.bin/playwright", import.meta.url));
const playwright = existsSync(hoisted) ? hoisted : "playwright";

if (process.env.RALLYPOINT_SKIP_LAB === "1") {
  console.log(`${LOG_PREFIX} SKIPPED: RALLYPOINT_SKIP_LAB=1`);
  process.exit(0);
}
const support = labSupport();
if (!support.ok) {
  console.log(`${LOG_PREFIX} SKIPPED: the network lab cannot run here: ${support.reason}.`);
  console.log(
    `${LOG_PREFIX} It needs Linux as root with iproute2, iptables, coturn and gcc (see docs/testing.md, "Testing on real networks").`,
  );
  // .ci/run provides all of it: in CI a lab that did not run is a failure, not a pass.
  process.exit(process.env.CI ? 1 : 0);
}

report("removed namespaces of an earlier run that died", removeStaleNamespaces());
const child = spawn(playwright, ["test", "-c", config, ...process.argv.slice(2)], { stdio: "inherit" });
// Ctrl-C reaches Playwright through the process group; waiting for it lets the labs tear themselves down.
process.on("SIGINT", () => undefined);
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("error", (error) => {
  console.error(`${LOG_PREFIX} could not start playwright: ${error.message}`);
  process.exit(127);
});
child.on("exit", (code, signal) => {
  // Every worker has exited by now, so whatever they left is stale.
  report("removed namespaces the run left behind", removeStaleNamespaces());
  process.exit(code ?? (signal === null ? 1 : 128));
});

function report(what: string, names: string[]): void {
  if (names.length > 0) console.log(`${LOG_PREFIX} ${what}: ${names.join(", ")}`);
}
