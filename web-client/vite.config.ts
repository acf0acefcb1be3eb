import { defineConfig } from "vite";
import { sourceConditions } from "../vite.conditions.js";

const devServerTarget = process.env.RALLYPOINT_SERVER ?? "http://localhost:3000";

// The demo page. `npm run dev` here serves it with hot reload and proxies the realtime paths to a running server.
export default defineConfig({
  resolve: { conditions: sourceConditions },
  build: { outDir: "dist/app", emptyOutDir: true, target: "es2022" },
  server: {
    proxy: {
      "/socket.io": { target: devServerTarget, ws: true },
      "/peerjs": { target: devServerTarget, ws: true },
    },
  },
});
