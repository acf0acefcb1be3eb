import { z } from "zod";
import { Limits } from "@rallypoint/protocol";
import type { IceConfig } from "./ice/ice-provider.js";
import type { LogLevel, StandaloneOptions } from "./options.js";
import type { StateBatching } from "./realtime/state-batcher.js";

/** A list as typed values or as one comma-separated environment variable. */
const list = z
  .preprocess(
    (value) =>
      typeof value === "string"
        ? value
            .split(",")
            .map((item) => item.trim())
            .filter(Boolean)
        : value,
    z.array(z.string().min(1)),
  )
  .default([]);
const integer = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const count = (fallback: number) => integer(1, Number.MAX_SAFE_INTEGER, fallback);

/**
 * Every setting with its default, checked the same way whether it comes as a typed option or as an environment
 * variable (hence the coercions). `RallypointOptions` documents each one; the key test keeps the two in step.
 */
export const SettingsSchema = z.object({
  port: integer(0, 65535, 3000),
  host: z.string().min(1).default("0.0.0.0"),
  staticDir: z.string().min(1).optional(),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  authSharedSecret: z.string().min(1).optional(),
  authenticateTimeoutMs: integer(100, 60_000, 5000),
  idleTimeoutMs: integer(100, 24 * 3600 * 1000, 300_000),
  maxConnectionsPerIp: count(64),
  metricsToken: z.string().min(1).optional(),
  roomCapacity: integer(2, Limits.maxRoomCapacity, 8),
  maxSpectators: integer(0, Limits.maxSpectators, 8),
  // 2 s + 3 s: a vanished client is dropped within 5 s. 1 s + 1 s was measured to drop healthy players when a busy
  // machine stalled a browser for a couple of seconds; a closed tab is seen at once either way.
  heartbeatIntervalMs: integer(200, 600_000, 2000),
  heartbeatTimeoutMs: integer(200, 600_000, 3000),
  resumeGraceMs: integer(0, 3_600_000, 30_000),
  reloadWindowMs: integer(0, 60_000, 750),
  sessionSecret: z.string().min(32).optional(),
  hiddenHostHandoffMs: integer(0, 3_600_000, 5_000),
  kickBanMs: integer(0, 24 * 3_600_000, 300_000),
  stunUrls: list,
  turnUrls: list,
  turnSecret: z.string().min(1).optional(),
  turnTtlSeconds: integer(60, 7 * 24 * 3600, 3600),
  turnUsername: z.string().min(1).optional(),
  turnCredential: z.string().min(1).optional(),
  redisUrl: z.url({ protocol: /^rediss?$/ }).optional(),
  redisKeyPrefix: z.string().min(1).default("rallypoint:"),
  redisNodeTimeoutMs: integer(200, 600_000, 5000),
  relayStateBatch: z.union([z.enum(["off", "turn"]), z.coerce.number().int().min(1).max(100)]).default("turn"),
  allowedOrigins: list,
  trustProxy: integer(0, 10, 0),
  maxMessageBytes: count(64 * 1024),
  maxEventPayloadBytes: count(4 * 1024),
  maxRelayPayloadBytes: integer(1, Limits.maxRelayPayloadBytes, Limits.maxRelayPayloadBytes),
  maxInvalidMessages: count(20),
  invalidMessagesWindowSeconds: count(10),
  roomCreatesPerMinute: count(20),
  maxRoomsPerIp: count(10),
  joinAttemptsPerMinute: count(30),
  failedJoinsPerDay: count(30),
  relayMessagesPerSecond: count(1000),
  relayBytesPerSecond: count(1024 * 1024),
  relayWindowSeconds: count(10),
  sendBufferMaxPackets: count(16 * 1024),
  sendBufferMaxBytes: count(4 * 1024 * 1024),
});

type Settings = z.infer<typeof SettingsSchema>;

export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  roomCapacity: number;
  /** Most spectators one room takes besides its players; 0: none. */
  maxSpectators: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  resumeGraceMs: number;
  /** How long the seat of a page that went away by beacon is kept for its reload; 0: freed at once. */
  reloadWindowMs: number;
  /** Signs seats; undefined: a random secret per process, so rooms do not survive a restart (without Redis). */
  sessionSecret: string | undefined;
  /** How long a host's page may stay hidden before a visible member takes the host role; 0: never. */
  hiddenHostHandoffMs: number;
  /** How long a member the host kicked may not join that room again (from the same address). */
  kickBanMs: number;
  ice: IceConfig;
  /** The secret every client must present in its handshake; undefined lets everyone in. */
  authSharedSecret: string | undefined;
  authenticateTimeoutMs: number;
  /** What `/metrics` asks for; undefined: open outside production, closed in production. */
  metricsToken: string | undefined;
  /** Served at `/` by the standalone server; undefined serves nothing there. */
  staticDir: string | undefined;
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

/** Untrusted input and limits; see RallypointOptions for what each means and its default. */
export interface LimitsConfig {
  isProduction: boolean;
  allowedOrigins: string[];
  trustProxyHops: number;
  idleTimeoutMs: number;
  maxConnectionsPerIp: number;
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

/** The environment variable behind a setting: `roomCapacity` is read from ROOM_CAPACITY. */
export function envName(setting: string): string {
  return setting.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

/**
 * Checks options and fills in the defaults; throws one readable error naming every bad setting (`name` says how:
 * the option itself, or its environment variable).
 */
export function resolveConfig(
  options: Omit<StandaloneOptions, "logger" | "authenticate">,
  name: (setting: string) => string = (setting) => setting,
): Config {
  const { production = false, ...settings } = options;
  const parsed = SettingsSchema.safeParse(settings);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${name(issue.path.join("."))}: ${issue.message}`);
    throw new Error(`Invalid Rallypoint configuration: ${problems.join("; ")}`);
  }
  return toConfig(parsed.data, production, (problem) => {
    throw new Error(`Invalid Rallypoint configuration: ${problem.replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, name)}`);
  });
}

/** Reads every setting from the environment (see envName), as the `rallypoint-server` command does. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const settings: Record<string, string> = {};
  for (const setting of Object.keys(SettingsSchema.shape)) {
    const value = env[envName(setting)];
    if (value !== undefined && value !== "") settings[setting] = value;
  }
  return resolveConfig({ ...settings, production: env.NODE_ENV === "production" }, envName);
}

function toConfig(vars: Settings, production: boolean, fail: (problem: string) => never): Config {
  return {
    port: vars.port,
    host: vars.host,
    logLevel: vars.logLevel,
    roomCapacity: vars.roomCapacity,
    maxSpectators: vars.maxSpectators,
    heartbeatIntervalMs: vars.heartbeatIntervalMs,
    heartbeatTimeoutMs: vars.heartbeatTimeoutMs,
    resumeGraceMs: vars.resumeGraceMs,
    reloadWindowMs: vars.reloadWindowMs,
    sessionSecret: vars.sessionSecret,
    hiddenHostHandoffMs: vars.hiddenHostHandoffMs,
    kickBanMs: vars.kickBanMs,
    ice: iceConfig(vars, fail),
    authSharedSecret: vars.authSharedSecret,
    authenticateTimeoutMs: vars.authenticateTimeoutMs,
    metricsToken: vars.metricsToken,
    staticDir: vars.staticDir,
    stateBatching:
      typeof vars.relayStateBatch === "number"
        ? { kind: "tick", ms: vars.relayStateBatch }
        : { kind: vars.relayStateBatch },
    limits: {
      isProduction: production,
      allowedOrigins: vars.allowedOrigins,
      trustProxyHops: vars.trustProxy,
      idleTimeoutMs: vars.idleTimeoutMs,
      maxConnectionsPerIp: vars.maxConnectionsPerIp,
      maxMessageBytes: vars.maxMessageBytes,
      maxEventPayloadBytes: vars.maxEventPayloadBytes,
      maxRelayPayloadBytes: vars.maxRelayPayloadBytes,
      invalidMessages: { points: vars.maxInvalidMessages, windowSeconds: vars.invalidMessagesWindowSeconds },
      roomCreatesPerMinute: vars.roomCreatesPerMinute,
      maxRoomsPerIp: vars.maxRoomsPerIp,
      joinAttemptsPerMinute: vars.joinAttemptsPerMinute,
      failedJoinsPerDay: vars.failedJoinsPerDay,
      relayMessagesPerSecond: vars.relayMessagesPerSecond,
      relayBytesPerSecond: vars.relayBytesPerSecond,
      relayWindowSeconds: vars.relayWindowSeconds,
      sendBuffer: { maxPackets: vars.sendBufferMaxPackets, maxBytes: vars.sendBufferMaxBytes },
    },
    redis:
      vars.redisUrl === undefined
        ? undefined
        : { url: vars.redisUrl, keyPrefix: vars.redisKeyPrefix, nodeTimeoutMs: vars.redisNodeTimeoutMs },
  };
}

/** TURN takes exactly one kind of credential: a shared secret, or a static username and credential. */
function iceConfig(vars: Settings, fail: (problem: string) => never): IceConfig {
  const { turnUrls: urls, turnSecret: secret, turnUsername: username, turnCredential: credential } = vars;
  const hasStatic = username !== undefined || credential !== undefined;
  if (secret !== undefined && hasStatic) {
    fail("set either turnSecret (ephemeral credentials) or turnUsername and turnCredential, not both");
  }
  if (urls.length === 0) {
    if (secret !== undefined || hasStatic) fail("turnSecret, turnUsername and turnCredential need turnUrls");
    return { stunUrls: vars.stunUrls, turn: undefined };
  }
  if (secret !== undefined) {
    return { stunUrls: vars.stunUrls, turn: { kind: "ephemeral", urls, secret, ttlSeconds: vars.turnTtlSeconds } };
  }
  if (username === undefined || credential === undefined) {
    return fail("turnUrls needs turnSecret, or both turnUsername and turnCredential");
  }
  return { stunUrls: vars.stunUrls, turn: { kind: "static", urls, username, credential } };
}
