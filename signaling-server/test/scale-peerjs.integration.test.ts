import { afterEach, describe, expect, it } from "vitest";
import { ServerPaths, PROTOCOL_VERSION } from "@rallypoint/protocol";
import {
  closeAll,
  createRoom,
  expectNothingMore,
  expectOk,
  joinRoom,
  request,
  startTestServer,
  WAIT_MS,
} from "./support/test-server.js";
import { RedisKeys } from "../src/scale/redis-keys.js";
import { openPeerSocket, upgradeOutcome } from "./support/peer-socket.js";
import { metricValue } from "./support/metric-value.js";
import { hasRedisServer, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("PeerJS scale-out tests");
const redis = useSharedRedis();
afterEach(closeAll);

const OFFER = { type: "OFFER", payload: { sdp: { type: "offer", sdp: "v=0" }, connectionId: "dc_1", type: "data" } };

describe.runIf(hasRedisServer)("PeerJS signaling between two servers", () => {
  it("carries an OFFER from a member on one server to a member on the other, and the ANSWER back", async () => {
    const [nodeA, nodeB] = await redis.twoServers();
    const ada = await createRoom(await nodeA.connect());
    const bo = await joinRoom(await nodeB.connect(), ada.code);
    const adaPeer = openPeerSocket(nodeA.url, ada.selfId, ada.peerToken);
    const boPeer = openPeerSocket(nodeB.url, bo.selfId, bo.peerToken);
    await Promise.all([adaPeer.next("OPEN"), boPeer.next("OPEN")]);

    adaPeer.send({ ...OFFER, dst: bo.selfId });
    expect(await boPeer.next("OFFER")).toEqual({ ...OFFER, src: ada.selfId, dst: bo.selfId });

    boPeer.send({ type: "ANSWER", dst: ada.selfId, payload: { sdp: "answer" } });
    expect(await adaPeer.next("ANSWER")).toEqual({
      type: "ANSWER",
      src: bo.selfId,
      dst: ada.selfId,
      payload: { sdp: "answer" },
    });
    // Candidates follow in order; nothing is delivered twice.
    for (let n = 0; n < 5; n++) adaPeer.send({ type: "CANDIDATE", dst: bo.selfId, payload: { n } });
    for (let n = 0; n < 5; n++) expect((await boPeer.next("CANDIDATE")).payload).toEqual({ n });
    await expectNothingMore(200, "the OFFER is not delivered twice", () =>
      expect(boPeer.received.filter((message) => message.type === "OFFER")).toHaveLength(1),
    );
  });

  it("drops an OFFER from a member of one room to a member of another on the other server", async () => {
    const [nodeA, nodeB] = await redis.twoServers();
    const eve = await createRoom(await nodeA.connect());
    const ada = await createRoom(await nodeA.connect());
    const bo = await joinRoom(await nodeB.connect(), ada.code);
    const evePeer = openPeerSocket(nodeA.url, eve.selfId, eve.peerToken);
    const adaPeer = openPeerSocket(nodeA.url, ada.selfId, ada.peerToken);
    const boPeer = openPeerSocket(nodeB.url, bo.selfId, bo.peerToken);
    await Promise.all([evePeer.next("OPEN"), adaPeer.next("OPEN"), boPeer.next("OPEN")]);

    evePeer.send({ ...OFFER, dst: bo.selfId });
    await expect.poll(() => metricValue(nodeA.url, 'peer_signals_dropped_total{reason="other-room"}')).toBe(1);
    adaPeer.send({ ...OFFER, dst: bo.selfId });

    expect(await boPeer.next("OFFER")).toMatchObject({ src: ada.selfId });
    expect(boPeer.received.filter((message) => message.src === eve.selfId)).toEqual([]);
  });

  it("keeps an OFFER for a member not connected yet and hands it over when it connects, on either server", async () => {
    const deployment = redis.deployment();
    const [nodeA, nodeB] = [await startTestServer(deployment), await startTestServer(deployment)];
    const ada = await createRoom(await nodeA.connect());
    const bo = await joinRoom(await nodeA.connect(), ada.code);
    const adaPeer = openPeerSocket(nodeA.url, ada.selfId, ada.peerToken);
    await adaPeer.next("OPEN");

    adaPeer.send({ ...OFFER, dst: bo.selfId });
    // Bo connects once the OFFER waits for him in Redis: the path under test, not a race with it.
    const queue = new RedisKeys(deployment.REDIS_KEY_PREFIX ?? "").peerQueue(bo.selfId);
    await expect.poll(() => redis.command(["LLEN", queue]), { timeout: WAIT_MS }).toBe(1);
    const boPeer = openPeerSocket(nodeB.url, bo.selfId, bo.peerToken);

    await boPeer.next("OPEN");
    expect(await boPeer.next("OFFER")).toMatchObject({ src: ada.selfId, dst: bo.selfId });
  });

  it("answers EXPIRE, as PeerJS does, when the destination connects nowhere within the wait, and drops the OFFER", async () => {
    const [nodeA, nodeB] = await redis.twoServers();
    const ada = await createRoom(await nodeA.connect());
    const bo = await joinRoom(await nodeA.connect(), ada.code);
    const adaPeer = openPeerSocket(nodeA.url, ada.selfId, ada.peerToken);
    await adaPeer.next("OPEN");

    adaPeer.send({ ...OFFER, dst: bo.selfId });
    adaPeer.send({ type: "CANDIDATE", dst: bo.selfId, payload: { n: 1 } });
    // PeerJS's expire_timeout is 5 s.
    expect(await adaPeer.next("EXPIRE", 10_000)).toEqual({ type: "EXPIRE", src: bo.selfId, dst: ada.selfId });

    const boPeer = openPeerSocket(nodeB.url, bo.selfId, bo.peerToken);
    await boPeer.next("OPEN");
    await expectNothingMore(300, "the expired OFFER stays dropped and is answered once", () => {
      expect(boPeer.received.map((message) => message.type)).toEqual(["OPEN"]);
      expect(adaPeer.received.filter((message) => message.type === "EXPIRE")).toHaveLength(1);
    });
  }, 20_000);

  it("reaches a member whose PeerJS socket moved to the other server, and drops its stale one", async () => {
    const [nodeA, nodeB] = await redis.twoServers();
    const ada = await createRoom(await nodeA.connect());
    const bo = await joinRoom(await nodeB.connect(), ada.code);
    const adaPeer = openPeerSocket(nodeA.url, ada.selfId, ada.peerToken);
    const boOld = openPeerSocket(nodeA.url, bo.selfId, bo.peerToken);
    await Promise.all([adaPeer.next("OPEN"), boOld.next("OPEN")]);

    // Bo's client reconnects through the load balancer and lands on the other server.
    const staleClosed = boOld.closed();
    const boNew = openPeerSocket(nodeB.url, bo.selfId, bo.peerToken);
    await boNew.next("OPEN");
    await staleClosed;

    adaPeer.send({ ...OFFER, dst: bo.selfId });
    expect(await boNew.next("OFFER")).toMatchObject({ src: ada.selfId });
  });

  it("lets a member's token in on either server, and GET /api/ice answers it on either", async () => {
    const [nodeA, nodeB] = await redis.twoServers();
    const ada = await createRoom(await nodeA.connect());

    expect(await upgradeOutcome(nodeB.url, ada.selfId, ada.peerToken)).toBe("open");
    expect(await upgradeOutcome(nodeB.url, ada.selfId, "not-the-token")).toBe(403);
    const ice = await fetch(`${nodeB.url}${ServerPaths.ice}`, {
      headers: { authorization: `Bearer ${ada.peerToken}` },
    });
    expect(ice.status).toBe(200);
  });

  it("closes a leaving member's PeerJS socket on the other server, and refuses its token everywhere after", async () => {
    const [nodeA, nodeB] = await redis.twoServers();
    const client = await nodeA.connect();
    const ada = await createRoom(client);
    const adaPeer = openPeerSocket(nodeB.url, ada.selfId, ada.peerToken);
    await adaPeer.next("OPEN");
    const closed = adaPeer.closed();

    expectOk(await request(client, "room:leave"));

    expect(await closed).toBe(4003);
    for (const node of [nodeA, nodeB]) expect(await upgradeOutcome(node.url, ada.selfId, ada.peerToken)).toBe(403);
  });

  it("keeps a resumed member's token, whichever server it resumed on", async () => {
    const env = redis.deployment({ RESUME_GRACE_MS: "5000" });
    const [nodeA, nodeB] = [await startTestServer(env), await startTestServer(env)];
    const client = await nodeA.connect();
    const ada = await createRoom(client);
    client.disconnect();

    const resumed = expectOk(
      await request(await nodeB.connect(), "room:resume", {
        protocolVersion: PROTOCOL_VERSION,
        code: ada.code,
        memberId: ada.selfId,
        resumeToken: ada.resumeToken,
      }),
    );
    expect(resumed.peerToken).toBe(ada.peerToken);
    expect(await upgradeOutcome(nodeA.url, ada.selfId, ada.peerToken)).toBe("open");
  });
});
