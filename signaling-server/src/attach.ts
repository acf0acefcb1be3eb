import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import { Router } from "express";
import { Server } from "socket.io";
import { ServerPaths, socketIoParser } from "@rallypoint/protocol";
import type { Logger } from "pino";
import { resolveConfig, type Config } from "./config.js";
import { createLogger } from "./observability/logger.js";
import type { RallypointOptions } from "./options.js";
import { healthRouter } from "./http/health.js";
import { iceConfigRouter } from "./http/ice-config.js";
import { leaveBeaconRouter } from "./http/leave-beacon.js";
import { libraryRouter } from "./http/library.js";
import { ServerMetrics } from "./observability/metrics.js";
import { metricsRouter } from "./observability/metrics-route.js";
import { readinessRouter } from "./http/readiness.js";
import { IceProvider } from "./ice/ice-provider.js";
import { mountPeerServer } from "./peer/peer-server.js";
import { keepSignalingInRooms } from "./peer/signaling-scope.js";
import { authMiddleware, sharedSecretAuthenticator, type Authenticate } from "./realtime/authenticate.js";
import { connectionHandlers } from "./realtime/connection-handlers.js";
import { dispatchTo } from "./realtime/event-handlers.js";
import { Inflight } from "./realtime/inflight.js";
import { leaveByBeacon } from "./realtime/leave-by-beacon.js";
import { peerLinkTotals } from "./realtime/link-report-handlers.js";
import { clientAddress } from "./security/client-address.js";
import { noSeatBindings } from "./realtime/seat-bindings.js";
import { SeatTimers } from "./realtime/seat-timers.js";
import { StateBatcher } from "./realtime/state-batcher.js";
import { socketIoOutlet } from "./realtime/state-outlet.js";
import { type RealtimeContext, type SignalingServer } from "./realtime/types.js";
import { MemoryMemberTokenStore } from "./rooms/member-token-store.js";
import { MemoryRoomStore } from "./rooms/room-store.js";
import { SeatSigner } from "./rooms/seat-signer.js";
import { Cluster } from "./scale/cluster.js";
import { EventGuard } from "./security/event-guard.js";
import { OriginPolicy, originMiddleware } from "./security/origin-policy.js";
import { RateLimits } from "./security/rate-limits.js";
import { sweepSlowConsumers } from "./security/slow-consumers.js";
import { ConnectionsPerAddress } from "./security/connections-per-address.js";
import { closeIdleConnections } from "./security/idle-connections.js";

/** Socket.IO's default path, which the client library uses. */
const SOCKET_IO_PATH = "/socket.io";

/** Rallypoint on your HTTP server: what `attachRallypoint` returns. */
export interface Rallypoint {
  /**
   * Rallypoint's HTTP routes, to mount with `app.use(rallypoint.router)`: `/healthz`, `/readyz`, `/metrics`,
   * `/api/ice` (TURN credentials for members), `/rallypoint/rallypoint.js` (the browser library) and `/peerjs`.
   * The websockets (Socket.IO on `/socket.io`, PeerJS on `/peerjs`) work whether or not it is mounted.
   */
  router: Router;
  /** The Socket.IO server Rallypoint runs on (typed with the protocol's events); for metrics or your own hooks. */
  io: SignalingServer;
  /** Resolves once Rallypoint can take players: at once, or with `redisUrl` when Redis answers. Rejects if not. */
  ready(): Promise<void>;
  /**
   * Tells every client `server:shutdown` (come back after `retryAfterMs`), disconnects them and stops Rallypoint's
   * websockets and timers. Your HTTP server keeps running: close it yourself (the standalone server does).
   */
  close(options?: CloseOptions): Promise<void>;
}

/** How `close()` ends Rallypoint. */
export interface CloseOptions {
  /** What `server:shutdown` tells clients to wait before reconnecting. Default 2000 ms. */
  retryAfterMs?: number;
  /** Longest close may take before it cuts the remaining connections. Default 5000 ms. */
  timeoutMs?: number;
}

/**
 * Adds Rallypoint to your Node HTTP or HTTPS server: Socket.IO (rooms, presence, relay) and the PeerJS signaling
 * websocket, beside your own routes and your own websocket upgrades (use `ws` with `noServer`, as Rallypoint does:
 * a `ws` server given `{ server }` refuses every path but its own). Reads no environment.
 * @example
 * const app = express();
 * const httpServer = createServer(app);
 * const rallypoint = attachRallypoint(httpServer, { allowedOrigins: ["https://game.example.com"] });
 * app.use(rallypoint.router);
 * httpServer.listen(3000);
 */
export function attachRallypoint(httpServer: HttpServer | HttpsServer, options: RallypointOptions = {}): Rallypoint {
  const { logger, authenticate, ...settings } = options;
  return attachWithConfig(httpServer, resolveConfig(settings), { logger, authenticate });
}

export interface AttachHooks {
  logger?: Logger | undefined;
  authenticate?: Authenticate | undefined;
}

/** attachRallypoint with the settings already checked (the standalone server reads them from the environment). */
export function attachWithConfig(httpServer: HttpServer | HttpsServer, config: Config, hooks: AttachHooks): Rallypoint {
  const log = hooks.logger ?? createLogger(config.logLevel);
  const metrics = new ServerMetrics();
  const origins = new OriginPolicy(config.limits.allowedOrigins, config.limits.isProduction);
  // With a Redis URL, several processes share rooms, presence, relay and PeerJS signaling (scale/cluster.ts).
  const seatSigner = new SeatSigner(config.sessionSecret);
  const tokens = (code: string, memberId: string) => seatSigner.tokenFor(code, memberId);
  const cluster = config.redis ? new Cluster(config.redis, config.roomCapacity, log, tokens) : undefined;
  let isClosing = false;
  let closingSockets: ReadonlySet<string> | undefined;
  const io: SignalingServer = new Server(httpServer, {
    ...(cluster && { adapter: cluster.adapter }),
    // Websocket only: no long-polling, so several processes never need sticky sessions.
    transports: ["websocket"],
    // One binary websocket message per packet (see @rallypoint/protocol): relayed bytes are not sent apart.
    parser: socketIoParser,
    maxHttpBufferSize: config.limits.maxMessageBytes,
    // Engine.IO's default, said out loud: compressing each small relay frame would cost more CPU than it saves bytes,
    // and every compressing connection keeps a zlib context (tens of KB). `ws` unmasks client frames with
    // bufferutil (an optional dependency, prebuilt) where Node has no native websocketMask.
    perMessageDeflate: false,
    // Origins are checked by originMiddleware below, which can tell the page why it was refused.
    allowRequest: (_request, callback) => {
      callback(isClosing ? "Server shutting down" : null, !isClosing);
    },
    // A client that vanishes without closing its socket (network loss) is noticed within interval + timeout.
    pingInterval: config.heartbeatIntervalMs,
    pingTimeout: config.heartbeatTimeoutMs,
    serveClient: false,
    // Upgrades on other paths belong to PeerJS or to the host application: never cut them.
    destroyUpgrade: false,
  });
  const registry = cluster?.registry ?? new MemoryRoomStore(config.roomCapacity, tokens);
  const rateLimits = new RateLimits(config.limits, (code) => registry.exists(code), cluster?.sharedLimits);
  const seatTimers = new SeatTimers();
  const memberTokens = cluster?.memberTokens ?? new MemoryMemberTokenStore();
  const inflight = new Inflight(log);
  const ice = new IceProvider(config.ice);
  const context: RealtimeContext = {
    io,
    registry,
    roomCapacity: config.roomCapacity,
    maxSpectators: config.maxSpectators,
    seatSigner,
    shuttingDown: () => closingSockets,
    startedAt: Date.now(),
    memberTokens,
    seatBindings: cluster?.liveness ?? noSeatBindings,
    inflight,
    ice,
    resumeGraceMs: config.resumeGraceMs,
    reloadWindowMs: config.reloadWindowMs,
    hiddenHostHandoffMs: config.hiddenHostHandoffMs,
    kickBanMs: config.kickBanMs,
    addressOf: ({ handshake }) => clientAddress(handshake.address, handshake.headers, config.limits.trustProxyHops),
    seatTimers,
    stateBatcher: new StateBatcher(config.stateBatching, socketIoOutlet(io), metrics),
    log,
    metrics,
  };

  io.use(originMiddleware(origins, () => metrics.countConnectionRefused("origin")));
  const checks: Authenticate[] = [];
  if (config.authSharedSecret !== undefined) checks.push(sharedSecretAuthenticator(config.authSharedSecret));
  if (hooks.authenticate) checks.push(hooks.authenticate);
  if (checks.length > 0) io.use(authMiddleware(checks, config.authenticateTimeoutMs, log));
  const connectionsPerAddress = new ConnectionsPerAddress(
    config.limits.maxConnectionsPerIp,
    config.limits.trustProxyHops,
    () => metrics.countConnectionRefused("connections-per-ip"),
  );
  io.use(connectionsPerAddress.middleware);

  const guard = new EventGuard({ io, limits: config.limits, rateLimits, metrics, log }, dispatchTo(context));
  io.on("connection", connectionHandlers(context, guard, connectionsPerAddress));
  const stopSlowConsumerSweep = sweepSlowConsumers({ io, limits: config.limits, metrics, log });
  const stopIdleSweep = closeIdleConnections(io, config.limits.idleTimeoutMs, log);
  metrics.watch({
    connections: () => io.of("/").sockets.size,
    rooms: () => registry.roomCount,
    // This process's share: its sockets in a room, and the dropped members' seats it holds (one timer each).
    seats: () => ({ connected: seatedSockets(io), held: seatTimers.size }),
    peerLinks: () => peerLinkTotals(io),
  });

  const peerServer = mountPeerServer(httpServer, origins, (id, token) => memberTokens.verify(id, token), log);
  memberTokens.onRevoked((memberId) => peerServer.disconnect(memberId));
  keepSignalingInRooms(peerServer.events, () => metrics.countPeerSignalDropped("other-room"));
  const started = cluster ? cluster.start(context, peerServer) : Promise.resolve();
  let isStarted = false;
  started.then(
    () => (isStarted = true),
    (error: unknown) => log.error({ err: error }, "Rallypoint could not start: Redis did not answer"),
  );
  warnWhenNatsWillRelay(config, log);
  warnWhenRestartsLoseRooms(config, log);

  const router = Router();
  router.use(peerServer.router);
  router.use(healthRouter({ rooms: () => registry.roomCount, connections: () => io.engine.clientsCount }));
  router.use(
    readinessRouter(async () => {
      if (isClosing) return "shutting down";
      if (!isStarted) return "starting";
      await cluster?.ping();
      return undefined;
    }),
  );
  router.use(iceConfigRouter(ice, memberTokens));
  router.use(metricsRouter(metrics, { token: config.metricsToken, isProduction: config.limits.isProduction }));
  router.use(libraryRouter());
  router.use(leaveBeaconRouter((beacon) => inflight.track("leaving by beacon", leaveByBeacon(context, beacon))));

  return {
    router,
    io,
    ready: () => started,
    close: async ({ retryAfterMs = 2000, timeoutMs = 5000 } = {}) => {
      isClosing = true;
      closingSockets = new Set(io.of("/").sockets.keys());
      cluster?.stopSweeping();
      stopSlowConsumerSweep();
      stopIdleSweep();
      // Only this process's clients: with the Redis adapter, io.emit would reach every process's.
      io.local.emit("server:shutdown", { retryAfterMs });
      // Give the notice a moment to leave the socket buffers before the sockets close.
      await new Promise((resolve) => setTimeout(resolve, 50));
      peerServer.close();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          log.warn({ timeoutMs }, "close timed out; cutting the remaining connections");
          for (const socket of io.of("/").sockets.values()) socket.conn.close();
          resolve();
        }, timeoutMs);
      });
      // Each dropped socket's seat is being held; those writes should land before Redis closes (an unreachable
      // Redis would keep them waiting: the deadline bounds that too).
      await Promise.race([closeSocketIo(io).then(() => inflight.settled()), deadline]).finally(() =>
        clearTimeout(timer),
      );
      // Disconnecting every socket held their seats. In memory nothing outlives the server; in Redis the other
      // processes' sweeps release them when their grace windows end.
      seatTimers.clear();
      await started.catch(() => undefined);
      await cluster?.stop();
    },
  };
}

/** Whether an upgrade request is for Rallypoint's websockets (Socket.IO's or PeerJS's path). */
export function isRallypointUpgrade(request: IncomingMessage): boolean {
  const path = new URL(request.url ?? "/", "http://upgrade").pathname;
  return [SOCKET_IO_PATH, ServerPaths.peerjs].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Socket.IO's close() also closes the HTTP server it is attached to, which belongs to the caller: not that part. */
async function closeSocketIo(io: SignalingServer): Promise<void> {
  // Ends every client's connection as a lost transport, not a kick: clients reconnect and resume elsewhere.
  io.engine.close();
  await io.of("/").adapter.close();
}

/** Players behind NAT reach each other over WebRTC only with STUN (and TURN for the strict ones). */
function warnWhenNatsWillRelay(config: Config, log: Logger): void {
  if (!config.limits.isProduction || config.ice.stunUrls.length > 0 || config.ice.turn !== undefined) return;
  log.warn(
    "no STUN or TURN server configured (STUN_URLS / TURN_URLS): players behind NAT will not find a direct WebRTC " +
      "path and will use the relay through this server; see the deployment guide",
  );
}

/** Without a shared secret nor Redis, every deploy ends every game: say so where operators look. */
function warnWhenRestartsLoseRooms(config: Config, log: Logger): void {
  if (!config.limits.isProduction || config.sessionSecret !== undefined || config.redis !== undefined) return;
  log.warn(
    "no SESSION_SECRET (option sessionSecret) and no REDIS_URL: a restart or deploy loses every room and ends " +
      "every game in progress; set SESSION_SECRET to the same random value (32+ characters) on every process",
  );
}

function seatedSockets(io: SignalingServer): number {
  let seated = 0;
  for (const socket of io.of("/").sockets.values()) if (socket.data.roomCode) seated++;
  return seated;
}
