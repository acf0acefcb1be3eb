import { expect, test } from "../../support/fixtures.js";
import { Background } from "../../support/background.js";
import { expectExactlyOnceInOrder, seatAll, type Seat } from "../../support/mesh.js";
import { waitDeliberately } from "../../support/deliberate-wait.js";

/** A deliberate wait: how long the tab stays in the background, the length of a long look at another tab. */
const HIDDEN_FOR_MS = 60_000;

test.describe("a tab in the background", () => {
  test("hidden for 60 s: it keeps its seat and gets every event sent meanwhile, once and in order", async ({
    libraryPlayers,
  }) => {
    test.setTimeout(HIDDEN_FOR_MS + 60_000);
    const seats = await seatAll([await libraryPlayers.open("Ada"), await libraryPlayers.open("Bo")]);
    const [ada, bo] = seats as [Seat, Seat];
    const background = new Background(bo.player.page);
    await background.startTimerProbe();
    for (const { player } of seats) await player.startStreaming("n", 50);

    await background.hide();
    expect(await background.visibilityState()).toBe("hidden");
    await waitDeliberately(bo.player.page, HIDDEN_FOR_MS, "the tab stays in the background");
    const timers = await background.timerGaps();
    test.info().annotations.push({ type: "timers while hidden", description: JSON.stringify(timers) });
    await background.show();

    const sent = await Promise.all(seats.map(({ player }) => player.stopStreaming()));
    await expectExactlyOnceInOrder(bo, ada, "n", sent[0] ?? 0);
    await expectExactlyOnceInOrder(ada, bo, "n", sent[1] ?? 0);
    expect((await ada.player.roomInfo())?.members.map((member) => member.id)).toEqual([ada.id, bo.id]);
    expect(await ada.player.lifecycle("peer-left")).toEqual([]);
    expect(await bo.player.lifecycle("disconnected")).toEqual([]);
  });
});
