import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

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

/** What a finished command printed, stdout and stderr interleaved. */
export interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command in the project to completion, within `timeoutMs` (then it is killed and this rejects). */
export async function runInProject(command: string, args: string[], timeoutMs = 60_000): Promise<Finished> {
  const child = startLogged(command, args, process.env, { ownGroup: false });
  const timer = setTimeout(() => void child.stop(), timeoutMs);
  const code = await child.exited.finally(() => clearTimeout(timer));
  if (child.process.signalCode !== null) {
    throw new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs} ms:\n${child.output()}`);
  }
  return { code, output: child.output() };
}

/** A server the test started in the project. */
export interface Started {
  output(): string;
  /** SIGTERM (to its whole process group when it has one), SIGKILL after 5 s. */
  stop(): Promise<void>;
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
): Promise<Started> {
  const child = startLogged(command, args, { ...process.env, ...env }, { ownGroup: true });
  const deadline = Date.now() + timeoutMs;
  const hasExited = (): boolean => child.process.exitCode !== null || child.process.signalCode !== null;
  while (!hasExited() && Date.now() < deadline) {
    if (await answers(readyUrl)) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const what = hasExited()
    ? `exited (${String(child.process.exitCode ?? child.process.signalCode)}) before answering on ${readyUrl}`
    : `did not answer on ${readyUrl} within ${timeoutMs} ms`;
  await child.stop();
  throw new Error(`${command} ${args.join(" ")} ${what}:\n${child.output()}`);
}

interface LoggedChild extends Started {
  process: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * `ownGroup`: in a process group of its own, so that stop() reaches what it starts in turn (npx runs the bin as a
 * grandchild that a signal to npx does not reach). A short-lived command stays in ours, so Ctrl-C ends it too.
 */
function startLogged(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  { ownGroup }: { ownGroup: boolean },
): LoggedChild {
  const child = spawn(command, args, {
    cwd: gameProjectDir(),
    env,
    detached: ownGroup,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    // The tail explains a failure; a chatty process must not grow without bound.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once("error", (error) => {
      keep(Buffer.from(`[could not start ${command}: ${error.message}]\n`));
      resolve(null);
    });
    child.once("close", (code) => resolve(code));
  });
  const sendSignal = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      if (ownGroup) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Gone already.
    }
  };
  return {
    process: child,
    exited,
    output: () => output,
    stop: async () => {
      sendSignal("SIGTERM");
      const timer = setTimeout(() => sendSignal("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      // What the leader left behind (npx's grandchild, if npx went first) goes too.
      sendSignal("SIGKILL");
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
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
