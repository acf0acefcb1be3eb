import { expect, test } from "../../support/fixtures.js";
import { Background } from "../../support/background.js";
import { seatAll, type Seat } from "../../support/mesh.js";
import { waitDeliberately } from "../../support/deliberate-wait.js";

/** The lifecycle server's hiddenHostHandoffMs: the default. */
const HANDOFF_MS = 5_000;

test.describe("a host in a background tab", () => {
  test("hidden: after hiddenHostHandoffMs the oldest visible member is host, on every page", async ({
    libraryPlayers,
  }) => {
    const seats = await seatAll([
      await libraryPlayers.open("Ada"),
      await libraryPlayers.open("Bo"),
      await libraryPlayers.open("Cy"),
    ]);
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];

    const hiddenAt = Date.now();
    await new Background(ada.player.page).hide();

    for (const viewer of seats) {
      await expect
        .poll(async () => viewer.player.lifecycle("host-changed"), { timeout: HANDOFF_MS + 10_000 })
        .toMatchObject([{ value: { hostId: bo.id } }]);
    }
    const [changed] = await cy.player.lifecycle("host-changed");
    expect((changed?.at ?? 0) - hiddenAt, "the hand-off waited the delay").toBeGreaterThanOrEqual(HANDOFF_MS - 500);
    expect((await ada.player.roomInfo())?.hostId).toBe(bo.id);
  });

  test("handOffHostWhenHidden: false keeps a hidden host the host", async ({ libraryPlayers }) => {
    const seats = await seatAll([
      await libraryPlayers.open("Ada", { handOffHostWhenHidden: false }),
      await libraryPlayers.open("Bo"),
    ]);
    const [ada, bo] = seats as [Seat, Seat];

    await new Background(ada.player.page).hide();
    // A deliberate wait: twice the delay, long enough for a hand-off that should not happen.
    await waitDeliberately(bo.player.page, 2 * HANDOFF_MS, "a hand-off that must not happen");
    expect(await bo.player.lifecycle("host-changed")).toEqual([]);
    expect((await bo.player.roomInfo())?.hostId).toBe(ada.id);
  });
});
