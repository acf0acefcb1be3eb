import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { findBrowser } from "./support/find-browser.js";
import { CHROMIUM_ARGS } from "./support/chromium-args.js";

/** A fixed port is unavoidable here (the browsers need a URL before the server starts); E2E_PORT moves it. */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const isCI = Boolean(process.env.CI);

const serverEntry = fileURLToPath(new URL("../signaling-server/dist/main.js", import.meta.url));
if (!existsSync(serverEntry)) {
  throw new Error(
    `${serverEntry} does not exist: run \`npm run build\` at the repository root first (npm run test:e2e does both).`,
  );
}

export default defineConfig({
  testDir: "specs",
  testMatch: "**/*.spec.ts",
  projects: [
    { name: "mesh", testIgnore: "faults/**" },
    // Fault injection changes the whole namespace's firewall and reads server-wide counters: it runs alone, last.
    { name: "faults", testMatch: "faults/**/*.spec.ts", dependencies: ["mesh"] },
  ],
  // Each test drives several browser contexts and their WebRTC connections; on a two-core machine two workers are
  // the most that keep timings honest. Tests within a file run in order, files in parallel.
  workers: 2,
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    // Chromium offers a 127.0.0.1 host candidate only when a media permission is granted (and with the loopback flag);
    // no getUserMedia call is made. The player fixture passes the same option to the contexts it creates.
    permissions: ["microphone"],
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    launchOptions: {
      executablePath: findBrowser(),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `node "${serverEntry}"`,
    // A short grace window, so specs see a closed tab's seat released within their timeouts (resume.spec.ts).
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      RESUME_GRACE_MS: "5000",
      STATIC_DIR: fileURLToPath(new URL("../web-client/dist/app", import.meta.url)),
    },
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
  },
});
