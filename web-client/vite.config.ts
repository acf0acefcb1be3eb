import { defineConfig } from "vite";
import { sourceConditions } from "../vite.conditions.js";

const devServerTarget = process.env.RALLYPOINT_SERVER ?? "http://localhost:3000";

// The demo page, and the martini-kit example at /examples/martini/. `npm run dev` here serves them with hot reload and
// proxies the realtime paths to a running server.
export default defineConfig({
  resolve: { conditions: sourceConditions },
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: { input: { demo: "index.html", martini: "examples/martini/index.html" } },
  },
  server: {
    proxy: {
      "/socket.io": { target: devServerTarget, ws: true },
      "/peerjs": { target: devServerTarget, ws: true },
    },
  },
});
