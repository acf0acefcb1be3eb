import { createServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import express from "express";
import { attachWithConfig, isRallypointUpgrade, type CloseOptions, type Rallypoint } from "./attach.js";
import { resolveConfig, type Config } from "./config.js";
import { securityHeaders } from "./http/security-headers.js";
import { staticFilesRouter } from "./http/static-files.js";
import type { StandaloneOptions } from "./options.js";
import type { AttachHooks } from "./attach.js";

/** A Rallypoint server of its own: what `createRallypointServer` returns. */
export interface RallypointServer {
  /** The Express app: Rallypoint's routes, then `staticDir` at `/`. Add your own routes before listening. */
  app: express.Express;
  /** The Node HTTP server it listens with. */
  httpServer: HttpServer;
  /** Rallypoint's Socket.IO server (see Rallypoint.io). */
  io: Rallypoint["io"];
  /** Listens on `port` (0 picks a free one) and `host`, once Rallypoint is ready; resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /** Rallypoint's close (clients told `server:shutdown`), then the HTTP server's. */
  close(options?: CloseOptions): Promise<void>;
}

/**
 * A standalone Rallypoint server on its own port (what the `rallypoint-server` command runs). Reads no environment.
 * @example
 * const server = createRallypointServer({ port: 3000, staticDir: "dist" });
 * const { port } = await server.listen();
 */
export function createRallypointServer(options: StandaloneOptions = {}): RallypointServer {
  const { logger, authenticate, ...settings } = options;
  return standaloneWithConfig(resolveConfig(settings), { logger, authenticate });
}

/** createRallypointServer with the settings already checked (the command reads them from the environment). */
export function standaloneWithConfig(config: Config, hooks: AttachHooks): RallypointServer {
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  const httpServer = createServer(app);
  const rallypoint = attachWithConfig(httpServer, config, hooks);
  app.use(rallypoint.router);
  if (config.staticDir !== undefined) app.use(staticFilesRouter(config.staticDir));
  // Nothing else here takes websockets: an upgrade on another path is refused at once instead of left hanging.
  httpServer.on("upgrade", (request: IncomingMessage, socket: Duplex) => {
    if (!isRallypointUpgrade(request)) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  return {
    app,
    httpServer,
    io: rallypoint.io,
    listen: async () => {
      await rallypoint.ready();
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off("error", reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    close: async (closeOptions) => {
      // Stop accepting at once; this resolves when the last open connection has ended.
      const drained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await rallypoint.close(closeOptions);
      httpServer.closeAllConnections();
      await drained;
    },
  };
}
