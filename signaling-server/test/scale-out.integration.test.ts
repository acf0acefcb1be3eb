import { afterEach, describe, expect, it } from "vitest";
import { ErrorCode, PROTOCOL_VERSION, generateRoomCode, type RoomJoined } from "@rallypoint/protocol";
import {
  closeAll,
  connectMember,
  expectNoEvent,
  expectOk,
  nextEvent,
  refusal,
  repeatUntil,
  request,
  type TestMember,
  type TestServer,
} from "./support/test-server.js";
import { tcpOf } from "./support/client-tcp.js";
import { metricValue } from "./support/metric-value.js";
import { expectBurstDelivered, receiveState, sendStateBurst } from "./support/state-burst.js";
import { hasRedisServer, useSharedRedis, warnIfNoRedis } from "./support/shared-redis.js";

warnIfNoRedis("scale-out tests");
const redis = useSharedRedis();
afterEach(closeAll);

/** Two servers sharing one Redis, under a key prefix of their own so tests never see each other's rooms. */
const twoServers = (overrides?: Record<string, string>): Promise<[TestServer, TestServer]> =>
  redis.twoServers(overrides);

const resumeOf = (member: TestMember, joined: RoomJoined) => ({
  code: member.code,
  memberId: member.id,
  resumeToken: joined.resumeToken,
  protocolVersion: PROTOCOL_VERSION,
});

describe.runIf(hasRedisServer)("one room over two servers", () => {
  it("joins by code on the other server, and each member hears who joined wherever it is", async () => {
    const [nodeA, nodeB] = await twoServers();
    const ada = await connectMember(nodeA);

    const adaHears = nextEvent(ada.client, "peer:joined");
    const bo = await nodeB.connect();
    const joined = expectOk(await request(bo, "room:join", { code: ada.code, protocolVersion: PROTOCOL_VERSION }));

    expect(joined.hostId).toBe(ada.id);
    expect(joined.members.map((member) => member.id)).toEqual([ada.id, joined.selfId]);
    expect((await adaHears).id).toBe(joined.selfId);

    const boHears = nextEvent(bo, "peer:joined");
    const cy = await connectMember(nodeA, ada.code);
    expect((await boHears).id).toBe(cy.id);
  });

  it("relays both ways between servers, to the whole room and to one member", async () => {
    const [nodeA, nodeB] = await twoServers();
    const ada = await connectMember(nodeA);
    const bo = await connectMember(nodeB, ada.code);
    const cy = await connectMember(nodeA, ada.code);

    const toAll = Promise.all([nextEvent(bo.client, "relay:message"), nextEvent(cy.client, "relay:message")]);
    expectOk(await request(ada.client, "relay:send", { to: null, channel: "event", data: "hello" }));
    expect(await toAll).toEqual([
      { from: ada.id, channel: "event", data: "hello" },
      { from: ada.id, channel: "event", data: "hello" },
    ]);

    const toAda = nextEvent(ada.client, "relay:message");
    const notCy = expectNoEvent(cy.client, "relay:message");
    expectOk(await request(bo.client, "relay:send", { to: ada.id, channel: "event", data: "just you" }));
    expect(await toAda).toEqual({ from: bo.id, channel: "event", data: "just you" });
    await notCy;
  });

  it("relays to a list of members across servers, refusing a list that names a stranger", async () => {
    const [nodeA, nodeB] = await twoServers();
    const ada = await connectMember(nodeA);
    const bo = await connectMember(nodeB, ada.code);
    const cy = await connectMember(nodeA, ada.code);
    const di = await connectMember(nodeB, ada.code);

    const toListed = Promise.all([nextEvent(bo.client, "relay:message"), nextEvent(cy.client, "relay:message")]);
    const notDi = expectNoEvent(di.client, "relay:message");
    expectOk(await request(ada.client, "relay:send", { to: [bo.id, cy.id], channel: "state", data: "listed" }));
    expect(await toListed).toEqual([
      { from: ada.id, channel: "state", data: "listed" },
      { from: ada.id, channel: "state", data: "listed" },
    ]);
    await notDi;

    const outsider = await connectMember(nodeB);
    const result = await request(ada.client, "relay:send", { to: [bo.id, outsider.id], channel: "event", data: 1 });
    expect(result).toEqual(refusal(ErrorCode.UnknownPeer, outsider.id));
  });

  it("keeps the order of one sender's messages across servers", async () => {
    const [nodeA, nodeB] = await twoServers();
    const ada = await connectMember(nodeA);
    const bo = await connectMember(nodeB, ada.code);
    const received: unknown[] = [];
    bo.client.on("relay:message", ({ data }) => received.push(data));

    // Directed and broadcast messages alternate: the directed ones wait on Redis, and must not be overtaken.
    for (let n = 0; n < 40; n++) {
      ada.client.emit("relay:send", { to: n % 2 === 0 ? bo.id : null, channel: "event", data: n });
    }
    await expect.poll(() => received.length).toBe(40);
    expect(received).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it("relays a burst of state to members on both servers exactly once, in each sender's order, partly batched", async () => {
    const [nodeA, nodeB] = await twoServers();
    const ada = await connectMember(nodeA);
    const bo = await connectMember(nodeB, ada.code);
    const cy = await connectMember(nodeA, ada.code);
    const di = await connectMember(nodeB, ada.code);
    const members = [ada, bo, cy, di];
    const receipts = members.map(receiveState);

    sendStateBurst([ada, bo, cy], 40);

    expect(await expectBurstDelivered(members, receipts, [ada, bo, cy], 40)).toBeGreaterThan(0);
  });

  it("tells the room of a drop and of a resume on the other server; the relay follows the member", async () => {
    const [nodeA, nodeB] = await twoServers({ RESUME_GRACE_MS: "5000" });
    const adaClient = await nodeA.connect();
    const adaJoined = expectOk(await request(adaClient, "room:create", { protocolVersion: PROTOCOL_VERSION }));
    const ada: TestMember = { client: adaClient, id: adaJoined.selfId, code: adaJoined.code };
    const boClient = await nodeB.connect();
    const boJoined = expectOk(
      await request(boClient, "room:join", { code: ada.code, protocolVersion: PROTOCOL_VERSION }),
    );
    const bo: TestMember = { client: boClient, id: boJoined.selfId, code: ada.code };

    const reconnecting = nextEvent(ada.client, "peer:reconnecting");
    bo.client.disconnect();
    expect(await reconnecting).toEqual({ id: bo.id });

    // Bo comes back through the other server, as a load balancer may send it.
    const resumed = nextEvent(ada.client, "peer:resumed");
    const boAgain = await nodeA.connect();
    const back = expectOk(await request(boAgain, "room:resume", resumeOf(bo, boJoined)));
    expect(await resumed).toEqual({ id: bo.id });
    expect(back).toMatchObject({ selfId: bo.id, hostId: ada.id, peerToken: boJoined.peerToken });

    const toBo = nextEvent(boAgain, "relay:message");
    expectOk(await request(ada.client, "relay:send", { to: bo.id, channel: "event", data: "welcome back" }));
    expect(await toBo).toEqual({ from: ada.id, channel: "event", data: "welcome back" });

    const left = nextEvent(ada.client, "peer:left");
    expectOk(await request(boAgain, "room:leave"));
    expect(await left).toEqual({ id: bo.id, reason: "left" });
  });

  it("takes a seat over from a socket on the other server that still looks alive", async () => {
    const [nodeA, nodeB] = await twoServers({ RESUME_GRACE_MS: "5000" });
    const ada = await connectMember(nodeA);
    const boClient = await nodeB.connect();
    const boJoined = expectOk(
      await request(boClient, "room:join", { code: ada.code, protocolVersion: PROTOCOL_VERSION }),
    );
    const bo: TestMember = { client: boClient, id: boJoined.selfId, code: ada.code };

    const oldDropped = new Promise<string>((resolve) => bo.client.once("disconnect", resolve));
    const noLeave = expectNoEvent(ada.client, "peer:left", 500);
    const noReconnecting = expectNoEvent(ada.client, "peer:reconnecting", 500);
    const boAgain = await nodeA.connect();
    expectOk(await request(boAgain, "room:resume", resumeOf(bo, boJoined)));

    expect(await oldDropped).toBe("io server disconnect");
    await Promise.all([noLeave, noReconnecting]);
    const toBo = nextEvent(boAgain, "relay:message");
    expectOk(await request(ada.client, "relay:send", { to: bo.id, channel: "event", data: "still here" }));
    expect((await toBo).data).toBe("still here");
  });

  it("hands the host role to the oldest connected member, whichever server it is on", async () => {
    const [nodeA, nodeB] = await twoServers({ RESUME_GRACE_MS: "5000" });
    const ada = await connectMember(nodeA);
    const bo = await connectMember(nodeB, ada.code);
    const cy = await connectMember(nodeA, ada.code);

    const handOff = Promise.all([nextEvent(bo.client, "host:changed"), nextEvent(cy.client, "host:changed")]);
    ada.client.disconnect();

    expect(await handOff).toEqual([{ hostId: bo.id }, { hostId: bo.id }]);
  });

  it("releases a held seat when its grace window ends, telling the room exactly once", async () => {
    const [nodeA, nodeB] = await twoServers({ RESUME_GRACE_MS: "300" });
    const ada = await connectMember(nodeA);
    const bo = await connectMember(nodeB, ada.code);
    const lefts: unknown[] = [];
    ada.client.on("peer:left", (event) => lefts.push(event));

    bo.client.disconnect();

    await expect.poll(() => lefts, { timeout: 3_000 }).toEqual([{ id: bo.id, reason: "timeout" }]);
    // Both servers sweep for expired seats; only one of them may release it.
    await expectNoEvent(ada.client, "peer:left", 1_200);
    expect(lefts).toHaveLength(1);
  });

  it("fills a room exactly to capacity while joins race on both servers", async () => {
    const [nodeA, nodeB] = await twoServers({ ROOM_CAPACITY: "4", JOIN_ATTEMPTS_PER_MINUTE: "100" });
    const host = await connectMember(nodeA);
    const clients = await Promise.all(Array.from({ length: 12 }, (_, n) => (n % 2 === 0 ? nodeA : nodeB).connect()));
    const joined: string[] = [];
    host.client.on("peer:joined", ({ id }) => joined.push(id));

    const results = await Promise.all(
      clients.map((client) => request(client, "room:join", { code: host.code, protocolVersion: PROTOCOL_VERSION })),
    );

    const admitted = results.filter((result) => result.ok);
    expect(admitted).toHaveLength(3);
    for (const result of results.filter((result) => !result.ok)) expect(result).toEqual(refusal(ErrorCode.RoomFull));
    await expect.poll(() => joined.length).toBe(3);
    // The last one in saw everyone who got a seat, in join order, host first.
    const members = admitted.map((result) => expectOk(result).members.length).sort();
    expect(members).toEqual([2, 3, 4]);
  });

  it("shares the per-IP join budget between servers", async () => {
    const [nodeA, nodeB] = await twoServers({ JOIN_ATTEMPTS_PER_MINUTE: "3" });
    const join = { code: generateRoomCode(), protocolVersion: PROTOCOL_VERSION };
    for (const server of [nodeA, nodeB, nodeA]) {
      expect(await request(await server.connect(), "room:join", join)).toEqual(refusal(ErrorCode.RoomNotFound));
    }
    expect(await request(await nodeB.connect(), "room:join", join)).toEqual(refusal(ErrorCode.RateLimited));
  });

  it("drops a member that stops reading when everything it gets comes from the other server", async () => {
    const [nodeA, nodeB] = await twoServers({
      SEND_BUFFER_MAX_PACKETS: "64",
      SEND_BUFFER_MAX_BYTES: "262144",
      RELAY_BYTES_PER_SECOND: "1000000000",
      RELAY_MESSAGES_PER_SECOND: "100000",
    });
    const ada = await connectMember(nodeA);
    const bo = await connectMember(nodeB, ada.code);
    tcpOf(bo.client).pause();

    // Reliable events, 16 KiB each, far more than the loopback socket buffers hold for a reader that has stopped;
    // Ada's server has no socket of Bo's to check as it relays.
    const data = new Uint8Array(16 * 1024);
    const dropped = () => metricValue(nodeB.url, 'sockets_dropped_total{reason="slow-consumer"}');
    await repeatUntil(
      () => {
        for (let i = 0; i < 50; i++) ada.client.emit("relay:send", { to: null, channel: "event", data });
      },
      async () => (await dropped()) > 0,
      "waiting for Bo's server to drop him",
      20_000,
    );
    expect(await metricValue(nodeA.url, 'sockets_dropped_total{reason="slow-consumer"}')).toBe(0);
    tcpOf(bo.client).resume();
  }, 40_000);

  it("counts the rooms an address created on every server against MAX_ROOMS_PER_IP", async () => {
    const [nodeA, nodeB] = await twoServers({ MAX_ROOMS_PER_IP: "2" });
    const ada = await connectMember(nodeA);
    await connectMember(nodeB);
    const create = { protocolVersion: PROTOCOL_VERSION };

    const third = await nodeA.connect();
    expect(await request(third, "room:create", create)).toEqual(refusal(ErrorCode.RateLimited, "rooms-per-ip"));

    // A room that closed, on the other server, no longer counts.
    await request(ada.client, "room:leave");
    expect((await request(await nodeB.connect(), "room:create", create)).ok).toBe(true);
  });
});
