import { defineConfig } from "@playwright/test";
import { findBrowser } from "../support/find-browser.js";
import { CHROMIUM_ARGS } from "../support/chromium-args.js";

/**
 * The consumer test (consumer.spec.ts), run by run.ts inside the loopback-only namespace once the game project is
 * installed. Its servers take free ports as they start, so there is no webServer here.
 */
export default defineConfig({
  testDir: ".",
  testMatch: "consumer.spec.ts",
  outputDir: "../test-results/consumer",
  // One WebRTC-heavy scenario at a time; the tests of the file build on each other in order.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    // The launch of ../playwright.config.ts: loopback ICE candidates (with the microphone permission each player's
    // context gets), and nothing in the background.
    launchOptions: {
      executablePath: findBrowser(),
      args: CHROMIUM_ARGS,
    },
  },
});
