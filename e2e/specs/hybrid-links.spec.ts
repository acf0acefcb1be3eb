import { expect, test } from "../support/fixtures.js";
import { expectExactlyOnceInOrder, expectLinks, openRoom, seatAll, type Seat } from "../support/mesh.js";

/** The library's default open timeout; the relay-settling assertion allows this plus one second. */
const OPEN_TIMEOUT_MS = 5_000;

test.describe("hybrid links", () => {
  test("three players in HYBRID: every pair upgrades to WebRTC and both channels flow both ways", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo", "Cy");
    await expectLinks(seats, () => "webrtc/webrtc");

    for (const sender of seats) await sender.player.sendNumbered("chat", 0, 10);
    for (const receiver of seats) {
      for (const sender of seats) if (sender !== receiver) await expectExactlyOnceInOrder(receiver, sender, "chat", 10);
      const vias = new Set((await receiver.player.receivedEvents()).map((event) => event.via));
      expect([...vias]).toEqual(["webrtc"]);
    }

    // State is unreliable by design, so keep sending until each player has seen some from each other one.
    await expect
      .poll(
        async () => {
          for (const sender of seats) await sender.player.sendState({ x: 1, from: sender.player.label });
          const seen = await Promise.all(
            seats.flatMap((receiver) =>
              seats
                .filter((sender) => sender !== receiver)
                .map(async (sender) => receiver.player.statesFrom(sender.id)),
            ),
          );
          return seen.every((states) => states.length > 0 && states.every((state) => state.via === "webrtc"));
        },
        { message: "state snapshots arrive over the unreliable data channel between every pair" },
      )
      .toBe(true);
  });

  test("a player whose WebRTC cannot work settles on the relay by itself; the other pair stays on WebRTC", async ({
    libraryPlayers,
  }) => {
    // Relay-only ICE policy and no TURN server: no candidate at all, and no event ever (only the timeout tells).
    const ada = await libraryPlayers.open("Ada");
    const bo = await libraryPlayers.open("Bo");
    const blocked = await libraryPlayers.open("Blocked", { iceTransportPolicy: "relay" });
    const seats = await seatAll([ada, bo, blocked]);
    const [, , cut] = seats as [Seat, Seat, Seat];
    const isCutPair = (viewer: Seat, other: Seat): boolean => viewer === cut || other === cut;

    // The cut pairs retry WebRTC with backoff, so their state moves between failed-webrtc and upgrading: only the
    // path is steady.
    await expectLinks(seats, (viewer, other) => (isCutPair(viewer, other) ? "relay" : "webrtc"), 15_000);

    const joinedAt = await blocked.page.evaluate(() => window.rallypoint.joinedAt);
    for (const seat of seats) {
      for (const other of seats) {
        if (other === seat || !isCutPair(seat, other)) continue;
        const pair = `${seat.player.label} -> ${other.player.label}`;
        await expect.poll(() => seat.player.firstReached(other.id, "failed-webrtc"), { message: pair }).not.toBeNull();
        const settledAt = (await seat.player.firstReached(other.id, "failed-webrtc")) ?? Infinity;
        expect(settledAt - joinedAt, `${pair}: join to failed-webrtc, ms`).toBeLessThanOrEqual(OPEN_TIMEOUT_MS + 1_000);
      }
    }

    for (const sender of seats) await sender.player.sendNumbered("chat", 0, 20);
    for (const receiver of seats) {
      for (const sender of seats) if (sender !== receiver) await expectExactlyOnceInOrder(receiver, sender, "chat", 20);
    }
    const viaToCut = new Set((await cut.player.receivedEvents()).map((event) => event.via));
    expect([...viaToCut]).toEqual(["relay"]);
  });

  test("switching HYBRID -> SIGNALING_ONLY -> HYBRID mid-stream loses, doubles and reorders nothing", async ({
    libraryPlayers,
  }) => {
    const seats = await seatAll([await libraryPlayers.open("Ada"), await libraryPlayers.open("Bo")]);
    await expectLinks(seats, () => "webrtc/webrtc");
    for (const { player } of seats) await player.startStreaming("n", 5);

    for (const { player } of seats) await player.setMode("SIGNALING_ONLY");
    await expectLinks(seats, () => "relay/relay");
    for (const { player } of seats) await player.setMode("HYBRID");
    await expectLinks(seats, () => "webrtc/webrtc");

    const sent = await Promise.all(seats.map(({ player }) => player.stopStreaming()));
    const [ada, bo] = seats as [Seat, Seat];
    await expectExactlyOnceInOrder(bo, ada, "n", sent[0] ?? 0);
    await expectExactlyOnceInOrder(ada, bo, "n", sent[1] ?? 0);
    for (const receiver of seats) {
      const vias = new Set((await receiver.player.receivedEvents()).map((event) => event.via));
      expect([...vias].sort(), "the stream used both paths").toEqual(["relay", "webrtc"]);
    }
  });

  test("a player whose tab dies without leaving is seen reconnecting within 2 s, and leaving when its seat expires", async ({
    libraryPlayers,
  }) => {
    // leaveOnPageHide: false makes a closed tab look like a crashed one: gone without a word (page-exit.spec.ts has
    // the tab that leaves as it closes).
    const seats = await seatAll([
      await libraryPlayers.open("Ada"),
      await libraryPlayers.open("Bo"),
      await libraryPlayers.open("Cy", { leaveOnPageHide: false }),
    ]);
    await expectLinks(seats, () => "webrtc/webrtc");
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];

    const closedAt = Date.now();
    await cy.player.close();
    // Socket.IO cannot tell a dead tab from a network cut, so the seat is held for the grace window (5 s here).
    for (const viewer of [ada, bo]) {
      await expect.poll(async () => viewer.player.lifecycle("peer-reconnecting"), { timeout: 5_000 }).toHaveLength(1);
      const [seen] = await viewer.player.lifecycle("peer-reconnecting");
      expect((seen?.at ?? Infinity) - closedAt, `${viewer.player.label} saw Cy drop after`).toBeLessThanOrEqual(2_000);
    }
    for (const viewer of [ada, bo]) {
      await expect.poll(() => viewer.player.peerLeftAt(cy.id), { timeout: 10_000 }).not.toBeNull();
    }
  });
});
