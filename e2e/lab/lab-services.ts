import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { spawnService, waitUntilReady, type Spawner } from "../../scripts/support/service-process.js";
import { runIn, spawnIn } from "./netns.js";
import { LabAddress } from "./topology.js";

const SERVER_ENTRY = fileURLToPath(new URL("../../signaling-server/dist/main.js", import.meta.url));
/** The demo's build, served at `/` unless a spec's `env` puts its own game there (STATIC_DIR). */
const DEMO_DIR = fileURLToPath(new URL("../../web-client/dist/app", import.meta.url));

/** coturn's port, for STUN and TURN over both UDP and TCP. */
export const TURN_PORT = 3478;
/**
 * The secret coturn and the TURN-configured servers share (coturn's `static-auth-secret`, the server's TURN_SECRET):
 * each member gets its own expiring credential, as in production.
 */
const TURN_SECRET = "rallypoint-lab-turn-secret";

/** A process the lab started in a namespace; `stop` ends it (the namespace's removal would too). */
export interface LabProcess {
  readonly process: ChildProcess;
  /** The last few kilobytes it printed, for failure messages. */
  output(): string;
  stop(): void;
}

/** What the server's ICE configuration offers players: coturn as STUN only, or as STUN and TURN. */
export type IceOffer = "stun" | "stun+turn";

export interface LabServer extends LabProcess {
  url: string;
  ice: IceOffer;
}

/**
 * Starts the built signaling server (signaling-server/dist) in the internet namespace on `port`, handing out the
 * ICE servers of `ice` (STUN_URLS; TURN_URLS with TURN_SECRET, so members get ephemeral credentials), plus
 * `extraEnv`.
 */
export async function startSignalingServer(
  namespace: string,
  port: number,
  ice: IceOffer,
  extraEnv: Record<string, string> = {},
): Promise<LabServer> {
  if (!existsSync(SERVER_ENTRY)) {
    throw new Error(`${SERVER_ENTRY} does not exist: run \`npm run build\` first (npm run test:lab does).`);
  }
  const coturn = `${LabAddress.server}:${TURN_PORT}`;
  const turnEnv = {
    TURN_URLS: `turn:${coturn}?transport=udp,turn:${coturn}?transport=tcp`,
    TURN_SECRET,
  };
  const iceEnv = { STUN_URLS: `stun:${coturn}`, ...(ice === "stun+turn" ? turnEnv : {}) };
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    PORT: String(port),
    HOST: LabAddress.server,
    // info: the "listening" line tells when it is ready.
    LOG_LEVEL: "info",
    RESUME_GRACE_MS: "5000",
    STATIC_DIR: DEMO_DIR,
    // Every player behind a router shares its one address; the lab joins many rooms from each.
    ROOM_CREATES_PER_MINUTE: "600",
    JOIN_ATTEMPTS_PER_MINUTE: "600",
    ...iceEnv,
    ...extraEnv,
  };
  const started = startIn(namespace, process.execPath, [SERVER_ENTRY], env);
  const isListening = (): boolean => /Rallypoint listening/.test(started.output());
  await waitUntilReady(started.service, isListening, `signaling server on :${port}`, 15_000);
  return { ...started, url: `http://${LabAddress.server}:${port}`, ice };
}

/** Starts coturn in the internet namespace as the lab's STUN and TURN server (UDP and TCP, no TLS). */
export async function startCoturn(namespace: string): Promise<LabProcess> {
  const args = [
    "-n",
    `--listening-ip=${LabAddress.server}`,
    `--relay-ip=${LabAddress.server}`,
    `--listening-port=${TURN_PORT}`,
    "--min-port=49152",
    "--max-port=65535",
    "--use-auth-secret",
    `--static-auth-secret=${TURN_SECRET}`,
    "--realm=lab.rallypoint.test",
    "--fingerprint",
    "--no-tls",
    "--no-dtls",
    "--no-cli",
    "--no-software-attribute",
    "--log-file=stdout",
    "--simple-log",
  ];
  const started = startIn(namespace, "turnserver", args);
  const what = "coturn listening on UDP and TCP";
  await waitUntilReady(started.service, () => isListening(namespace, TURN_PORT), what, 10_000);
  return started;
}

/** Starts a process inside `namespace`, through the one way the repository starts services. */
function startIn(
  namespace: string,
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): LabProcess & { service: ReturnType<typeof spawnService> } {
  const spawner: Spawner = (command, args, options) => spawnIn(namespace, command, args, options);
  const service = spawnService(command, args, { env, spawner });
  return { service, process: service.process, output: service.output, stop: () => void service.close() };
}

function isListening(namespace: string, port: number): boolean {
  const sockets = runIn(namespace, "ss", ["-Hlnut", `sport = :${port}`]);
  return /^udp/m.test(sockets) && /^tcp/m.test(sockets);
}
