import getPort from "get-port";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";

/** A process this test run started, with what it printed (for failure reports). */
export interface Started {
  output: () => string;
  close: () => Promise<void>;
  /** Ends it at once with SIGKILL, as a crash would: no shutdown, nothing cleaned up. */
  kill: () => Promise<void>;
}

export interface Coturn extends Started {
  /** TURN URLs for TURN_URLS, over UDP and TCP, as a deployment would hand them out. */
  urls: string[];
}

export interface ServerProcess extends Started {
  /** `http://127.0.0.1:PORT` */
  url: string;
}

const serverEntry = fileURLToPath(new URL("../../signaling-server/dist/main.js", import.meta.url));
const READY_TIMEOUT_MS = 15_000;

/**
 * Starts coturn on a free loopback port with TURN REST API authentication (`use-auth-secret`), the recipe of
 * WEBRTC-TESTING.md. `--allow-loopback-peers` is what lets it relay between two browsers on 127.0.0.1. It must run
 * in the e2e network namespace, like everything else here: it only ever listens on 127.0.0.1 there.
 */
export async function startCoturn(secret: string): Promise<Coturn> {
  if (process.env.RALLYPOINT_E2E_ISOLATION !== "netns") {
    throw new Error("Refusing to start a TURN server outside the e2e network namespace (run through run-isolated.ts).");
  }
  // Checked free over TCP; coturn takes the same number for UDP, free too in a fresh namespace.
  const port = await getPort({ host: "127.0.0.1" });
  const pidDir = process.env.TMPDIR ?? "/tmp";
  const child = spawnLogged("turnserver", [
    "-n",
    "--listening-ip=127.0.0.1",
    "--relay-ip=127.0.0.1",
    `--listening-port=${port}`,
    "--min-port=49160",
    "--max-port=49200",
    "--use-auth-secret",
    `--static-auth-secret=${secret}`,
    "--realm=rallypoint.test",
    "--fingerprint",
    "--no-tls",
    "--no-dtls",
    "--no-cli",
    "--allow-loopback-peers",
    `--pidfile=${pidDir}/rallypoint-e2e-turn-${port}.pid`,
    "--log-file=stdout",
    "--simple-log",
  ]);
  await waitFor(child, () => isListening(port), `coturn listening on 127.0.0.1:${port} (apt-get install -y coturn)`);
  return {
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    output: child.output,
    close: child.close,
    kill: child.kill,
  };
}

/**
 * Starts the built server (signaling-server/dist/main.js) on a free port (or env.PORT) with `env` on top of the defaults, and waits
 * up to `readyTimeoutMs` for it to answer.
 */
export async function startServer(
  env: Record<string, string>,
  readyTimeoutMs = READY_TIMEOUT_MS,
): Promise<ServerProcess> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} does not exist: run \`npm run build\` first.`);
  // A PORT given in `env` is kept: a restart listens where the old process did.
  const port = env.PORT === undefined ? await getPort({ host: "127.0.0.1" }) : Number(env.PORT);
  const child = spawnLogged(process.execPath, [serverEntry], {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(child, () => isHealthy(url), `the server answering on ${url}/healthz`, readyTimeoutMs);
  return { url, output: child.output, close: child.close, kill: child.kill };
}

export interface LoggedChild extends Started {
  process: ChildProcess;
}

export function spawnLogged(command: string, args: string[], env?: NodeJS.ProcessEnv): LoggedChild {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer): void => {
    // The tail is what explains a failure; a chatty process must not grow without bound.
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
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
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitFor(
  child: LoggedChild,
  isReady: () => Promise<boolean>,
  what: string,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) break;
    if (await isReady()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await child.close();
  throw new Error(`Timed out waiting for ${what}. Its output:\n${child.output()}`);
}

export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}
