import { expect, test } from "../support/scale-fixtures.js";
import { expectExactlyOnceInOrder, expectLinks, seatAll, type Seat } from "../support/mesh.js";
import { skipUnlessPresent } from "../support/prerequisite.js";
import { hasRedisServer } from "../support/scale-stack.js";
import type { ServerProcess } from "../support/server-process.js";

/** Reconnect attempts at most a second apart, so a player whose server died is back well inside the window. */
const reconnect = { maxDelayMs: 1_000 };

/** Socket.IO clients connected to one server process, as its /healthz counts them. */
async function connectionsOf(node: ServerProcess): Promise<number> {
  const health = (await (await fetch(`${node.url}/healthz`)).json()) as { connections: number };
  return health.connections;
}

test.describe("two servers sharing rooms through Redis", () => {
  skipUnlessPresent(hasRedisServer ? undefined : "needs redis-server (apt-get install -y redis-server)");
  // Each test starts redis-server and two servers of its own before its players.
  test.describe.configure({ timeout: 120_000 });

  test("players on different servers share a room, connect over WebRTC across them, and get each event once", async ({
    scale,
    scalePlayers,
  }) => {
    const seats = await seatAll([
      await scalePlayers.open("A", "Ada"),
      await scalePlayers.open("B", "Bo"),
      await scalePlayers.open("B", "Cy"),
    ]);
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];
    // Ada created the room on node A; Bo and Cy joined it by code on node B.
    expect(await connectionsOf(scale.nodeA)).toBe(1);
    expect(await connectionsOf(scale.nodeB)).toBe(2);

    // The WebRTC offers and answers between Ada and the others crossed servers through the PeerJS bridge.
    await expectLinks(seats, () => "webrtc/webrtc");
    for (const sender of seats) await sender.player.sendNumbered("chat", 0, 10);
    for (const receiver of seats) {
      for (const sender of seats) if (sender !== receiver) await expectExactlyOnceInOrder(receiver, sender, "chat", 10);
    }
    expect(new Set((await ada.player.receivedEvents()).map((event) => event.via))).toEqual(new Set(["webrtc"]));

    // The relay crosses servers too: forced onto it, the events still arrive once each.
    for (const { player } of seats) await player.setMode("SIGNALING_ONLY");
    await expectLinks(seats, () => "relay");
    await ada.player.sendNumbered("relayed", 0, 10);
    await expectExactlyOnceInOrder(bo, ada, "relayed", 10);
    await expectExactlyOnceInOrder(cy, ada, "relayed", 10);
  });

  test("a server is killed: its players come back on the other one with the same ids, nothing lost or doubled", async ({
    scale,
    scalePlayers,
  }) => {
    const seats = await seatAll([
      await scalePlayers.open("A", "Ada", { reconnect }),
      await scalePlayers.open("B", "Bo", { reconnect }),
    ]);
    const [ada, bo] = seats as [Seat, Seat];
    await expectLinks(seats, () => "webrtc/webrtc");
    for (const { player } of seats) await player.startStreaming("n", 20);

    await scale.nodeA.kill();

    await expect.poll(async () => (await ada.player.lifecycle("resumed")).length, { timeout: 10_000 }).toBe(1);
    const [resumed] = await ada.player.lifecycle("resumed");
    expect(resumed?.value).toMatchObject({ selfId: ada.id, hostId: ada.id });
    await expect.poll(async () => ada.player.lifecycle("reconnecting")).toHaveLength(1);
    await expect.poll(async () => bo.player.lifecycle("peer-resumed")).toMatchObject([{ value: { id: ada.id } }]);
    expect(await connectionsOf(scale.nodeB)).toBe(2);

    // Both keep sending through the gap; the pair dials WebRTC again through node B alone.
    await expectLinks(seats, () => "webrtc/webrtc");
    const sent = await Promise.all(seats.map(({ player }) => player.stopStreaming()));
    await expectExactlyOnceInOrder(bo, ada, "n", sent[0] ?? 0);
    await expectExactlyOnceInOrder(ada, bo, "n", sent[1] ?? 0);
    expect(await bo.player.lifecycle("peer-left")).toEqual([]);
    expect(await ada.player.lifecycle("disconnected")).toEqual([]);
  });
});
