import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { connect } from "node:net";

/**
 * The one way tests, e2e, the lab and benches start a long-running process (a server, redis-server, coturn): its
 * output's tail kept for failure reports, a wait for it to be ready that fails with that output, and two ways to end
 * it. Dev-only: nothing published imports it.
 */
export interface ServiceProcess {
  readonly process: ChildProcess;
  /** The last 20 kB it printed: what explains a failure. */
  readonly output: () => string;
  /** SIGTERM, then SIGKILL if it is still running 5 s later. */
  readonly close: () => Promise<void>;
  /** Ends it at once with SIGKILL, as a crash would: no shutdown, nothing cleaned up. */
  readonly kill: () => Promise<void>;
}

/** How to start the process: a plain `spawn` by default, or e.g. inside a network namespace (e2e/lab/netns.ts). */
export type Spawner = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

const OUTPUT_CHARS = 20_000;
const CLOSE_GRACE_MS = 5_000;

export function spawnService(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; spawner?: Spawner } = {},
): ServiceProcess {
  const { spawner = spawn, ...spawnOptions } = options;
  const child = spawner(command, args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-OUTPUT_CHARS);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("error", (error) => keep(Buffer.from(`\n[could not start ${command}: ${error.message}]\n`)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const isRunning = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    process: child,
    output: () => output,
    kill: async () => {
      if (isRunning()) child.kill("SIGKILL");
      await exited;
    },
    close: async () => {
      if (isRunning()) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
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
  await service.close();
  throw new Error(`Timed out waiting for ${what}. Its output:\n${service.output()}`);
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
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
