import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { Server } from "socket.io";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createLogger } from "./logger.js";
import { healthRouter } from "./http/health.js";
import { readinessRouter } from "./http/readiness.js";
import { iceConfigRouter } from "./http/ice-config.js";
import { IceProvider } from "./ice/ice-provider.js";
import { metricsRouter, ServerMetrics } from "./http/metrics.js";
import { securityHeaders } from "./http/security-headers.js";
import { staticClientRouter } from "./http/static-client.js";
import { mountPeerServer } from "./peer/peer-server.js";
import { authMiddleware, sharedSecretAuthenticator, type Authenticate } from "./realtime/authenticate.js";
import { registerConnectionHandlers } from "./realtime/connection-handlers.js";
import { peerLinkTotals, registerLinkReportHandlers } from "./realtime/link-report-handlers.js";
import { Inflight } from "./realtime/inflight.js";
import { registerRelayHandlers } from "./realtime/relay-handlers.js";
import { registerResumeHandlers } from "./realtime/resume-handlers.js";
import { registerRoomHandlers } from "./realtime/room-handlers.js";
import { noSeatBindings } from "./realtime/seat-bindings.js";
import { SeatTimers } from "./realtime/seat-timers.js";
import { socketIoOutlet, StateBatcher } from "./realtime/state-batcher.js";
import { registerTimeHandlers } from "./realtime/time-handlers.js";
import type { RealtimeContext, SignalingServer } from "./realtime/types.js";
import { MemoryMemberTokenStore } from "./rooms/member-token-store.js";
import { MemoryRoomStore } from "./rooms/room-store.js";
import { Cluster } from "./scale/cluster.js";
import { guardSocket } from "./security/event-guard.js";
import { sweepSlowConsumers } from "./security/slow-consumer-sweep.js";
import { OriginPolicy } from "./security/origin-policy.js";
import { RateLimits } from "./security/rate-limits.js";

export interface RunningSignalingServer {
  httpServer: HttpServer;
  io: SignalingServer;
  /** Starts listening on config.port (0 picks a free one) and resolves with the bound address. */
  listen(): Promise<AddressInfo>;
  /**
   * Stops accepting, tells every client `server:shutdown` (come back after `retryAfterMs`), disconnects them and
   * stops listening; connections still open after `timeoutMs` are cut.
   */
  close(options?: CloseOptions): Promise<void>;
}

export interface CloseOptions {
  /** What `server:shutdown` tells clients to wait before reconnecting. Default 2000 ms. */
  retryAfterMs?: number;
  /** Longest close may take before it cuts the remaining connections. Default 5000 ms. */
  timeoutMs?: number;
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
  app.use(securityHeaders());
  const httpServer = createServer(app);
  const metrics = new ServerMetrics();
  const origins = new OriginPolicy(config.limits.allowedOrigins, config.limits.isProduction);
  // With REDIS_URL, several processes share rooms, presence, relay and PeerJS signaling (scale/cluster.ts).
  const cluster = config.redis ? new Cluster(config.redis, config.roomCapacity, log) : undefined;
  const io: SignalingServer = new Server(httpServer, {
    ...(cluster && { adapter: cluster.adapter }),
    // Websocket only: no long-polling, so several processes never need sticky sessions.
    transports: ["websocket"],
    maxHttpBufferSize: config.limits.maxMessageBytes,
    allowRequest: (request, callback) => {
      const isAllowed = origins.allowsRequest(request);
      if (!isAllowed) metrics.countConnectionRefused("origin");
      callback(isAllowed ? null : "Origin not allowed", isAllowed);
    },
    // A client that vanishes without closing its socket (network loss) is noticed within interval + timeout.
    pingInterval: config.heartbeatIntervalMs,
    pingTimeout: config.heartbeatTimeoutMs,
    serveClient: false,
  });
  const registry = cluster?.registry ?? new MemoryRoomStore(config.roomCapacity);
  const rateLimits = new RateLimits(config.limits, (code) => registry.exists(code), cluster?.sharedLimits);
  const seatTimers = new SeatTimers();
  const memberTokens = cluster?.memberTokens ?? new MemoryMemberTokenStore();
  const inflight = new Inflight(log);
  const ice = new IceProvider(config.ice);
  const context: RealtimeContext = {
    io,
    registry,
    memberTokens,
    seatBindings: cluster?.liveness ?? noSeatBindings,
    inflight,
    ice,
    resumeGraceMs: config.resumeGraceMs,
    seatTimers,
    stateBatcher: new StateBatcher(config.stateBatching, socketIoOutlet(io), metrics),
    log,
    metrics,
  };
  let isClosing = false;

  const checks: Authenticate[] = [];
  if (config.authSharedSecret !== undefined) checks.push(sharedSecretAuthenticator(config.authSharedSecret));
  if (options.authenticate) checks.push(options.authenticate);
  if (checks.length > 0) io.use(authMiddleware(checks, log));

  io.on("connection", (socket) => {
    // First: it wraps the handlers the groups below register.
    guardSocket({ io, limits: config.limits, rateLimits, metrics, log }, socket);
    // Before the room handlers: its disconnect line still sees the room the socket was in.
    registerConnectionHandlers(context, socket);
    registerRoomHandlers(context, socket);
    registerResumeHandlers(context, socket);
    registerRelayHandlers(context, socket);
    registerTimeHandlers(context, socket);
    registerLinkReportHandlers(context, socket);
  });
  const stopSlowConsumerSweep = sweepSlowConsumers({ io, limits: config.limits, metrics, log });
  metrics.watch({
    connections: () => io.of("/").sockets.size,
    rooms: () => registry.roomCount,
    // This process's share: its sockets in a room, and the dropped members' seats it holds (one timer each).
    seats: () => ({ connected: seatedSockets(io), held: seatTimers.size }),
    peerLinks: () => peerLinkTotals(io),
  });

  const peerServer = mountPeerServer(app, httpServer, origins, (id, token) => memberTokens.verify(id, token), log);
  memberTokens.onRevoked((memberId) => peerServer.disconnect(memberId));
  app.use(healthRouter({ rooms: () => registry.roomCount, connections: () => io.engine.clientsCount }));
  app.use(
    readinessRouter(async () => {
      if (isClosing) return "shutting down";
      await cluster?.ping();
      return undefined;
    }),
  );
  app.use(iceConfigRouter(ice, memberTokens));
  app.use(metricsRouter(metrics));
  app.use(staticClientRouter(config.clientDistDir));

  return {
    httpServer,
    io,
    listen: async () => {
      await cluster?.start(context, peerServer);
      return new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off("error", reject);
          resolve(httpServer.address() as AddressInfo);
        });
      });
    },
    close: async ({ retryAfterMs = 2000, timeoutMs = 5000 } = {}) => {
      isClosing = true;
      cluster?.stopSweeping();
      stopSlowConsumerSweep();
      // Stop accepting at once; this resolves when the last open connection has ended.
      const drained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Only this process's clients: with the Redis adapter, io.emit would reach every process's.
      io.local.emit("server:shutdown", { retryAfterMs });
      // Give the notice a moment to leave the socket buffers before the sockets close.
      await new Promise((resolve) => setTimeout(resolve, 50));
      peerServer.close();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log.warn({ timeoutMs }, "close timed out; cutting the remaining connections");
          httpServer.closeAllConnections();
          resolve();
        }, timeoutMs);
      });
      await io.close();
      // Each dropped socket's seat is being held; those writes should land before Redis closes (an unreachable
      // Redis would keep them waiting: the deadline bounds that too).
      await Promise.race([Promise.all([inflight.settled(), drained]), deadline]).finally(() => clearTimeout(timer));
      // Disconnecting every socket held their seats. In memory nothing outlives the server; in Redis the other
      // processes' sweeps release them when their grace windows end.
      seatTimers.clear();
      await cluster?.stop();
    },
  };
}

function seatedSockets(io: SignalingServer): number {
  let seated = 0;
  for (const socket of io.of("/").sockets.values()) if (socket.data.roomCode) seated++;
  return seated;
}
