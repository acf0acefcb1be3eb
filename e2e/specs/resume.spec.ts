import { expect, test } from "../support/fixtures.js";
import { expectExactlyOnceInOrder, expectLinks, openRoom, seatAll, type Seat } from "../support/mesh.js";
import { waitDeliberately } from "../support/deliberate-wait.js";

/** The e2e server's RESUME_GRACE_MS (playwright.config.ts). */
const GRACE_MS = 5_000;
/** Up to the server's heartbeat (2 s + 3 s by default) passes before it notices a silent drop, and the window starts. */
const NOTICE_MS = 5_000;
/** Reconnect attempts at most a second apart, so a player back online resumes well inside the short window. */
const reconnect = { maxDelayMs: 1_000 };

test.describe("session resume", () => {
  for (const mode of ["HYBRID", "SIGNALING_ONLY"] as const) {
    test(`${mode}: a player cut off comes back with the same id; events sent meanwhile arrive exactly once`, async ({
      libraryPlayers,
    }) => {
      const seats = await seatAll([
        await libraryPlayers.open("Ada", { mode, reconnect }),
        await libraryPlayers.open("Bo", { mode, reconnect }),
      ]);
      const [ada, bo] = seats as [Seat, Seat];
      await expectLinks(seats, () => (mode === "HYBRID" ? "webrtc/webrtc" : "relay/relay"));
      for (const { player } of seats) await player.startStreaming("n", 20);

      await bo.player.setOffline(true);
      await expect.poll(async () => (await bo.player.lifecycle("reconnecting")).length).toBe(1);
      await expect.poll(async () => (await ada.player.lifecycle("peer-reconnecting")).length).toBe(1);
      await waitDeliberately(bo.player.page, 1_000, "both keep sending into the gap");
      await bo.player.setOffline(false);

      await expect.poll(async () => (await bo.player.lifecycle("resumed")).length, { timeout: GRACE_MS }).toBe(1);
      const [resumed] = await bo.player.lifecycle("resumed");
      expect(resumed?.value).toMatchObject({ selfId: bo.id, hostId: ada.id });
      await expect.poll(async () => ada.player.lifecycle("peer-resumed")).toMatchObject([{ value: { id: bo.id } }]);
      expect(await ada.player.lifecycle("peer-left")).toEqual([]);
      expect(await bo.player.lifecycle("disconnected")).toEqual([]);

      const sent = await Promise.all(seats.map(({ player }) => player.stopStreaming()));
      await expectExactlyOnceInOrder(bo, ada, "n", sent[0] ?? 0);
      await expectExactlyOnceInOrder(ada, bo, "n", sent[1] ?? 0);
      // Pairs came back on the relay and, in HYBRID, upgrade again.
      await expectLinks(seats, () => (mode === "HYBRID" ? "webrtc/webrtc" : "relay/relay"));
    });
  }

  test("a player who stays away past the grace window is released: peer-left timeout, and it is told", async ({
    libraryPlayers,
  }) => {
    const seats = await seatAll([await libraryPlayers.open("Ada"), await libraryPlayers.open("Bo")]);
    const [ada, bo] = seats as [Seat, Seat];

    await bo.player.setOffline(true);
    await expect
      .poll(async () => ada.player.lifecycle("peer-left"), { timeout: NOTICE_MS + GRACE_MS + 5_000 })
      .toMatchObject([{ value: { id: bo.id, reason: "timeout" } }]);
    await expect
      .poll(async () => bo.player.lifecycle("disconnected"), { timeout: NOTICE_MS + GRACE_MS + 5_000 })
      .toMatchObject([{ value: "connection-lost" }]);
  });
});

test.describe("host migration", () => {
  test("the host closes its tab: a new host within 1 s on every page, handed the old host's last state", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo", "Cy");
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];
    await expect
      .poll(
        async () => {
          await ada.player.sendState({ score: 42 });
          return (await bo.player.statesFrom(ada.id)).length > 0;
        },
        { message: "Bo has a state snapshot of the host" },
      )
      .toBe(true);

    await ada.player.close();
    // Timed from the tab being gone: on a loaded two-core machine Chromium can take a few hundred ms to tear it down,
    // which is the browser's time, not the migration's.
    const closedAt = Date.now();

    for (const viewer of [bo, cy]) {
      await expect
        .poll(async () => viewer.player.lifecycle("host-changed"), { timeout: 5_000 })
        .toMatchObject([{ value: { hostId: bo.id } }]);
      const [changed] = await viewer.player.lifecycle("host-changed");
      expect((changed?.at ?? Infinity) - closedAt, `${viewer.player.label} saw the new host after`).toBeLessThan(1_000);
    }
    expect(await bo.player.lifecycle("host-migration")).toMatchObject([
      { value: { previousHostId: ada.id, lastHostState: { score: 42 } } },
    ]);
    expect(await cy.player.lifecycle("host-migration")).toEqual([]);
  });
});
