import getPort from "get-port";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { answersOk, spawnService, waitUntilReady, type ServiceProcess } from "../../scripts/support/service-process.js";

export interface ServerProcess extends ServiceProcess {
  /** `http://127.0.0.1:PORT` */
  url: string;
}

const serverEntry = fileURLToPath(new URL("../../signaling-server/dist/main.js", import.meta.url));

/**
 * Starts the built server (signaling-server/dist/main.js) on a free port (or env.PORT) with `env` on top of the
 * defaults, and waits up to `readyTimeoutMs` for it to answer.
 */
export async function startServer(env: Record<string, string>, readyTimeoutMs = 15_000): Promise<ServerProcess> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} does not exist: run \`npm run build\` first.`);
  // A PORT given in `env` is kept: a restart listens where the old process did.
  const port = env.PORT === undefined ? await getPort({ host: "127.0.0.1" }) : Number(env.PORT);
  const service = spawnService(process.execPath, [serverEntry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(
    service,
    () => answersOk(`${url}/healthz`),
    `the server answering on ${url}/healthz`,
    readyTimeoutMs,
  );
  return { ...service, url };
}
