import { defineConfig } from "vite";
import { sourceConditions } from "../vite.conditions.js";

// The library as one standalone ES module (dependencies included): `@rallypoint/client/rallypoint.js`, which the
// server serves at /rallypoint/rallypoint.js for pages that load it without a bundler.
export default defineConfig({
  resolve: { conditions: sourceConditions },
  build: {
    outDir: "dist",
    // dist/esm (tsc's output) lives beside it.
    emptyOutDir: false,
    target: "es2022",
    sourcemap: true,
    lib: { entry: "src/net/index.ts", formats: ["es"], fileName: () => "rallypoint.js" },
    // Vite's library mode leaves the whitespace in an ES module, and the /* @__PURE__ */ annotations, for an app's
    // bundler to use and minify later. This file is the end product: pages load it as it is, and an app with a
    // bundler takes the package's ESM build instead. So it is minified completely.
    rolldownOptions: {
      // Chunks loaded on demand (the NAT doctor) sit beside it, and the server serves them from beside it too.
      output: { minify: true, comments: false, chunkFileNames: "rallypoint-[name].js" },
      // Building a zod schema has no side effects, but a bundler cannot know: without this every schema of the
      // protocol would stay in the file, used or not (about 1.2 kB gzipped of schemas only the server reads).
      treeshake: { manualPureFunctions: ["z"] },
    },
  },
});
