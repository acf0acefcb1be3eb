import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { findBrowser } from "./support/find-browser.js";
import { CHROMIUM_ARGS } from "./support/chromium-args.js";

/** A fixed port is unavoidable here (the browsers need a URL before the server starts); E2E_PORT moves it. */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
/** The lifecycle project's server: the default grace window, as a real deployment has (see its project below). */
const lifecycleURL = `http://127.0.0.1:${port + 1}`;
const staticDir = fileURLToPath(new URL("../web-client/dist/app", import.meta.url));
const isCI = Boolean(process.env.CI);

const serverEntry = fileURLToPath(new URL("../signaling-server/dist/main.js", import.meta.url));
/**
 * Every browser of the suite comes from 127.0.0.1, so the per-address limits sized for one household would refuse
 * the suite's own room creations and joins partway through a run. The limits are tested by the server's integration
 * tests (rate-limits.integration.test.ts); here they only need to stay out of the way.
 */
const ONE_ADDRESS_FOR_EVERY_PLAYER = {
  ROOM_CREATES_PER_MINUTE: "100000",
  MAX_ROOMS_PER_IP: "100000",
  JOIN_ATTEMPTS_PER_MINUTE: "100000",
  FAILED_JOINS_PER_DAY: "100000",
};
if (!existsSync(serverEntry)) {
  throw new Error(
    `${serverEntry} does not exist: run \`npm run build\` at the repository root first (npm run test:e2e does both).`,
  );
}

export default defineConfig({
  testDir: "specs",
  testMatch: "**/*.spec.ts",
  projects: [
    { name: "mesh", testIgnore: ["faults/**", "lifecycle/**"] },
    // Background tabs as real browsers run them: without the flags Playwright adds to keep background pages running
    // at full speed, so Chromium's own timer throttling and backgrounding apply (docs/testing.md says what headless
    // Chromium does and does not do). Against a server with the default 30 s grace window: a tab frozen for 10 s
    // outlasts the heartbeat, and must keep its seat as it would in production.
    {
      name: "lifecycle",
      testMatch: "lifecycle/**/*.spec.ts",
      use: {
        baseURL: lifecycleURL,
        launchOptions: {
          executablePath: findBrowser(),
          args: CHROMIUM_ARGS,
          ignoreDefaultArgs: [
            "--disable-background-timer-throttling",
            "--disable-backgrounding-occluded-windows",
            "--disable-renderer-backgrounding",
          ],
        },
      },
    },
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
  webServer: [
    {
      command: `node "${serverEntry}"`,
      // A short grace window, so specs see a closed tab's seat released within their timeouts (resume.spec.ts), and
      // a reload window that a reload driven by Playwright fits on a loaded machine (reload.spec.ts).
      env: {
        ...ONE_ADDRESS_FOR_EVERY_PLAYER,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
        RESUME_GRACE_MS: "5000",
        RELOAD_WINDOW_MS: "3000",
        STATIC_DIR: staticDir,
      },
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: `node "${serverEntry}"`,
      env: {
        ...ONE_ADDRESS_FOR_EVERY_PLAYER,
        PORT: String(port + 1),
        HOST: "127.0.0.1",
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
        STATIC_DIR: staticDir,
      },
      url: `${lifecycleURL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
  ],
});
