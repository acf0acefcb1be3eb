import { expect, test } from "../support/fixtures.js";
import { seatAll, type Seat } from "../support/mesh.js";

/**
 * A closed tab is a player leaving, not a network cut: the page leaves on `pagehide` (by beacon), so the others see
 * `peer-left` with reason `left` (a cut gives `peer-left` `timeout`, after the grace window) and its seat is free for
 * someone else, once the server's reload window has passed with nobody taking it back (reload.spec.ts).
 */
test.describe("closing the page", () => {
  test("page.close(): the others see peer-left `left` and the seat is free", async ({ libraryPlayers }) => {
    const seats = await seatAll([
      await libraryPlayers.open("Ada"),
      await libraryPlayers.open("Bo"),
      await libraryPlayers.open("Cy"),
    ]);
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];

    await cy.player.page.close();

    for (const viewer of [ada, bo]) {
      await expect
        .poll(async () => viewer.player.lifecycle("peer-left"))
        .toMatchObject([{ value: { id: cy.id, reason: "left" } }]);
    }
    const room = await ada.player.roomInfo();
    expect(room?.members.map((member) => member.id)).toEqual([ada.id, bo.id]);
  });

  test("closing the whole browser context: the same", async ({ libraryPlayers }) => {
    const seats = await seatAll([await libraryPlayers.open("Ada"), await libraryPlayers.open("Bo")]);
    const [ada, bo] = seats as [Seat, Seat];

    await bo.player.close();

    await expect
      .poll(async () => ada.player.lifecycle("peer-left"))
      .toMatchObject([{ value: { id: bo.id, reason: "left" } }]);
  });

  test("with leaveOnPageHide: false the seat is held as after a cut", async ({ libraryPlayers }) => {
    const seats = await seatAll([
      await libraryPlayers.open("Ada"),
      await libraryPlayers.open("Bo", { leaveOnPageHide: false }),
    ]);
    const [ada, bo] = seats as [Seat, Seat];

    await bo.player.page.close();

    await expect.poll(async () => ada.player.lifecycle("peer-reconnecting")).toMatchObject([{ value: { id: bo.id } }]);
  });
});
