import { defineConfig } from "vitest/config";

// Unit tests sit beside their sources; integration tests under signaling-server/test. Playwright specs are e2e's.
export default defineConfig({
  test: {
    include: ["{shared,signaling-server,web-client,bench}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
