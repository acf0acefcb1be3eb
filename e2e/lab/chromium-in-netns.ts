import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "@playwright/test";
import { findBrowser } from "../support/find-browser.js";

/**
 * Launches Chromium inside a network namespace, so that all of its traffic (page loads, Socket.IO, PeerJS, STUN,
 * TURN and the WebRTC media path) leaves through that namespace's interfaces and nothing else.
 *
 * Playwright starts the browser through `executablePath` and talks to it over a pipe (file descriptors 3 and 4),
 * never over the network; the executable here is a two-line wrapper that runs `ip netns exec NS chromium "$@"`,
 * and `ip netns exec` passes those descriptors on.
 *
 * `trustedOrigins`: the lab's servers are plain http on lab addresses, which Chromium would treat as insecure
 * origins; listed here, pages on them count as secure contexts, so that the media permission the player fixture
 * grants makes Chromium offer the real host address as an ICE candidate instead of an mDNS name (which nobody in
 * another namespace could resolve).
 *
 * `trustedSpkis`: certificates (by the base64 SHA-256 of their public key) to accept although no authority signed
 * them, such as coturn's for TURN over TLS: Chromium verifies a TURN server's certificate as it does a web server's.
 * Only these are exempt; Chromium honours the list because Playwright gives the browser its own profile directory.
 */
export async function launchInNamespace(
  namespace: string,
  trustedOrigins: readonly string[],
  trustedSpkis: readonly string[] = [],
): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), "rallypoint-lab-chromium-"));
  const wrapper = join(dir, "chromium");
  writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec '${namespace}' '${findBrowser()}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  try {
    return await chromium.launch({
      executablePath: wrapper,
      args: [
        `--unsafely-treat-insecure-origin-as-secure=${trustedOrigins.join(",")}`,
        ...(trustedSpkis.length > 0 ? [`--ignore-certificate-errors-spki-list=${trustedSpkis.join(",")}`] : []),
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        // Several browsers share two cores; a page waiting on a busy machine must not be throttled as hidden.
        "--disable-renderer-backgrounding",
        "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
      ],
    });
  } finally {
    // The wrapper has done its work once the browser is up (or has failed to start).
    rmSync(dir, { recursive: true, force: true });
  }
}
