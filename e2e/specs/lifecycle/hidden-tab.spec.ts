import { expect, test } from "../../support/fixtures.js";
import { waitDeliberately } from "../../support/deliberate-wait.js";
import { expectSessionWhole, openStreamingPair } from "./streaming-pair.js";

/** A deliberate wait: how long the tab stays in the background, the length of a long look at another tab. */
const HIDDEN_FOR_MS = 60_000;

test.describe("a tab in the background", () => {
  test("hidden for 60 s: it keeps its seat and gets every event sent meanwhile, once and in order", async ({
    libraryPlayers,
  }) => {
    test.setTimeout(HIDDEN_FOR_MS + 60_000);
    const pair = await openStreamingPair(libraryPlayers);
    const background = pair.boInBackground;

    await background.hide();
    expect(await background.visibilityState()).toBe("hidden");
    await waitDeliberately(background.page, HIDDEN_FOR_MS, "the tab stays in the background");
    const timers = await background.timerGaps();
    test.info().annotations.push({ type: "timers while hidden", description: JSON.stringify(timers) });
    await background.show();

    await expectSessionWhole(pair);
  });
});
