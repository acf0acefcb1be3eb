import { ResourceStack } from "./resource-stack.js";
import { writeResultFile } from "./result-file.js";
import { stopSignal } from "./stop-signal.js";

/** The bench's settings from the environment; a bad one is printed and ends the process with exit code 2. */
export function settingsOrExit<Settings>(read: (env: NodeJS.ProcessEnv) => Settings): Settings {
  try {
    return read(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  }
}

/** A bench that starts servers, browsers or threads: everything it starts goes on `resources`. */
export interface ResourceBench<Settings extends { timeoutMs: number }, Result extends { startedAt: string }> {
  /** Names the results file: results/<name>-<time>.json. */
  name: string;
  /** Throws, with a message naming the variable, when the environment holds a bad setting. */
  readSettings: (env: NodeJS.ProcessEnv) => Settings;
  run: (settings: Settings, resources: ResourceStack) => Promise<Result>;
  report: (result: Result, settings: Settings) => string;
}

/**
 * Runs a bench to its report, within its timeout and until Ctrl-C, and closes what it started in every case.
 * Resolves the exit code: 0 when it reported, 1 when it failed or was stopped (a bad setting exits with 2).
 */
export async function runResourceBench<Settings extends { timeoutMs: number }, Result extends { startedAt: string }>(
  bench: ResourceBench<Settings, Result>,
): Promise<number> {
  const settings = settingsOrExit(bench.readSettings);
  const resources = new ResourceStack();
  const { stopped, dispose } = stopSignal(settings.timeoutMs);
  const running = bench.run(settings, resources);
  // Once stopped, the run fails as what it started closes under it; that failure is no news.
  running.catch(() => undefined);
  let exitCode = 0;
  try {
    const result = await Promise.race([running, stopped]);
    console.log(bench.report(result, settings));
    console.log(`\nFull results: ${await writeResultFile(bench.name, result.startedAt, result)}`);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    exitCode = 1;
  } finally {
    dispose();
    for (const problem of await resources.closeAll(10_000)) console.error(problem);
  }
  return exitCode;
}
