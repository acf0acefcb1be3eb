import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Limits } from "@rallypoint/shared";
import { Server } from "socket.io";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createLogger } from "./logger.js";
import { healthRouter } from "./http/health.js";
import { iceConfigRouter } from "./http/ice-config.js";
import { IceProvider } from "./ice/ice-provider.js";
import { metricsRouter, ServerMetrics } from "./http/metrics.js";
import { staticClientRouter } from "./http/static-client.js";
import { mountPeerServer } from "./peer/peer-server.js";
import { authMiddleware, sharedSecretAuthenticator, type Authenticate } from "./realtime/authenticate.js";
import { registerRelayHandlers } from "./realtime/relay-handlers.js";
import { registerRoomHandlers } from "./realtime/room-handlers.js";
import { registerTimeHandlers } from "./realtime/time-handlers.js";
import type { RealtimeContext, SignalingServer } from "./realtime/types.js";
import { MemberTokens } from "./rooms/member-tokens.js";
import { RoomRegistry } from "./rooms/room-registry.js";

export interface RunningSignalingServer {
  httpServer: HttpServer;
  io: SignalingServer;
  /** Starts listening on config.port (0 picks a free one) and resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /** Disconnects every client and stops listening. */
  close(): Promise<void>;
}

export interface SignalingServerOptions {
  /** Default: a pino logger at `config.logLevel`. */
  log?: Logger;
  /**
   * Decides who may connect (and so create or join rooms). Default: everyone, unless `config.authSharedSecret` is
   * set; when both are given a client must pass both.
   */
  authenticate?: Authenticate;
}

/** Builds the whole server (HTTP routes, Socket.IO, PeerJS) without listening. Reads no environment. */
export function createSignalingServer(config: Config, options: SignalingServerOptions = {}): RunningSignalingServer {
  const log = options.log ?? createLogger(config.logLevel);
  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);
  const io: SignalingServer = new Server(httpServer, {
    // Websocket only: no long-polling, so several processes never need sticky sessions.
    transports: ["websocket"],
    maxHttpBufferSize: Limits.maxRelayPayloadBytes * 4,
    // A client that vanishes without closing its socket (network loss) is noticed within interval + timeout.
    pingInterval: config.heartbeatIntervalMs,
    pingTimeout: config.heartbeatTimeoutMs,
    serveClient: false,
  });
  const registry = new RoomRegistry(config.roomCapacity);
  const metrics = new ServerMetrics();
  const memberTokens = new MemberTokens();
  const ice = new IceProvider(config.ice);
  const context: RealtimeContext = { io, registry, memberTokens, ice, log, metrics };

  const checks: Authenticate[] = [];
  if (config.authSharedSecret !== undefined) checks.push(sharedSecretAuthenticator(config.authSharedSecret));
  if (options.authenticate) checks.push(options.authenticate);
  if (checks.length > 0) io.use(authMiddleware(checks, log));

  io.on("connection", (socket) => {
    registerRoomHandlers(context, socket);
    registerRelayHandlers(context, socket);
    registerTimeHandlers(context, socket);
  });

  const peerServer = mountPeerServer(app, httpServer, (id, token) => memberTokens.verify(id, token));
  memberTokens.onRevoked((memberId) => peerServer.disconnect(memberId));
  app.use(healthRouter({ rooms: () => registry.roomCount, connections: () => io.engine.clientsCount }));
  app.use(iceConfigRouter(ice, memberTokens));
  app.use(metricsRouter(metrics));
  app.use(staticClientRouter(config.clientDistDir));

  return {
    httpServer,
    io,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off("error", reject);
          resolve(httpServer.address() as AddressInfo);
        });
      }),
    close: async () => {
      peerServer.close();
      // io.close() disconnects every socket and closes the HTTP server too.
      await io.close();
    },
  };
}
