import getPort from "get-port";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

export interface BenchServer {
  url: string;
  /** The server's process id, to read its CPU time and memory from /proc. */
  pid: number;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

/** Lines of server output kept, to show when it fails. */
const OUTPUT_LINES = 40;

export interface BenchServerOptions {
  /** Set on top of this process's environment (PORT, HOST and LOG_LEVEL are the helper's). Default none. */
  env?: Record<string, string>;
  /** Node flags before the entry, e.g. `["--import", "tsx"]` for a TypeScript entry. Default none. */
  nodeArgs?: string[];
}

/**
 * Starts the built server (`node signaling-server/dist/main.js`, as in production) on a free loopback port and
 * resolves once `/healthz` answers. Any entry that reads PORT and HOST and answers `/healthz` will do.
 */
export async function startBenchServer(
  entry: string,
  timeoutMs: number,
  options: BenchServerOptions = {},
): Promise<BenchServer> {
  if (!existsSync(entry)) {
    throw new Error(
      `${entry} does not exist: run \`npm run build\` at the repository root first (npm run bench does).`,
    );
  }
  // The port is free when probed and taken a moment later; inside the bench's own network namespace nothing else
  // competes for it.
  const port = await getPort({ host: "127.0.0.1" });
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry], {
    env: { ...process.env, ...options.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES));
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let isGone = false;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (error) => {
      output.push(`could not start the server: ${error.message}`);
      resolve();
    });
  }).then(() => {
    isGone = true;
  });
  const hasExited = (): boolean => isGone || child.exitCode !== null || child.signalCode !== null;

  const stop = async (): Promise<void> => {
    if (hasExited()) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) {
      throw new Error(
        `The server exited before it was healthy (${String(child.exitCode ?? child.signalCode)}):\n${output.join("\n")}`,
      );
    }
    if (await isHealthy(url)) return { url, pid: child.pid ?? 0, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer ${url}/healthz within ${timeoutMs} ms:\n${output.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
