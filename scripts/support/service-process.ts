import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { connect } from "node:net";

/**
 * The one way tests, e2e, the lab and benches start a process, long-running (a server, redis-server, coturn) or run
 * to completion (a build, an install): its output's tail kept for failure reports, a wait for it to be ready that
 * fails with that output, and two ways to end it. Dev-only: nothing published imports it.
 */
export interface ServiceProcess {
  readonly process: ChildProcess;
  /** The last 20 kB it printed: what explains a failure. */
  readonly output: () => string;
  /** Resolves with its exit code (null after a signal) once it has ended and all it printed is in `output()`. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it is still running 5 s later. */
  readonly close: () => Promise<void>;
  /** Ends it at once with SIGKILL, as a crash would: no shutdown, nothing cleaned up. */
  readonly kill: () => Promise<void>;
}

export interface ServiceOptions {
  /** Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Default: a plain `spawn`. */
  spawner?: Spawner;
  /**
   * Starts it in a process group of its own and signals the whole group, so that close() and kill() also reach
   * what it starts in turn (npx runs a package's bin as a grandchild that a signal to npx does not reach); whatever
   * of the group is left after it ended gets SIGKILL. Default false: it stays in ours, so Ctrl-C ends it too.
   */
  ownGroup?: boolean;
}

/** How to start the process: a plain `spawn` by default, or e.g. inside a network namespace (e2e/lab/netns.ts). */
export type Spawner = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

const OUTPUT_CHARS = 20_000;
const CLOSE_GRACE_MS = 5_000;

export function spawnService(command: string, args: readonly string[], options: ServiceOptions = {}): ServiceProcess {
  const { spawner = spawn, ownGroup = false, ...spawnOptions } = options;
  const child = spawner(command, args, { ...spawnOptions, detached: ownGroup, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("error", (error) => keep(Buffer.from(`\n[could not start ${command}: ${error.message}]\n`)));
  // "close" comes once its output is all read, and also when it could not start (then there is no "exit"); "exit"
  // alone is what close() and kill() wait for, in case a grandchild still holds its output open.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code: number | null) => resolve(code)));
  const stopped = Promise.race([exited, new Promise((resolve) => child.once("exit", resolve))]);
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
  const signal = (name: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      if (ownGroup) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // Gone already.
    }
  };
  const end = async (first: NodeJS.Signals): Promise<void> => {
    if (isRunning()) signal(first);
    const timer = setTimeout(() => signal("SIGKILL"), CLOSE_GRACE_MS);
    await stopped;
    clearTimeout(timer);
    if (ownGroup) signal("SIGKILL");
  };
  return {
    process: child,
    output: () => output,
    exited,
    kill: () => end("SIGKILL"),
    close: () => end("SIGTERM"),
  };
}

/** What a command run to completion printed (stdout and stderr interleaved, the last 20 kB), and its exit code. */
export interface Finished {
  code: number | null;
  output: string;
}

/**
 * Runs a short-lived command (a build, a type check, an install) to completion. Rejects with its output if it has
 * not finished within `timeoutMs` (it is closed then); whether its exit code is a failure is the caller's call.
 */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: ServiceOptions & { timeoutMs: number },
): Promise<Finished> {
  const { timeoutMs, ...serviceOptions } = options;
  const child = spawnService(command, args, serviceOptions);
  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
  const code = await Promise.race([child.exited, overrun]).finally(() => clearTimeout(timer));
  if (code === "late") {
    await child.close();
    throw new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs} ms:\n${child.output()}`);
  }
  return { code, output: child.output() };
}

/**
 * Polls `isReady` until it says yes; when the process exits first or `timeoutMs` passes, closes it and throws with
 * what it printed.
 */
export async function waitUntilReady(
  service: ServiceProcess,
  isReady: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const hasExited = (): boolean => service.process.exitCode !== null || service.process.signalCode !== null;
  while (Date.now() < deadline && !hasExited()) {
    if (await isReady()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const why = hasExited()
    ? `it exited (${String(service.process.exitCode ?? service.process.signalCode)}) first`
    : `not within ${timeoutMs} ms`;
  await service.close();
  throw new Error(`Waited for ${what}: ${why}. Its output:\n${service.output()}`);
}

/** Whether something accepts TCP connections on `host:port`. */
export function isListening(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Whether `url` answers 2xx (a server's /healthz or /readyz). */
export async function answersOk(url: string): Promise<boolean> {
  try {
    // Bounded: a server that accepts but never answers must not hold waitUntilReady past its deadline.
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}
