import { defineConfig } from "@playwright/test";

/**
 * The network lab (see docs/testing.md, "Testing on real networks"): every test builds its players' networks in network
 * namespaces and launches one Chromium per player inside them, so there is no shared browser and no webServer
 * here. Run through `npm run test:lab` (lab/run-lab.ts), which says why it skips on machines that cannot run it.
 */
export default defineConfig({
  testDir: "specs",
  testMatch: "**/*.spec.ts",
  projects: [{ name: "lab" }],
  // One lab at a time: each launches several browsers, and its timings mean little on an overloaded machine.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: "../test-results/lab",
  reporter: [["list"], ["./matrix-report.ts"]],
  use: {
    trace: "off",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
});
