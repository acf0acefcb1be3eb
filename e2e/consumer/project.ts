import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  answersOk,
  runToCompletion,
  spawnService,
  waitUntilReady,
  type Finished,
  type ServiceProcess,
} from "../../scripts/support/service-process.js";

/** Where run.ts put the installed game project. */
export const PROJECT_ENV = "RALLYPOINT_CONSUMER_PROJECT";

/** The installed game project (fixture/ after prepare-project.ts). */
export function gameProjectDir(): string {
  const dir = process.env[PROJECT_ENV];
  if (dir === undefined || !existsSync(join(dir, "node_modules"))) {
    throw new Error(`${PROJECT_ENV} does not name an installed project: run \`npm run test:consumer\` at the root.`);
  }
  return dir;
}

/** Runs a command in the project to completion, within `timeoutMs` (then it is closed and this rejects). */
export function runInProject(command: string, args: string[], timeoutMs = 60_000): Promise<Finished> {
  // In our process group: Ctrl-C ends it too.
  return runToCompletion(command, args, { cwd: gameProjectDir(), timeoutMs });
}

/**
 * Starts a long-running command in the project and waits up to `timeoutMs` for `readyUrl` to answer 2xx. Fails
 * with its output when it exits or does not answer in time.
 */
export async function startInProject(
  command: string,
  args: string[],
  env: Record<string, string>,
  readyUrl: string,
  timeoutMs = 20_000,
): Promise<ServiceProcess> {
  // A group of its own: `npx` runs the server as a grandchild, which close() must reach too.
  const child = spawnService(command, args, { cwd: gameProjectDir(), env: { ...process.env, ...env }, ownGroup: true });
  await waitUntilReady(
    child,
    () => answersOk(readyUrl),
    `${command} ${args.join(" ")} answering on ${readyUrl}`,
    timeoutMs,
  );
  return child;
}

/** One `file(line,col): error TSxxxx: message` line of tsc's output. */
export interface TypeCheckError {
  file: string;
  line: number;
  code: string;
  message: string;
}

export function parseTypeErrors(output: string): TypeCheckError[] {
  const errors: TypeCheckError[] = [];
  for (const match of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
    const [, file = "", line = "", code = "", message = ""] = match;
    errors.push({ file, line: Number(line), code, message });
  }
  return errors;
}

/** The errors a file announces with `// expect: TSxxxx text` comments, each for the line below the comment. */
export function announcedTypeErrors(file: string, source: string): TypeCheckError[] {
  const errors: TypeCheckError[] = [];
  source.split("\n").forEach((text, index) => {
    const match = /^\s*\/\/ expect: (TS\d+) (.*)$/.exec(text);
    if (match) errors.push({ file, line: index + 2, code: match[1] ?? "", message: match[2] ?? "" });
  });
  return errors;
}
