import { defineConfig } from "vite";

// Production build: one ESM file for Node with the `shared` workspace inlined and npm dependencies external.
export default defineConfig({
  build: {
    ssr: "src/main.ts",
    outDir: "dist",
    target: "node20",
    emptyOutDir: true,
    sourcemap: true,
  },
});
