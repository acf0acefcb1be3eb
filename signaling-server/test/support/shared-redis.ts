import { afterAll, beforeAll } from "vitest";
import { createClient } from "@redis/client";
import type { AttachHooks } from "../../src/attach.js";
import { startTestServer, type TestServer } from "./test-server.js";
import { hasRedisServer, startRedisServer, type RedisServer } from "../../../scripts/support/redis-server.js";

export { hasRedisServer };

export interface SharedRedis {
  /** `redis://127.0.0.1:PORT` of the file's redis-server. */
  readonly url: string;
  /** Environment for one deployment: REDIS_URL and a key prefix no other test uses. */
  deployment(overrides?: Record<string, string>): Record<string, string>;
  /** Two servers of one deployment, as a load balancer's replicas; `hooks` as startTestServer takes them. */
  twoServers(overrides?: Record<string, string>, hooks?: AttachHooks): Promise<[TestServer, TestServer]>;
  /** Sends one command, e.g. `["LLEN", key]`, to look at what the servers keep in Redis. */
  command(args: string[]): Promise<unknown>;
}

let deployments = 0;

const connectClient = (url: string) => createClient({ url }).connect();

/**
 * Starts one redis-server for the test file (beforeAll) and stops it after (afterAll). Tests share it, each under a
 * key prefix of its own, so they never see each other's rooms. Call at the top of a file guarded by hasRedisServer.
 */
export function useSharedRedis(): SharedRedis {
  let redis: RedisServer | undefined;
  let client: ReturnType<typeof connectClient> | undefined;
  beforeAll(async () => {
    if (hasRedisServer) redis = await startRedisServer();
  });
  afterAll(async () => {
    (await client)?.destroy();
    await redis?.kill();
  });
  const url = (): string => {
    if (!redis) throw new Error("redis-server did not start");
    return redis.url;
  };
  const deployment = (overrides: Record<string, string> = {}): Record<string, string> => ({
    REDIS_URL: url(),
    REDIS_KEY_PREFIX: `test-${process.pid}-${++deployments}:`,
    ...overrides,
  });
  return {
    get url() {
      return url();
    },
    deployment,
    twoServers: async (overrides, hooks) => {
      const env = deployment(overrides);
      return [await startTestServer(env, hooks), await startTestServer(env, hooks)];
    },
    command: async (args) => {
      client ??= connectClient(url());
      return (await client).sendCommand(args);
    },
  };
}

/** Says once per file why its tests did not run; in CI (`CI` set) fails the file instead. */
export function warnIfNoRedis(what: string): void {
  if (hasRedisServer) return;
  const missing = `redis-server is not installed (apt-get install -y redis-server)`;
  // .ci/run installs it: in CI a skipped file would pass without testing anything.
  if (process.env.CI) throw new Error(`${what} cannot run: ${missing}; CI runs every test`);
  console.warn(`${what} skipped: ${missing}`);
}

/** A pair of servers a test runs on, sharing rooms: [name, whether it can run here, start it with this env]. */
export type Deployment = [string, boolean, (env?: Record<string, string>) => Promise<[TestServer, TestServer]>];

/**
 * For rules that must hold the same in memory and in Redis: one in-memory server (twice, as both of the pair), and two
 * servers sharing `redis`. `env` goes to every server, under each test's own; `hooks` (an `authenticate`) to each.
 */
export function inMemoryAndInRedis(
  redis: SharedRedis,
  env: Record<string, string> = {},
  hooks: AttachHooks = {},
): Deployment[] {
  return [
    [
      "in memory",
      true,
      async (overrides = {}) => {
        const server = await startTestServer({ ...env, ...overrides }, hooks);
        return [server, server];
      },
    ],
    [
      "in Redis, over two servers",
      hasRedisServer,
      (overrides = {}) => redis.twoServers({ ...env, ...overrides }, hooks),
    ],
  ];
}
