import getPort from "get-port";
import { existsSync } from "node:fs";
import { answersOk, spawnService, waitUntilReady } from "../../scripts/support/service-process.js";

export interface BenchServer {
  url: string;
  /** The server's process id, to read its CPU time and memory from /proc. */
  pid: number;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop(): Promise<void>;
}

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
  const server = spawnService(process.execPath, [...(options.nodeArgs ?? []), entry], {
    env: { ...process.env, ...options.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
  });
  await waitUntilReady(server, () => answersOk(`${url}/healthz`), `the server answering on ${url}/healthz`, timeoutMs);
  return { url, pid: server.process.pid ?? 0, stop: server.close };
}
