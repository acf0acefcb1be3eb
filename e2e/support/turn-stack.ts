import getPort from "get-port";
import {
  isListening,
  spawnService,
  waitUntilReady,
  type ServiceProcess,
} from "../../scripts/support/service-process.js";

export interface Coturn extends ServiceProcess {
  /** TURN URLs for TURN_URLS, over UDP and TCP, as a deployment would hand them out. */
  urls: string[];
}

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
  const child = spawnService("turnserver", [
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
  const what = `coturn listening on 127.0.0.1:${port} (apt-get install -y coturn)`;
  await waitUntilReady(child, () => isListening(port), what, 15_000);
  return { ...child, urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`] };
}
