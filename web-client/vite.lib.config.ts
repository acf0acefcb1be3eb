import { defineConfig } from "vite";

// The library as one standalone ES module (dependencies included), served by the server at /rallypoint/rallypoint.js.
export default defineConfig({
  build: {
    outDir: "dist/lib",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    lib: { entry: "src/net/index.ts", formats: ["es"], fileName: () => "rallypoint.js" },
  },
});
