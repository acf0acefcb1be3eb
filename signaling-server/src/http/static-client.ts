import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { Router } from "express";
import { ServerPaths } from "@rallypoint/protocol";

/**
 * Serves the built demo at `/` and the library bundle at ServerPaths.library, from the web-client's build output
 * (`app/` and `lib/`). Without a build, says how to make one instead of failing obscurely.
 */
export function staticClientRouter(clientDistDir: string): Router {
  const router = Router();
  const libraryFile = join(clientDistDir, "lib", "rallypoint.js");
  const appDir = join(clientDistDir, "app");
  router.get(ServerPaths.library, (_request, response) => {
    if (existsSync(libraryFile)) response.type("text/javascript").sendFile(libraryFile);
    else notBuilt(response);
  });
  router.use(express.static(appDir, { index: "index.html" }));
  router.get("/", (_request, response) => notBuilt(response));
  return router;
}

function notBuilt(response: express.Response): void {
  response
    .status(503)
    .type("text/plain")
    .send("The web client is not built yet: run `npm run build` at the repository root.");
}
