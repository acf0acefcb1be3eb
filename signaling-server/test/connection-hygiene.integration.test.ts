import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode } from "@rallypoint/protocol";
import { metricValue } from "./support/metric-value.js";
import { closeAll, createRoom, refusalOf, request, startTestServer } from "./support/test-server.js";

afterEach(closeAll);

describe("idle connections", () => {
  it("are closed when they join no room within IDLE_TIMEOUT_MS, or stay out of one after leaving", async () => {
    const server = await startTestServer({ IDLE_TIMEOUT_MS: "400" });
    const seated = await server.connect();
    await createRoom(seated);
    const leaver = await server.connect();
    await createRoom(leaver);
    const idle = await server.connect();

    await expect.poll(() => idle.connected, { timeout: 3_000 }).toBe(false);
    // Connected before the idle one, so past its window too had it been idle: a member is never closed.
    expect(seated.connected).toBe(true);
    expect(leaver.connected).toBe(true);

    await request(leaver, "room:leave");
    await expect.poll(() => leaver.connected, { timeout: 3_000 }).toBe(false);
    expect(seated.connected).toBe(true);
  });
});

describe("connections per IP", () => {
  it("are capped at MAX_CONNECTIONS_PER_IP, refused with rate-limited, and freed when one closes", async () => {
    const server = await startTestServer({ MAX_CONNECTIONS_PER_IP: "2" });
    const first = await server.connect();
    await server.connect();

    expect((await refusalOf(server)).data).toEqual({
      code: ErrorCode.RateLimited,
      message: expect.stringContaining("Too many connections") as string,
    });
    expect(await metricValue(server.url, 'connections_refused_total{reason="connections-per-ip"}')).toBe(1);

    first.disconnect();
    await expect
      .poll(
        async () =>
          await server.connect().then(
            () => "connected",
            () => "refused",
          ),
        { timeout: 3_000 },
      )
      .toBe("connected");
  });
});

describe("/metrics", () => {
  it("is open outside production without a token", async () => {
    const server = await startTestServer();
    expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
  });

  it("is closed in production without METRICS_TOKEN", async () => {
    const server = await startTestServer({ NODE_ENV: "production" });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ message: expect.stringContaining("METRICS_TOKEN") as string });
  });

  it("answers only the bearer of METRICS_TOKEN when one is set", async () => {
    const server = await startTestServer({ NODE_ENV: "production", METRICS_TOKEN: "scrape-me" });
    const read = (authorization?: string) =>
      fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

    expect((await read()).status).toBe(401);
    expect((await read("Bearer wrong-token")).status).toBe(401);
    const allowed = await read("Bearer scrape-me");
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("rooms_active");
  });
});
