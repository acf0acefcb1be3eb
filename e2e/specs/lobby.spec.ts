import { expect, test } from "../support/fixtures.js";
import { openRoom, type Seat } from "../support/mesh.js";

/**
 * The lobby through the library, as a game uses it before its match starts: room and player properties everyone
 * sees, and the host's controls (lock, kick, hand the role on), with three or more real players.
 */
test.describe("the lobby", () => {
  test("properties: the host sets the room's, each player its own, and everyone sees all of them", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo", "Cy");
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];

    await ada.player.page.evaluate(() => window.rallypoint.net.lobby.setRoomProperties({ map: "dunes", rounds: 3 }));
    await bo.player.page.evaluate(() => window.rallypoint.net.lobby.setMyProperties({ ready: true, team: "red" }));
    const refused = await cy.player.page.evaluate(() =>
      window.rallypoint.net.lobby.setRoomProperties({ map: "ice" }).then(
        () => "set",
        (error: unknown) => (error as { code?: string }).code,
      ),
    );

    expect(refused).toBe("not-host");
    for (const { player } of seats) {
      await expect
        .poll(() =>
          player.page.evaluate((boId) => {
            const { lobby } = window.rallypoint.net;
            return { room: lobby.roomProperties, bo: lobby.playerProperties(boId) };
          }, bo.id),
        )
        .toEqual({ room: { map: "dunes", rounds: 3 }, bo: { ready: true, team: "red" } });
    }
    await expect
      .poll(() => cy.player.lifecycle("player-properties-changed"))
      .toMatchObject([{ value: { id: bo.id, properties: { ready: true, team: "red" } } }]);
  });

  test("host controls: lock keeps newcomers out, kick ends a session, and the role can be handed on", async ({
    libraryPlayers,
  }) => {
    const seats = await openRoom(libraryPlayers, "Ada", "Bo", "Cy");
    const [ada, bo, cy] = seats as [Seat, Seat, Seat];
    const code = (await ada.player.roomInfo())?.code ?? "";

    await ada.player.page.evaluate(() => window.rallypoint.net.lobby.lock());
    const late = await libraryPlayers.open("Dee");
    const lockedOut = await late.page.evaluate(
      (code) =>
        window.rallypoint.net.joinRoom(code).then(
          () => "joined",
          (error: unknown) => (error as { code?: string }).code,
        ),
      code,
    );
    expect(lockedOut).toBe("room-locked");

    await ada.player.page.evaluate((boId) => window.rallypoint.net.lobby.kick(boId, "testing"), bo.id);
    await expect.poll(() => bo.player.lifecycle("disconnected")).toMatchObject([{ value: "kicked" }]);
    await expect
      .poll(() => cy.player.lifecycle("peer-left"))
      .toMatchObject([{ value: { id: bo.id, reason: "kicked" } }]);

    await ada.player.page.evaluate((cyId) => window.rallypoint.net.lobby.transferHost(cyId), cy.id);
    for (const { player } of [ada, cy]) {
      await expect.poll(async () => (await player.roomInfo())?.hostId).toBe(cy.id);
    }
    expect(await cy.player.page.evaluate(() => window.rallypoint.net.lobby.isHost)).toBe(true);
    await cy.player.page.evaluate(() => window.rallypoint.net.lobby.unlock());
    await expect.poll(() => ada.player.lifecycle("room-settings-changed")).toHaveLength(2);
  });
});
