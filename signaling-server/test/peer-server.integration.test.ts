import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { PROTOCOL_VERSION, ServerPaths } from "@rallypoint/protocol";
import {
  closeAll,
  createRoom,
  expectOk,
  joinRoom,
  request,
  startTestServer,
  WAIT_MS,
  withTimeout,
  type TestServer,
} from "./support/test-server.js";

import { metricValue } from "./support/metric-value.js";
import { openPeerSocket, openWebSocket, upgradeOutcome, type PeerSocket } from "./support/peer-socket.js";

afterEach(closeAll);

/** Connects a client that creates a room and opens its PeerJS socket with its own id and token. */
async function peerSocketOfNewMember(server: TestServer): Promise<PeerSocket> {
  const joined = await createRoom(await server.connect());
  return openPeerSocket(server.url, joined.selfId, joined.peerToken);
}

/** Resolves with whether the socket ever opened, once it has closed. */
function openedBeforeClosing(socket: WebSocket, ms: number): Promise<boolean> {
  let opened = false;
  socket.once("open", () => (opened = true));
  const closed = new Promise<boolean>((resolve) => socket.once("close", () => resolve(opened)));
  return withTimeout(closed, "waiting for the server to refuse the upgrade", ms);
}

describe("PeerJS and Socket.IO on one port", () => {
  it("opens a PeerJS socket while a Socket.IO websocket client is connected", async () => {
    const server = await startTestServer();
    const client = await server.connect();
    expect(client.io.engine.transport.name).toBe("websocket");

    const opened = await (await peerSocketOfNewMember(server)).next("OPEN");

    expect(opened).toEqual({ type: "OPEN" });
    expect(client.connected).toBe(true);
    expect((await createRoom(client)).members).toHaveLength(1);
  });

  it("refuses an upgrade on an unrelated path without disturbing the others", async () => {
    const server = await startTestServer();
    const stray = openWebSocket(`${server.url}/not-a-socket`);
    // Socket.IO's engine gives unclaimed upgrades a grace period (1 s by default) before ending them.
    const strayOutcome = openedBeforeClosing(stray, 5_000);

    const client = await server.connect();
    const opened = await (await peerSocketOfNewMember(server)).next("OPEN");

    expect(opened).toEqual({ type: "OPEN" });
    expect((await createRoom(client)).members).toHaveLength(1);
    expect(await strayOutcome).toBe(false);
    expect(client.connected).toBe(true);
    expect((await createRoom(await server.connect())).members).toHaveLength(1);
  });
});

describe("the PeerJS gate", () => {
  it("lets a member in with its own id and token", async () => {
    const server = await startTestServer();
    const joined = await createRoom(await server.connect());

    const peer = openPeerSocket(server.url, joined.selfId, joined.peerToken);

    expect(await peer.next("OPEN")).toEqual({ type: "OPEN" });
  });

  it("refuses another member's id with the wrong token, a made-up id, and a missing token", async () => {
    const server = await startTestServer();
    const ada = await createRoom(await server.connect());
    const bo = await joinRoom(await server.connect(), ada.code);

    expect(await upgradeOutcome(server.url, ada.selfId, bo.peerToken)).toBe(403);
    expect(await upgradeOutcome(server.url, randomUUID(), ada.peerToken)).toBe(403);
    expect(await upgradeOutcome(server.url, ada.selfId)).toBe(401);
    // The members themselves are unaffected.
    expect(await upgradeOutcome(server.url, bo.selfId, bo.peerToken)).toBe("open");
  });

  it("closes a member's PeerJS socket when it leaves, and refuses its id and token afterwards", async () => {
    const server = await startTestServer();
    const client = await server.connect();
    const joined = await createRoom(client);
    const peer = openPeerSocket(server.url, joined.selfId, joined.peerToken);
    expect(await peer.next("OPEN")).toEqual({ type: "OPEN" });
    const closed = peer.closed();

    await request(client, "room:leave");

    expect(await closed).toBe(4003);
    expect(await upgradeOutcome(server.url, joined.selfId, joined.peerToken)).toBe(403);
  });

  it("refuses a member once its seat is released (no grace window: at the disconnect)", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "0" });
    const client = await server.connect();
    const joined = await createRoom(client);

    client.disconnect();
    await expect
      .poll(() => upgradeOutcome(server.url, joined.selfId, joined.peerToken), {
        message: "the disconnected member is refused",
        timeout: WAIT_MS,
      })
      .toBe(403);
  });

  it("keeps a dropped member's token through its grace window, and the same token after room:resume", async () => {
    const server = await startTestServer({ RESUME_GRACE_MS: "5000" });
    const client = await server.connect();
    const joined = await createRoom(client);
    client.disconnect();

    expect(await upgradeOutcome(server.url, joined.selfId, joined.peerToken)).toBe("open");
    const resumed = expectOk(
      await request(await server.connect(), "room:resume", {
        protocolVersion: PROTOCOL_VERSION,
        code: joined.code,
        memberId: joined.selfId,
        resumeToken: joined.resumeToken,
      }),
    );
    expect(resumed.peerToken).toBe(joined.peerToken);
    expect(await upgradeOutcome(server.url, joined.selfId, joined.peerToken)).toBe("open");
  });

  it("answers nothing on PeerJS's HTTP API", async () => {
    const server = await startTestServer();
    for (const path of ["", "/", "/peerjs/id", "/peerjs/peers"]) {
      const response = await fetch(`${server.url}${ServerPaths.peerjs}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe("");
    }
  });
});

describe("PeerJS signaling stays inside rooms", () => {
  const offer = { type: "OFFER", payload: { sdp: { type: "offer", sdp: "v=0" }, connectionId: "dc_1", type: "data" } };

  it("drops an OFFER to a member of another room, and counts it; members of one room still signal", async () => {
    const server = await startTestServer();
    const eve = await createRoom(await server.connect());
    const ada = await createRoom(await server.connect());
    const bo = await joinRoom(await server.connect(), ada.code);
    const [evePeer, adaPeer, boPeer] = [eve, ada, bo].map((member) =>
      openPeerSocket(server.url, member.selfId, member.peerToken),
    ) as [PeerSocket, PeerSocket, PeerSocket];
    await Promise.all([evePeer.next("OPEN"), adaPeer.next("OPEN"), boPeer.next("OPEN")]);

    evePeer.send({ ...offer, dst: bo.selfId });
    evePeer.send({ type: "CANDIDATE", dst: bo.selfId, payload: { candidate: "x" } });
    await expect.poll(() => metricValue(server.url, 'peer_signals_dropped_total{reason="other-room"}')).toBe(2);
    adaPeer.send({ ...offer, dst: bo.selfId });

    expect(await boPeer.next("OFFER")).toMatchObject({ src: ada.selfId });
    expect(boPeer.received.filter((message) => message.src === eve.selfId)).toEqual([]);
  });
});
