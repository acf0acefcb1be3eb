import type { ChildProcess } from "node:child_process";
import { createHash, createPublicKey } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnService, waitUntilReady, type Spawner } from "../../scripts/support/service-process.js";
import { run, runIn, spawnIn } from "./netns.js";
import { LabAddress } from "./topology.js";

const SERVER_ENTRY = fileURLToPath(new URL("../../signaling-server/dist/main.js", import.meta.url));
/** The demo's build, served at `/` unless a spec's `env` puts its own game there (STATIC_DIR). */
const DEMO_DIR = fileURLToPath(new URL("../../web-client/dist/app", import.meta.url));

/** coturn's port, for STUN and TURN over both UDP and TCP. */
export const TURN_PORT = 3478;
/**
 * coturn's second port, listed as a second STUN URL: asking two STUN destinations from one local socket is how the
 * NAT doctor tells a symmetric NAT (a public port per destination) from a cone NAT (one port for all).
 */
export const SECOND_STUN_PORT = 3479;
/** coturn's port for TURN over TLS: 443, the one port a network that lets out only HTTPS leaves open. */
export const TURN_TLS_PORT = 443;
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

/**
 * What the server's ICE configuration offers players besides coturn's two STUN ports (3478, 3479): nothing; TURN over
 * UDP and TCP (port 3478); or also TURN over TLS on 443 (`turns:`), which is what gets out of a network that lets out
 * only HTTPS.
 */
export type IceOffer = "stun" | "stun+turn" | "stun+turn+tls";

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
  const turnUrls = [`turn:${coturn}?transport=udp`, `turn:${coturn}?transport=tcp`];
  if (ice === "stun+turn+tls") turnUrls.push(`turns:${LabAddress.server}:${TURN_TLS_PORT}?transport=tcp`);
  const turnEnv = { TURN_URLS: turnUrls.join(","), TURN_SECRET };
  // Both ports for the players' links too, as a deployment lists them: paths and connect times of the NAT matrix
  // stayed as with one (docs/testing.md, "Servers").
  const stunUrls = [TURN_PORT, SECOND_STUN_PORT].map((port) => `stun:${LabAddress.server}:${port}`);
  const iceEnv = { STUN_URLS: stunUrls.join(","), ...(ice === "stun" ? {} : turnEnv) };
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

/** coturn as the lab runs it, with what a browser needs to trust its TLS certificate. */
export interface LabCoturn extends LabProcess {
  /** base64 SHA-256 of the certificate's public key (SPKI), as Chromium's `--ignore-certificate-errors-spki-list` takes it. */
  certificateSpki: string;
}

/**
 * Starts coturn in the internet namespace as the lab's STUN and TURN server: UDP and TCP on 3478 and on 3479 (a
 * second destination for STUN), TLS on 443 with a self-signed certificate made here. Chromium verifies a TURN
 * server's certificate like a web server's (an untrusted one fails with ICE error 701), so the lab's browsers trust
 * exactly this one by its public key (chromium-in-netns.ts).
 */
export async function startCoturn(namespace: string): Promise<LabCoturn> {
  const certificate = selfSignedCertificate();
  const args = [
    "-n",
    `--listening-ip=${LabAddress.server}`,
    `--relay-ip=${LabAddress.server}`,
    `--listening-port=${TURN_PORT}`,
    // coturn 4.6's way to answer on a second port of one address: `--alt-listening-port` opens nothing unless coturn
    // listens on two addresses (it is for RFC 5780), and a second `--listening-port` replaces the first.
    `--aux-server=${LabAddress.server}:${SECOND_STUN_PORT}`,
    "--min-port=49152",
    "--max-port=65535",
    "--use-auth-secret",
    `--static-auth-secret=${TURN_SECRET}`,
    "--realm=lab.rallypoint.test",
    "--fingerprint",
    `--tls-listening-port=${TURN_TLS_PORT}`,
    `--cert=${certificate.cert}`,
    `--pkey=${certificate.key}`,
    "--no-dtls",
    "--no-cli",
    "--no-software-attribute",
    "--log-file=stdout",
    "--simple-log",
  ];
  const started = startIn(namespace, "turnserver", args);
  const stop = (): void => {
    started.stop();
    certificate.remove();
  };
  const what = "coturn listening on UDP and TCP (two ports), and TLS";
  const isReady = (): boolean =>
    [TURN_PORT, SECOND_STUN_PORT].every((port) => isListening(namespace, port, ["udp", "tcp"])) &&
    isListening(namespace, TURN_TLS_PORT, ["tcp"]);
  try {
    await waitUntilReady(started.service, isReady, what, 10_000);
  } catch (error) {
    stop();
    throw error;
  }
  return { ...started, stop, certificateSpki: certificate.spki };
}

/**
 * A throwaway key and self-signed certificate for coturn's TLS listener, in a temp directory `remove` deletes, with
 * the base64 SHA-256 of its public key.
 */
function selfSignedCertificate(): { cert: string; key: string; spki: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "rallypoint-lab-tls-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  // P-256: made in milliseconds. One day is plenty for a lab run.
  run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    "/CN=turn.lab.rallypoint.test",
    "-addext",
    `subjectAltName=IP:${LabAddress.server}`,
    "-keyout",
    key,
    "-out",
    cert,
  ]);
  const publicKey = createPublicKey(readFileSync(key)).export({ type: "spki", format: "der" });
  const spki = createHash("sha256").update(publicKey).digest("base64");
  return { cert, key, spki, remove: () => rmSync(dir, { recursive: true, force: true }) };
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

function isListening(namespace: string, port: number, protocols: readonly ("udp" | "tcp")[]): boolean {
  const sockets = runIn(namespace, "ss", ["-Hlnut", `sport = :${port}`]);
  return protocols.every((protocol) => new RegExp(`^${protocol}`, "m").test(sockets));
}
