import { afterEach, describe, expect, it } from "vitest";
import { closeAll, startTestServer } from "./support/test-server.js";
import { startRedisServer } from "../../scripts/support/redis-server.js";
import { hasRedisServer, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("readiness tests with Redis");
const redis = useSharedRedis();
afterEach(closeAll);

describe("readiness without Redis", () => {
  it("answers /readyz 200: nothing outside the process to wait for", async () => {
    const server = await startTestServer();
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ready" });
  });
});

describe.runIf(hasRedisServer)("readiness with Redis", () => {
  it("answers /readyz 200 while Redis answers", async () => {
    const server = await startTestServer(redis.deployment());
    const response = await fetch(`${server.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready" });
    // Liveness is unchanged.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("answers /readyz 503 with the reason once Redis has gone, and /healthz still 200", async () => {
    const own = await startRedisServer();
    try {
      const server = await startTestServer({ REDIS_URL: own.url });
      await own.kill();
      const response = await fetch(`${server.url}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable", reason: expect.any(String) as unknown });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await own.kill();
    }
  });
});
