import { expect, test } from "../../support/fixtures.js";
import { Background } from "../../support/background.js";
import { expectExactlyOnceInOrder, seatAll, type Seat } from "../../support/mesh.js";

/** A deliberate wait: longer than the server's heartbeat (2 s + 3 s), so the server sees the frozen tab go silent. */
const FROZEN_FOR_MS = 10_000;

test.describe("a frozen tab", () => {
  test("frozen for 10 s: it keeps its seat and gets every event sent meanwhile, once and in order", async ({
    libraryPlayers,
  }) => {
    test.setTimeout(FROZEN_FOR_MS + 60_000);
    const seats = await seatAll([await libraryPlayers.open("Ada"), await libraryPlayers.open("Bo")]);
    const [ada, bo] = seats as [Seat, Seat];
    const background = new Background(bo.player.page);
    await background.startTimerProbe();
    for (const { player } of seats) await player.startStreaming("n", 50);

    await background.freeze(FROZEN_FOR_MS);
    // The freeze was real and outlasted the server's heartbeat: the server held Bo's seat, and Bo took it back.
    await expect.poll(async () => ada.player.lifecycle("peer-reconnecting")).toMatchObject([{ value: { id: bo.id } }]);
    await expect.poll(async () => ada.player.lifecycle("peer-resumed")).toMatchObject([{ value: { id: bo.id } }]);
    test
      .info()
      .annotations.push({ type: "timer after the freeze", description: JSON.stringify(await background.timerGaps()) });

    const sent = await Promise.all(seats.map(({ player }) => player.stopStreaming()));
    await expectExactlyOnceInOrder(bo, ada, "n", sent[0] ?? 0);
    await expectExactlyOnceInOrder(ada, bo, "n", sent[1] ?? 0);
    expect((await ada.player.roomInfo())?.members.map((member) => member.id)).toEqual([ada.id, bo.id]);
    expect(await ada.player.lifecycle("peer-left")).toEqual([]);
    expect(await bo.player.lifecycle("disconnected")).toEqual([]);
  });
});
