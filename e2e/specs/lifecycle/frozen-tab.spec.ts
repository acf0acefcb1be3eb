import { expect, test } from "../../support/fixtures.js";
import { expectSessionWhole, openStreamingPair } from "./streaming-pair.js";

/** A deliberate wait: longer than the server's heartbeat (2 s + 3 s), so the server sees the frozen tab go silent. */
const FROZEN_FOR_MS = 10_000;

test.describe("a frozen tab", () => {
  test("frozen for 10 s: it keeps its seat and gets every event sent meanwhile, once and in order", async ({
    libraryPlayers,
  }) => {
    test.setTimeout(FROZEN_FOR_MS + 60_000);
    const pair = await openStreamingPair(libraryPlayers);
    const { ada, bo, boInBackground } = pair;

    await boInBackground.freeze(FROZEN_FOR_MS);
    // The freeze was real and outlasted the server's heartbeat: the server held Bo's seat, and Bo took it back.
    await expect.poll(async () => ada.player.lifecycle("peer-reconnecting")).toMatchObject([{ value: { id: bo.id } }]);
    await expect.poll(async () => ada.player.lifecycle("peer-resumed")).toMatchObject([{ value: { id: bo.id } }]);
    const timers = await boInBackground.timerGaps();
    test.info().annotations.push({ type: "timer after the freeze", description: JSON.stringify(timers) });

    await expectSessionWhole(pair);
  });
});
