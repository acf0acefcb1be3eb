import { z } from "zod";
import type { IceServer } from "@rallypoint/shared";

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
  /** Comma-separated TURN URLs, with TURN_USERNAME and TURN_CREDENTIAL. */
  TURN_URLS: commaList,
  TURN_USERNAME: z.string().optional(),
  TURN_CREDENTIAL: z.string().optional(),
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
  iceServers: IceServer[];
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
  if (vars.TURN_URLS.length > 0 && (!vars.TURN_USERNAME || !vars.TURN_CREDENTIAL)) {
    throw new Error("Invalid configuration: TURN_URLS needs TURN_USERNAME and TURN_CREDENTIAL");
  }
  const iceServers: IceServer[] = [];
  if (vars.STUN_URLS.length > 0) iceServers.push({ urls: vars.STUN_URLS });
  if (vars.TURN_URLS.length > 0) {
    iceServers.push({ urls: vars.TURN_URLS, username: vars.TURN_USERNAME, credential: vars.TURN_CREDENTIAL });
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    logLevel: vars.LOG_LEVEL,
    roomCapacity: vars.ROOM_CAPACITY,
    heartbeatIntervalMs: vars.HEARTBEAT_INTERVAL_MS,
    heartbeatTimeoutMs: vars.HEARTBEAT_TIMEOUT_MS,
    iceServers,
    authSharedSecret: vars.AUTH_SHARED_SECRET,
    clientDistDir: vars.CLIENT_DIST_DIR ?? defaultClientDistDir,
  };
}
