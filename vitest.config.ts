import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";
import { sourceConditions } from "./vite.conditions.js";

// Unit tests sit beside their sources; integration tests under signaling-server/test. Playwright specs are e2e's.
export default defineConfig({
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: ["@rallypoint/source", ...defaultServerConditions] } },
  test: {
    include: ["{shared,signaling-server,web-client,bench}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 10_000,
    hookTimeout: 10_000,
  },
});
