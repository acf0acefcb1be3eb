import { z } from "zod";
import type { IceConfig } from "./ice/ice-provider.js";

const commaList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** Every environment variable the server reads, with its default. The README's configuration table mirrors this. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ROOM_CAPACITY: z.coerce.number().int().min(2).max(64).default(8),
  /** Socket.IO heartbeat: a client that vanishes without closing its socket is dropped within the sum of both. */
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(200).default(1000),
  HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(200).default(1000),
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
  /** Where the built web client lives; defaults to the workspace's web-client/dist. */
  CLIENT_DIST_DIR: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof EnvSchema>["LOG_LEVEL"];
  roomCapacity: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  ice: IceConfig;
  /** The secret every client must present in its handshake; undefined lets everyone in. */
  authSharedSecret: string | undefined;
  clientDistDir: string;
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
    ice,
    authSharedSecret: vars.AUTH_SHARED_SECRET,
    clientDistDir: vars.CLIENT_DIST_DIR ?? defaultClientDistDir,
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
