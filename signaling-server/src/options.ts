import type { Logger } from "pino";
import type { Authenticate } from "./realtime/authenticate.js";

/** pino's levels, and `silent`. */
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * Everything Rallypoint can be told, as typed values. Attaching reads no environment: pass what you need. The
 * standalone server (`rallypoint-server`) reads the same settings from environment variables named in
 * SCREAMING_SNAKE_CASE (`roomCapacity` is `ROOM_CAPACITY`, lists comma-separated); see docs/server.md.
 * @example
 * attachRallypoint(httpServer, { allowedOrigins: ["https://game.example.com"], roomCapacity: 4 })
 */
export interface RallypointOptions {
  /** Production drops the development allowance for localhost origins. Default false (env: `NODE_ENV=production`). */
  production?: boolean;
  /** Log level of the default logger. Default `info`. */
  logLevel?: LogLevel;
  /** Your own pino logger. Default: JSON lines on stdout at `logLevel`. */
  logger?: Logger;
  /**
   * Decides who may connect (and so create or join rooms). Default: everyone, unless `authSharedSecret` is set;
   * when both are given a client must pass both.
   */
  authenticate?: Authenticate;
  /** When set, clients must connect with this token (client option `authToken`). Default: none. */
  authSharedSecret?: string;
  /** Longest `authenticate` may take; past it the client is refused with `unauthorized`. Default 5000. */
  authenticateTimeoutMs?: number;
  /** A connection in no room for this long (it never joined one, or left) is closed. Default 300000 (5 min). */
  idleTimeoutMs?: number;
  /**
   * Most Socket.IO connections open at once from one IP address (one per browser tab in a room), per process; past
   * it a connection is refused with `rate-limited`. Default 64.
   */
  maxConnectionsPerIp?: number;
  /**
   * The bearer token `/metrics` asks for (`Authorization: Bearer <token>`). Without one `/metrics` is open outside
   * production, and closed (403) in production. Default: none.
   */
  metricsToken?: string;
  /** Most players in one room, 2-64 (spectators are not counted). Default 8. */
  roomCapacity?: number;
  /**
   * Most spectators in one room besides its players (`joinRoom(code, { spectator: true })`), 0-32; 0: none.
   * Default 8.
   */
  maxSpectators?: number;
  /** Socket.IO heartbeat: a client that vanishes without closing is dropped within interval + timeout. Default 2000. */
  heartbeatIntervalMs?: number;
  /** Default 3000. */
  heartbeatTimeoutMs?: number;
  /** How long a dropped member's seat is held for it to resume, 0 to 3,600,000. 0: a drop is a leave. Default 30000. */
  resumeGraceMs?: number;
  /**
   * How long the seat of a page that closed or navigated away is kept for it to come back from a reload, 0 to
   * 60,000. The page cannot tell a reload from a close, so the others see `peer-reconnecting`, then `peer-resumed`
   * when it reloads in time, or `peer-left` (`left`) when this window ends. 0: a closing page's seat is freed at
   * once, and a reload joins as a new member. Default 750: a reload on a good connection is back well within it,
   * and a closed tab is gone for the others in under a second. See docs/library.md, "Sessions".
   */
  reloadWindowMs?: number;
  /**
   * The secret that signs seats (at least 32 characters; `openssl rand -base64 32`). A process started with the
   * same secret takes back the rooms of one that restarted: members resume into them with the same ids, host and
   * order, with no database. Give every process the same one. Default: a random secret per process, so a restart
   * loses the rooms (unless `redisUrl` keeps them); the `rallypoint-server` command outside production keeps one in
   * `.rallypoint/session-secret` instead. See docs/server.md, "Restarts".
   */
  sessionSecret?: string;
  /**
   * How long a host whose page is hidden (a background tab: throttled, maybe frozen) keeps the host role while a
   * visible connected member could take it, 0 to 3,600,000. 0: a hidden host stays host. Default 5000.
   */
  hiddenHostHandoffMs?: number;
  /**
   * How long a member the host kicked (`room:kick`) may not join that room again from the same address, 0 to
   * 86,400,000. Default 300000 (5 minutes).
   */
  kickBanMs?: number;
  /** STUN URLs handed to clients, e.g. `stun:stun.example.org:3478`. Default none: local play needs none. */
  stunUrls?: string[];
  /** TURN URLs, with either `turnSecret` or `turnUsername` + `turnCredential`. Default none. */
  turnUrls?: string[];
  /** The TURN server's shared secret (coturn `static-auth-secret`): each member gets its own expiring credential. */
  turnSecret?: string;
  /** How long an ephemeral TURN credential lives, 60 s to 7 days; clients renew halfway. Default 3600. */
  turnTtlSeconds?: number;
  /** One static TURN username for everyone (prefer `turnSecret`). */
  turnUsername?: string;
  /** The static TURN credential that goes with `turnUsername`. */
  turnCredential?: string;
  /** `redis://` or `rediss://`: share rooms, presence, the relay and PeerJS signaling with other processes. */
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so deployments can share one Redis. Default `rallypoint:`. */
  redisKeyPrefix?: string;
  /** With `redisUrl`: a process silent this long counts as dead and another holds its seats. Default 5000. */
  redisNodeTimeoutMs?: number;
  /**
   * When relayed state leaves: `turn` (batched per room at the end of the event-loop turn), a tick in ms (1-100),
   * or `off` (one message per state and recipient). Default `turn`.
   */
  relayStateBatch?: "turn" | "off" | number;
  /**
   * Origins whose pages may connect (Socket.IO, PeerJS), or `["*"]`. The server's own origin is always allowed,
   * and outside production any port of localhost / 127.0.0.1 / [::1]. Default none.
   */
  allowedOrigins?: string[];
  /** Proxies in front of the server to trust for X-Forwarded-For (Railway: 1), 0-10. Default 0. */
  trustProxy?: number;
  /** Largest websocket message; bigger ones close the connection. Default 65536. */
  maxMessageBytes?: number;
  /** Largest payload of one request other than relay:send. Default 4096. */
  maxEventPayloadBytes?: number;
  /** Largest relay:send data, at most 16384. Default 16384. */
  maxRelayPayloadBytes?: number;
  /** Invalid messages a connection may send per window before it is dropped. Default 20. */
  maxInvalidMessages?: number;
  /** Default 10. */
  invalidMessagesWindowSeconds?: number;
  /** room:create per IP per minute. Default 20. */
  roomCreatesPerMinute?: number;
  /** Rooms created from one IP alive at once. Default 10. */
  maxRoomsPerIp?: number;
  /** room:join attempts per IP per minute. Default 30. */
  joinAttemptsPerMinute?: number;
  /** Failed joins (no such room) per IP per day. Default 30. */
  failedJoinsPerDay?: number;
  /** relay:send per connection per second: a bucket of `relayWindowSeconds` × this, refilled at this rate. Default 1000. */
  relayMessagesPerSecond?: number;
  /** Relayed payload bytes per connection per second, in a bucket likewise. Default 1048576. */
  relayBytesPerSecond?: number;
  /** Seconds of the relay rates each connection's buckets hold: the largest burst it may send. Default 10. */
  relayWindowSeconds?: number;
  /** A connection with more packets than this waiting to be written is dropped as a slow consumer. Default 16384. */
  sendBufferMaxPackets?: number;
  /** ...or more bytes than this in its websocket. Default 4194304. */
  sendBufferMaxBytes?: number;
}

/** What the standalone server adds: where to listen and what to serve at `/`. */
export interface StandaloneOptions extends RallypointOptions {
  /** Port to listen on; 0 picks a free one. Default 3000 (env `PORT`). */
  port?: number;
  /** Address to listen on. Default `0.0.0.0` (env `HOST`). */
  host?: string;
  /** A folder of static files (your game's build) served at `/`. Default: none (env `STATIC_DIR`). */
  staticDir?: string;
}
