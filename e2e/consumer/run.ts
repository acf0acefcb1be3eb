/**
 * The consumer test: can a game developer outside this repository install and use the three packages?
 *
 *   npm run test:consumer        (at the repository root)
 *
 * 1. Outside the loopback-only namespace, because npm needs the registry: packs the three packages and installs
 *    them into a throwaway game project (fixture/) in a temp folder (prepare-project.ts).
 * 2. Inside the namespace (scripts/run-isolated.ts): Playwright runs consumer.spec.ts against that project, which
 *    typechecks it, builds it, and runs its servers and two browsers per scenario.
 * 3. Removes the temp folder (RALLYPOINT_CONSUMER_KEEP=1 keeps it, to look into a failure).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepareProject } from "./prepare-project.js";
import { PROJECT_ENV } from "./project.js";

const LOG_PREFIX = "[consumer]";
const e2eDir = fileURLToPath(new URL("../", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

const workDir = await mkdtemp(join(tmpdir(), "rallypoint-consumer-"));
let exitCode = 1;
// Ctrl-C reaches the whole process group: npm or Playwright end on it, and we stay to remove the temp folder.
process.on("SIGINT", () => {});
// SIGTERM is sent to us alone: while Playwright runs it is passed on (runIsolated); before, it ends the run here.
const onTerm = (): void => {
  rmSync(workDir, { recursive: true, force: true });
  process.exit(143);
};
process.on("SIGTERM", onTerm);
try {
  const startedAt = Date.now();
  console.error(`${LOG_PREFIX} packing the packages and installing them into ${workDir}/game`);
  const projectDir = await prepareProject(workDir);
  console.error(`${LOG_PREFIX} installed in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  exitCode = await runIsolated(
    ["playwright", "test", "-c", "consumer/playwright.config.ts", ...process.argv.slice(2)],
    {
      ...process.env,
      [PROJECT_ENV]: projectDir,
    },
  );
} catch (error) {
  console.error(`${LOG_PREFIX} ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (process.env.RALLYPOINT_CONSUMER_KEEP === "1") console.error(`${LOG_PREFIX} kept ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}
process.exit(exitCode);

/** Runs `args` through run-isolated.ts from e2e/ and resolves with its exit code. */
function runIsolated(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(tsx, ["scripts/run-isolated.ts", ...args], { cwd: e2eDir, env, stdio: "inherit" });
  const forward = (): boolean => child.kill("SIGTERM");
  process.off("SIGTERM", onTerm);
  process.on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.once("error", (error) => {
      console.error(`${LOG_PREFIX} could not start ${tsx}: ${error.message}`);
      resolve(127);
    });
    child.once("exit", (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
  });
}
