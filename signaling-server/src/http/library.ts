import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Router, type Response } from "express";
import { ServerPaths } from "@rallypoint/protocol";

/**
 * GET /rallypoint/rallypoint.js: the browser library as one standalone ES module, the very file
 * `@rallypoint/client/rallypoint.js` ships, so the library a page loads always matches the server it talks to.
 *
 * Any page may load it, from any origin: it is public code, and a game hosted elsewhere (a static host, a CDN)
 * imports it with `<script type="module">`, which is a CORS request. So this one file says
 * `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`; who may then connect is
 * still decided by the allowed origins of the Socket.IO and PeerJS endpoints.
 */
export function libraryRouter(): Router {
  const router = Router();
  router.options(ServerPaths.library, (_request, response) => {
    allowAnyOrigin(response).set("Access-Control-Allow-Methods", "GET").status(204).end();
  });
  router.get(ServerPaths.library, (_request, response) => {
    // Looked up per request (Node caches it): a server started before the build serves it once it exists.
    const file = libraryFile();
    if (file === undefined) {
      response
        .status(503)
        .type("text/plain")
        .send("The browser library is not built: run `npm run build` (in this repository: at its root).");
      return;
    }
    allowAnyOrigin(response).type("text/javascript").sendFile(file);
  });
  // The chunks it loads on demand (`rallypoint-nat-doctor.js`), from beside it: it imports them by relative URL.
  router.get(`${dirname(ServerPaths.library)}/:chunk`, (request, response, next) => {
    const { chunk } = request.params;
    const library = libraryFile();
    const file = library && CHUNK_NAME.test(chunk) ? join(dirname(library), chunk) : undefined;
    if (file === undefined || !existsSync(file)) {
      next();
      return;
    }
    allowAnyOrigin(response).type("text/javascript").sendFile(file);
  });
  return router;
}

/** The library's own chunks only: a name, never a path. */
const CHUNK_NAME = /^rallypoint-[a-z0-9-]+\.js$/;

function allowAnyOrigin(response: Response): Response {
  return response.set({
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
  });
}

/** Where the installed (or, in this repository, the workspace's built) client package keeps the bundle. */
function libraryFile(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve("@rallypoint/client/rallypoint.js");
  } catch {
    return undefined;
  }
}
