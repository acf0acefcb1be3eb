import { expect, test } from "../support/fixtures.js";
import { expectLinks, openRoom, seatAll, type Seat } from "../support/mesh.js";

/**
 * A reload keeps the seat: the library keeps it in sessionStorage as the page goes away, and the reloaded page's
 * `joinRoom` takes it back (same member id, same PeerJS id), within the server's reload window (RELOAD_WINDOW_MS,
 * 3 s on this project's server so a loaded machine's reload fits; the default is 750 ms, see bench/page-exit.ts).
 */
test.describe("reloading the page", () => {
  test("keeps the seat: the others see reconnecting then resumed (restarted), never peer-left", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo", "Cy");
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];
    const code = (await ada.player.roomInfo())?.code;
    await ada.player.sendNumbered("before", 1, 3, bo.id);
    await expect.poll(() => bo.player.received(ada.id, "before")).toEqual([1, 2, 3]);
    await expect.poll(async () => (await ada.player.link(bo.id))?.pendingEvents).toBe(0);

    await bo.player.page.reload();
    await expect.poll(() => ada.player.lifecycle("peer-reconnecting")).toMatchObject([{ value: { id: bo.id } }]);
    // Sent while Bo's page is gone: they wait in Ada's resend buffer for the reloaded page.
    await ada.player.sendNumbered("while-away", 1, 5, bo.id);
    expect(await bo.player.startAgain()).toBe(code);
    const back = await bo.player.joinRoom(code ?? "");

    expect(back.selfId).toBe(bo.id);
    for (const viewer of [ada, cy]) {
      await expect
        .poll(() => viewer.player.lifecycle("peer-resumed"))
        .toMatchObject([{ value: { id: bo.id, restarted: true } }]);
    }
    await expect.poll(() => bo.player.received(ada.id, "while-away")).toEqual([1, 2, 3, 4, 5]);
    expect(await bo.player.received(ada.id, "before")).toEqual([]);
    // Numbering starts over both ways: the reloaded page's first events are not taken for old copies.
    await bo.player.sendNumbered("after", 1, 3);
    await ada.player.sendNumbered("after", 1, 2, bo.id);
    for (const viewer of [ada, cy]) await expect.poll(() => viewer.player.received(bo.id, "after")).toEqual([1, 2, 3]);
    await expect.poll(() => bo.player.received(ada.id, "after")).toEqual([1, 2]);
    // The same PeerJS id: the pairs upgrade to WebRTC again.
    await expectLinks(seats, () => "webrtc");
    for (const viewer of [ada, cy]) expect(await viewer.player.lifecycle("peer-left")).toEqual([]);
    expect((await ada.player.roomInfo())?.members.map((member) => member.id)).toEqual([ada.id, bo.id, cy.id]);
  });

  test("with resumeAfterReload: false the reloaded page is a newcomer and its old seat is freed at once", async ({
    libraryPlayers,
  }) => {
    const seats = await seatAll([
      await libraryPlayers.open("Ada"),
      await libraryPlayers.open("Bo", { resumeAfterReload: false }),
    ]);
    const [ada, bo] = seats as [Seat, Seat];
    const code = (await ada.player.roomInfo())?.code ?? "";

    await bo.player.page.reload();
    expect(await bo.player.startAgain({ resumeAfterReload: false })).toBeUndefined();
    await expect
      .poll(() => ada.player.lifecycle("peer-left"))
      .toMatchObject([{ value: { id: bo.id, reason: "left" } }]);
    const back = await bo.player.joinRoom(code);

    expect(back.selfId).not.toBe(bo.id);
  });
});
