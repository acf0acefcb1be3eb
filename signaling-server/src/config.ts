import { z } from "zod";
import { Limits } from "@rallypoint/protocol";
import type { IceConfig } from "./ice/ice-provider.js";
import type { StateBatching } from "./realtime/state-batcher.js";

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Untrusted input and limits; every count is per window, every window fixed (rate-limiter-flexible). */
const LimitsEnvSchema = z.object({
  /**
   * Comma-separated origins a browser may connect from (Socket.IO and PeerJS), or `*` for any. The server's own
   * origin is always allowed, and outside production any port of localhost / 127.0.0.1 / [::1]. Clients that send
   * no Origin header (not browsers) are let through: they can forge one anyway.
   */
  ALLOWED_ORIGINS: commaList,
  /** How many proxies in front of the server to trust for X-Forwarded-For (Railway: 1). 0 uses the peer address. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Largest websocket message (Socket.IO maxHttpBufferSize); bigger ones close the connection. */
  MAX_MESSAGE_BYTES: count(64 * 1024),
  /** Largest payload of one event other than relay:send, estimated from its decoded size. */
  MAX_EVENT_PAYLOAD_BYTES: count(4 * 1024),
  /** Largest relay:send data; never above the protocol's Limits.maxRelayPayloadBytes (16 KiB). */
  MAX_RELAY_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(Limits.maxRelayPayloadBytes)
    .default(Limits.maxRelayPayloadBytes),
  /** Invalid messages (bad payload, unknown event, too large) a socket may send per window before it is dropped. */
  MAX_INVALID_MESSAGES: count(20),
  INVALID_MESSAGES_WINDOW_SECONDS: count(10),
  /** room:create per IP per minute, and rooms created from one IP that may be alive at once. */
  ROOM_CREATES_PER_MINUTE: count(20),
  MAX_ROOMS_PER_IP: count(10),
  /** room:join attempts per IP per minute, and failed ones (no such room) per IP per day: see the README arithmetic. */
  JOIN_ATTEMPTS_PER_MINUTE: count(30),
  FAILED_JOINS_PER_DAY: count(30),
  /**
   * relay:send per socket per second, in messages and in payload bytes, averaged over RELAY_WINDOW_SECONDS so the
   * burst of resends after a path switch (up to 1024 pending events per peer) fits; over it, state is dropped and
   * events are refused.
   */
  RELAY_MESSAGES_PER_SECOND: count(1000),
  RELAY_BYTES_PER_SECOND: count(1024 * 1024),
  RELAY_WINDOW_SECONDS: count(10),
  /** A socket with more packets than this waiting to be written, or more bytes in its websocket, is dropped. */
  SEND_BUFFER_MAX_PACKETS: count(16 * 1024),
  SEND_BUFFER_MAX_BYTES: count(4 * 1024 * 1024),
});

/** Every environment variable the server reads, with its default. The README's configuration table mirrors this. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ROOM_CAPACITY: z.coerce.number().int().min(2).max(Limits.maxRoomCapacity).default(8),
  /** Socket.IO heartbeat: a client that vanishes without closing its socket is dropped within the sum of both. */
  // 2 s + 3 s: a vanished client is dropped within 5 s. 1 s + 1 s (2 s) was measured to drop healthy players when
  // a busy machine stalled a browser for a couple of seconds; a closed tab is seen at once either way.
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(200).default(2000),
  HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(200).default(3000),
  /**
   * How long a member's seat is held after its socket drops without room:leave, for it to come back with
   * room:resume. 0 turns holding off: a drop is a leave.
   */
  RESUME_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Comma-separated STUN URLs, e.g. `stun:stun.example.org:3478`. None by default: local play needs none. */
  STUN_URLS: commaList,
  /** Comma-separated TURN URLs, with either TURN_SECRET or TURN_USERNAME and TURN_CREDENTIAL. */
  TURN_URLS: commaList,
  /** The TURN server's shared secret (coturn `static-auth-secret`): each member gets its own expiring credential. */
  TURN_SECRET: z.string().min(1).optional(),
  /** How long an ephemeral TURN credential is valid; clients fetch a fresh one halfway through. */
  TURN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(3600),
  /** One static TURN credential for everyone (a long-lived secret in every client's hands: prefer TURN_SECRET). */
  TURN_USERNAME: z.string().min(1).optional(),
  TURN_CREDENTIAL: z.string().min(1).optional(),
  /** When set, clients must connect with `auth: { token: AUTH_SHARED_SECRET }` (library option `authToken`). */
  AUTH_SHARED_SECRET: z.string().min(1).optional(),
  /**
   * `redis://host:port` (or `rediss://`): run as one of several processes sharing rooms, presence, the relay and
   * PeerJS signaling through this Redis. Unset: everything stays in this process's memory.
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** Put before every Redis key and channel, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z.string().min(1).default("rallypoint:"),
  /** With REDIS_URL: a process silent this long counts as dead; another one holds its members' seats. */
  REDIS_NODE_TIMEOUT_MS: z.coerce.number().int().min(200).max(600_000).default(5000),
  /**
   * When relayed state leaves: `turn` (at the end of the event-loop turn it arrived in: messages that arrive
   * together leave as one `relay:batch` per room, and an idle server adds no delay), a number of ms (a tick: batches
   * also what arrives that much apart, and delays every state message by up to that much), or `off` (one
   * `relay:message` per message and recipient, as before batching).
   */
  RELAY_STATE_BATCH: z.union([z.enum(["off", "turn"]), z.coerce.number().int().min(1).max(100)]).default("turn"),
  /** Where the built web client lives; defaults to the workspace's web-client/dist. */
  CLIENT_DIST_DIR: z.string().optional(),
  /** `production` drops the development allowance for localhost origins. */
  NODE_ENV: z.string().optional(),
  ...LimitsEnvSchema.shape,
});

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  roomCapacity: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  resumeGraceMs: number;
  ice: IceConfig;
  /** The secret every client must present in its handshake; undefined lets everyone in. */
  authSharedSecret: string | undefined;
  clientDistDir: string;
  stateBatching: StateBatching;
  limits: LimitsConfig;
  /** Scale-out through Redis; undefined keeps everything in memory (one process). */
  redis: RedisConfig | undefined;
}

export interface RedisConfig {
  url: string;
  keyPrefix: string;
  /** How long after its last heartbeat a process counts as dead. */
  nodeTimeoutMs: number;
}

/** Untrusted input and limits; see LimitsEnvSchema for what each means and its default. */
export interface LimitsConfig {
  isProduction: boolean;
  allowedOrigins: string[];
  trustProxyHops: number;
  maxMessageBytes: number;
  maxEventPayloadBytes: number;
  maxRelayPayloadBytes: number;
  invalidMessages: { points: number; windowSeconds: number };
  roomCreatesPerMinute: number;
  maxRoomsPerIp: number;
  joinAttemptsPerMinute: number;
  failedJoinsPerDay: number;
  relayMessagesPerSecond: number;
  relayBytesPerSecond: number;
  relayWindowSeconds: number;
  sendBuffer: { maxPackets: number; maxBytes: number };
}

const defaultClientDistDir = new URL("../../web-client/dist/", import.meta.url).pathname;

/** Parses the environment once; throws a readable error naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const vars = parsed.data;
  const ice = iceConfig(vars);
  return {
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    roomCapacity: vars.ROOM_CAPACITY,
    heartbeatIntervalMs: vars.HEARTBEAT_INTERVAL_MS,
    heartbeatTimeoutMs: vars.HEARTBEAT_TIMEOUT_MS,
    resumeGraceMs: vars.RESUME_GRACE_MS,
    ice,
    authSharedSecret: vars.AUTH_SHARED_SECRET,
    clientDistDir: vars.CLIENT_DIST_DIR ?? defaultClientDistDir,
    stateBatching:
      typeof vars.RELAY_STATE_BATCH === "number"
        ? { kind: "tick", ms: vars.RELAY_STATE_BATCH }
        : { kind: vars.RELAY_STATE_BATCH },
    limits: {
      isProduction: vars.NODE_ENV === "production",
      allowedOrigins: vars.ALLOWED_ORIGINS,
      trustProxyHops: vars.TRUST_PROXY,
      maxMessageBytes: vars.MAX_MESSAGE_BYTES,
      maxEventPayloadBytes: vars.MAX_EVENT_PAYLOAD_BYTES,
      maxRelayPayloadBytes: vars.MAX_RELAY_PAYLOAD_BYTES,
      invalidMessages: { points: vars.MAX_INVALID_MESSAGES, windowSeconds: vars.INVALID_MESSAGES_WINDOW_SECONDS },
      roomCreatesPerMinute: vars.ROOM_CREATES_PER_MINUTE,
      maxRoomsPerIp: vars.MAX_ROOMS_PER_IP,
      joinAttemptsPerMinute: vars.JOIN_ATTEMPTS_PER_MINUTE,
      failedJoinsPerDay: vars.FAILED_JOINS_PER_DAY,
      relayMessagesPerSecond: vars.RELAY_MESSAGES_PER_SECOND,
      relayBytesPerSecond: vars.RELAY_BYTES_PER_SECOND,
      relayWindowSeconds: vars.RELAY_WINDOW_SECONDS,
      sendBuffer: { maxPackets: vars.SEND_BUFFER_MAX_PACKETS, maxBytes: vars.SEND_BUFFER_MAX_BYTES },
    },
    redis:
      vars.REDIS_URL === undefined
        ? undefined
        : { url: vars.REDIS_URL, keyPrefix: vars.REDIS_KEY_PREFIX, nodeTimeoutMs: vars.REDIS_NODE_TIMEOUT_MS },
  };
}

/** TURN takes exactly one kind of credential: a shared secret, or a static username and credential. */
function iceConfig(vars: z.infer<typeof EnvSchema>): IceConfig {
  const { TURN_URLS: urls, TURN_SECRET: secret, TURN_USERNAME: username, TURN_CREDENTIAL: credential } = vars;
  const fail = (problem: string): never => {
    throw new Error(`Invalid configuration: ${problem}`);
  };
  const hasStatic = username !== undefined || credential !== undefined;
  if (secret !== undefined && hasStatic) {
    fail("set either TURN_SECRET (ephemeral credentials) or TURN_USERNAME and TURN_CREDENTIAL, not both");
  }
  if (urls.length === 0) {
    if (secret !== undefined || hasStatic) fail("TURN_SECRET, TURN_USERNAME and TURN_CREDENTIAL need TURN_URLS");
    return { stunUrls: vars.STUN_URLS, turn: undefined };
  }
  if (secret !== undefined) {
    return { stunUrls: vars.STUN_URLS, turn: { kind: "ephemeral", urls, secret, ttlSeconds: vars.TURN_TTL_SECONDS } };
  }
  if (username === undefined || credential === undefined) {
    return fail("TURN_URLS needs TURN_SECRET, or both TURN_USERNAME and TURN_CREDENTIAL");
  }
  return { stunUrls: vars.STUN_URLS, turn: { kind: "static", urls, username, credential } };
}
