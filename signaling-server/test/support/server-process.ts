import getPort from "get-port";
import { fileURLToPath } from "node:url";
import { answersOk, spawnService, waitUntilReady } from "../../../scripts/support/service-process.js";

const serverMain = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface ServerProcess {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Ends the process at once, as a crash or an OOM kill would: no shutdown notice, nothing cleaned up. */
  kill(): Promise<void>;
  output(): string;
}

/**
 * Starts the server in a process of its own (src/main.ts through tsx), on a free port, with `env` as its
 * environment on top of the defaults: for the tests that must kill a server the way a crash does.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await getPort({ host: "127.0.0.1" });
  const service = spawnService(process.execPath, ["--import", "tsx", serverMain], {
    cwd: repositoryRoot,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(service, () => answersOk(`${url}/readyz`), `the server process on ${url}`, 20_000);
  return { url, kill: service.kill, output: service.output };
}
