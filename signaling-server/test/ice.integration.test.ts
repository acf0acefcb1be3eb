import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { IceGrant, ServerPaths } from "@rallypoint/protocol";
import { loadConfig } from "../src/config.js";
import { closeAll, createRoom, joinRoom, request, startTestServer, type TestServer } from "./support/test-server.js";

afterEach(closeAll);

const TURN = { TURN_URLS: "turn:127.0.0.1:3478?transport=udp,turn:127.0.0.1:3478?transport=tcp" };
const SECRET = "north-wind";

function fetchIce(server: TestServer, token?: string): Promise<Response> {
  return fetch(`${server.url}${ServerPaths.ice}`, {
    headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
  });
}

/** Checks one member's TURN entry the way coturn does: the username's expiry, and the HMAC of the shared secret. */
function expectValidTurnCredential(grant: IceGrant, memberId: string, ttlSeconds: number): void {
  const turn = grant.iceServers.find((server) => server.username !== undefined);
  const [expiry, user] = (turn?.username ?? "").split(":");
  expect(user).toBe(memberId);
  const secondsLeft = Number(expiry) - Date.now() / 1000;
  expect(secondsLeft).toBeGreaterThan(ttlSeconds - 5);
  expect(secondsLeft).toBeLessThanOrEqual(ttlSeconds);
  expect(turn?.credential).toBe(
    createHmac("sha1", SECRET)
      .update(turn?.username ?? "")
      .digest("base64"),
  );
  expect(grant.iceServersTtlMs).toBe(ttlSeconds * 1000);
}

describe("TURN with ephemeral credentials (TURN_SECRET)", () => {
  it("gives each member its own expiring credential on joining", async () => {
    const server = await startTestServer({ ...TURN, TURN_SECRET: SECRET, TURN_TTL_SECONDS: "600" });
    const ada = await createRoom(await server.connect());
    const bo = await joinRoom(await server.connect(), ada.code);

    expectValidTurnCredential(ada, ada.selfId, 600);
    expectValidTurnCredential(bo, bo.selfId, 600);
    expect(ada.iceServers[0]?.urls).toEqual(TURN.TURN_URLS.split(","));
  });

  it("GET /api/ice renews a member's credential, and answers 401 to anyone else", async () => {
    const server = await startTestServer({ ...TURN, TURN_SECRET: SECRET });
    const client = await server.connect();
    const joined = await createRoom(client);

    const response = await fetchIce(server, joined.peerToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expectValidTurnCredential(IceGrant.parse(await response.json()), joined.selfId, 3600);

    for (const token of [undefined, "", "made-up", joined.selfId]) {
      const refused = await fetchIce(server, token);
      expect(refused.status, String(token)).toBe(401);
      expect(await refused.text()).not.toContain("turn:");
    }

    await request(client, "room:leave");
    expect((await fetchIce(server, joined.peerToken)).status).toBe(401);
  });

  it("GET /api/ice/urls gives anyone the URLs, never a credential (what the NAT doctor probes before a room)", async () => {
    const server = await startTestServer({ ...TURN, TURN_SECRET: SECRET, STUN_URLS: "stun:127.0.0.1:3478" });
    const response = await fetch(`${server.url}${ServerPaths.iceUrls}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = await response.text();
    expect(IceGrant.parse(JSON.parse(body))).toEqual({
      iceServers: [{ urls: ["stun:127.0.0.1:3478"] }, { urls: TURN.TURN_URLS.split(",") }],
      iceServersTtlMs: null,
    });
    expect(body).not.toMatch(/username|credential/);
  });

  it("answers the CORS preflight of a page on another origin", async () => {
    const server = await startTestServer();
    const response = await fetch(`${server.url}${ServerPaths.ice}`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://game.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toBe("Authorization");
  });

  it("still supports one static credential, which never expires", async () => {
    const server = await startTestServer({ ...TURN, TURN_USERNAME: "u", TURN_CREDENTIAL: "c" });
    const joined = await createRoom(await server.connect());
    expect(joined.iceServers).toEqual([{ urls: TURN.TURN_URLS.split(","), username: "u", credential: "c" }]);
    expect(joined.iceServersTtlMs).toBeNull();
    expect(IceGrant.parse(await (await fetchIce(server, joined.peerToken)).json())).toEqual({
      iceServers: joined.iceServers,
      iceServersTtlMs: null,
    });
  });
});

describe("TURN configuration", () => {
  const load = (env: Record<string, string>) => () => loadConfig({ LOG_LEVEL: "silent", ...env });

  it("refuses a secret and a static credential together, and either without TURN_URLS", () => {
    expect(load({ ...TURN, TURN_SECRET: "s", TURN_USERNAME: "u", TURN_CREDENTIAL: "c" })).toThrow(/not both/);
    expect(load({ TURN_SECRET: "s" })).toThrow(/need TURN_URLS/);
    expect(load({ ...TURN })).toThrow(/TURN_URLS needs TURN_SECRET/);
    expect(load({ ...TURN, TURN_USERNAME: "u" })).toThrow(/TURN_URLS needs/);
    expect(load({ ...TURN, TURN_SECRET: "s", TURN_TTL_SECONDS: "5" })).toThrow(/TURN_TTL_SECONDS/);
  });

  it("defaults the credential lifetime to an hour", () => {
    expect(load({ ...TURN, TURN_SECRET: "s" })().ice.turn).toMatchObject({ kind: "ephemeral", ttlSeconds: 3600 });
  });
});
