import { expect, test } from "../support/fixtures.js";
import { openRoom, seatAll, type Seat } from "../support/mesh.js";

/**
 * A spectator, as a game's watch mode uses it: it joins to watch, sees every player's state and events over the
 * same links as the players, and sends nothing.
 */
test.describe("spectators", () => {
  test("a spectator sees both players' state and events, is shown as one, and may not send state", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo");
    const [ada, bo] = seats as [Seat, Seat];
    const code = (await ada.player.roomInfo())?.code ?? "";
    const watcher = await libraryPlayers.open("Watcher");
    const watcherId = await watcher.page.evaluate(
      async (code) => (await window.rallypoint.net.joinRoom(code, { spectator: true })).selfId,
      code,
    );

    for (const { player } of seats) {
      await expect
        .poll(async () => (await player.roomInfo())?.members.find((member) => member.id === watcherId)?.spectator)
        .toBe(true);
    }
    // Players keep sending as they play; the spectator's links to them open meanwhile.
    await expect
      .poll(async () => {
        await ada.player.sendState({ x: 1 });
        await bo.player.sendState({ x: 2 });
        return [(await watcher.statesFrom(ada.id)).length > 0, (await watcher.statesFrom(bo.id)).length > 0];
      })
      .toEqual([true, true]);
    await ada.player.sendNumbered("goal", 1, 1);
    await expect.poll(() => watcher.received(ada.id, "goal")).toEqual([1]);

    const refused = await watcher.page.evaluate(() => {
      try {
        window.rallypoint.net.sendState({ x: 3 });
        return "sent";
      } catch (error) {
        return (error as { code?: string }).code;
      }
    });
    expect(refused).toBe("spectator");
    expect(await ada.player.roomInfo()).toMatchObject({ hostId: ada.id });
  });

  test("over the relay only, a spectator's links still acknowledge: players' events to it are delivered and settled", async ({
    libraryPlayers,
  }) => {
    const options = { mode: "SIGNALING_ONLY" as const };
    const [ada] = (await seatAll([await libraryPlayers.open("Ada", options)])) as [Seat];
    const code = (await ada.player.roomInfo())?.code ?? "";
    const watcher = await libraryPlayers.open("Watcher", options);
    const watcherId = await watcher.page.evaluate(
      async (code) => (await window.rallypoint.net.joinRoom(code, { spectator: true })).selfId,
      code,
    );

    await ada.player.sendNumbered("goal", 1, 3);
    await expect.poll(() => watcher.received(ada.id, "goal")).toEqual([1, 2, 3]);
    // Its acks and pongs came back through the relay: nothing waits to be resent, and the link has a round trip.
    await expect
      .poll(async () => {
        const link = await ada.player.link(watcherId);
        return { path: link?.path, pending: link?.pendingEvents, measured: (link?.rttMs ?? null) !== null };
      })
      .toEqual({ path: "relay", pending: 0, measured: true });
  });
});
