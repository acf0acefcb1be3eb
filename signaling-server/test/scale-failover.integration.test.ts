import { afterEach, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION, type RoomJoined } from "@rallypoint/protocol";
import {
  closeAll,
  connectClient,
  createRoom,
  expectNoEvent,
  expectOk,
  joinRoom,
  nextEvent,
  onCleanup,
  request,
  startTestServer,
  type TestClient,
} from "./support/test-server.js";
import { startServerProcess } from "./support/server-process.js";
import { hasRedisServer, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("failover tests");
const redis = useSharedRedis();
afterEach(closeAll);

/** Short, so the tests see a dead server taken over within their timeouts. */
const NODE_TIMEOUT_MS = 1_000;
const GRACE_MS = 3_000;

const resumeRequest = (joined: RoomJoined) => ({
  code: joined.code,
  memberId: joined.selfId,
  resumeToken: joined.resumeToken,
  protocolVersion: PROTOCOL_VERSION,
});

/** Records every event of `name` the client receives, from now on. */
function record<T>(client: TestClient, name: "peer:reconnecting" | "peer:resumed" | "peer:left" | "host:changed"): T[] {
  const seen: T[] = [];
  (client as unknown as { on(event: string, listener: (payload: T) => void): void }).on(name, (payload) =>
    seen.push(payload),
  );
  return seen;
}

describe.runIf(hasRedisServer)("a server dies", () => {
  it("its players resume on the other server in the grace window; one that never comes back is released", async () => {
    const env = redis.deployment({
      RESUME_GRACE_MS: String(GRACE_MS),
      REDIS_NODE_TIMEOUT_MS: String(NODE_TIMEOUT_MS),
    });
    const doomed = await startServerProcess(env);
    onCleanup(() => doomed.kill());
    const survivor = await startTestServer(env);

    // Cy creates the room (so is host) and Ada joins on the server that will die; Bo is on the other one.
    const cy = await createRoom(await connectClient(doomed.url));
    const adaClient = await connectClient(doomed.url);
    const ada = await joinRoom(adaClient, cy.code);
    const boClient = await survivor.connect();
    const bo = await joinRoom(boClient, cy.code);
    const adaDropped = new Promise((resolve) => adaClient.once("disconnect", resolve));
    const boSees = {
      reconnecting: record<{ id: string }>(boClient, "peer:reconnecting"),
      resumed: record<{ id: string }>(boClient, "peer:resumed"),
      left: record<{ id: string; reason: string }>(boClient, "peer:left"),
      host: record<{ hostId: string }>(boClient, "host:changed"),
    };

    await doomed.kill();
    const killedAt = Date.now();
    await adaDropped;

    // Ada's client reconnects, and the load balancer sends it to the server still alive.
    const adaAgain = await survivor.connect();
    const back = expectOk(await request(adaAgain, "room:resume", resumeRequest(ada)));
    expect(back).toMatchObject({ selfId: ada.selfId, code: cy.code });
    await expect.poll(() => boSees.resumed).toEqual([{ id: ada.selfId }]);

    // Cy never comes back: once the dead server's heartbeat has expired, its seat is held, the host role moves to
    // the oldest connected member (Ada), and when the grace window ends the seat is released.
    await expect
      .poll(() => boSees.reconnecting, { timeout: NODE_TIMEOUT_MS + 3_000 })
      .toContainEqual({ id: cy.selfId });
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(NODE_TIMEOUT_MS - 300);
    await expect.poll(() => boSees.host).toEqual([{ hostId: ada.selfId }]);
    await expect.poll(() => boSees.left, { timeout: GRACE_MS + 3_000 }).toEqual([{ id: cy.selfId, reason: "timeout" }]);
    expect(boSees.left.map((left) => left.id)).not.toContain(ada.selfId);

    // The room goes on with the two of them, across what is left.
    const toAda = nextEvent(adaAgain, "relay:message");
    expectOk(await request(boClient, "relay:send", { to: ada.selfId, channel: "event", data: "still here" }));
    expect((await toAda).data).toBe("still here");
    expect(bo.hostId).toBe(cy.selfId);
  }, 45_000);

  it("shutting down gracefully: its players hear why, resume on the other server, and nobody is released", async () => {
    const env = redis.deployment({ RESUME_GRACE_MS: String(GRACE_MS), REDIS_NODE_TIMEOUT_MS: String(NODE_TIMEOUT_MS) });
    const leaving = await startTestServer(env);
    const staying = await startTestServer(env);
    const adaClient = await leaving.connect();
    const ada = await createRoom(adaClient);
    const boClient = await staying.connect();
    await joinRoom(boClient, ada.code);

    const notice = nextEvent(adaClient, "server:shutdown");
    const boNotTold = expectNoEvent(boClient, "server:shutdown", 300);
    const reconnecting = nextEvent(boClient, "peer:reconnecting");
    await leaving.close({ timeoutMs: 1_000 });
    expect(await notice).toEqual({ retryAfterMs: 2000 });
    await boNotTold;
    expect(await reconnecting).toEqual({ id: ada.selfId });

    const resumed = nextEvent(boClient, "peer:resumed");
    const noLeave = expectNoEvent(boClient, "peer:left", GRACE_MS + 500);
    expectOk(await request(await staying.connect(), "room:resume", resumeRequest(ada)));
    expect(await resumed).toEqual({ id: ada.selfId });
    await noLeave;
  }, 20_000);
});
