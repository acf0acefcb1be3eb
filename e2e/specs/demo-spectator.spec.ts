import type { Page } from "@playwright/test";
import { screenshot } from "../support/artifacts.js";
import { renderedShips, type RenderedShip } from "../support/arena.js";
import { waitDeliberately } from "../support/deliberate-wait.js";
import { expect, test } from "../support/fixtures.js";
import { openThree } from "../support/lobby-of-three.js";
import { expectHealthy, type PlayerPage } from "../support/player-page.js";
import { sideScroll } from "../support/screens.js";

/**
 * A spectator in the demo: two players on desktops, and one person on a phone who types the room's code and presses
 * Watch. The players list it apart (an eye), its HUD says it is spectating, it has no ship and no controls, its
 * keys move nothing, and it sees both players' ships move. The room is private (the public games spec counts the
 * listed rooms); watching from the public games list is in demo-public-games.spec.ts. Screenshots of a player's
 * lobby with the spectator listed (desktop) and of the spectator's screen (phone) are attached to the report.
 */
test("a spectator watches both ships move, is listed apart, and flies nothing", async ({
  players,
  baseURL,
}, testInfo) => {
  const [ada, bo, cy] = await openThree(players);
  const code = await ada.createRoom();
  await bo.joinByCode(code);
  await cy.nameInput.fill("Cy");
  await cy.codeInput.fill(code);
  await cy.page.getByTestId("watch-room").click();
  await expect(cy.roomCode).toHaveText(code);
  const [adaId, boId, cyId] = await Promise.all([ada.peerId(), bo.peerId(), cy.peerId()]);

  // The players list Cy apart, after themselves, with an eye and no team or ready marks; the HUD counts it apart.
  for (const viewer of [ada, bo, cy]) {
    await expect(viewer.members.getByTestId("member-name")).toHaveText(["Ada", "Bo", "Cy"]);
    await expect(viewer.member(cyId)).toHaveAttribute("data-spectator", "true");
    await expect(viewer.member(cyId).getByTestId("spectator-mark")).toHaveText("Watching");
    await expect(viewer.member(cyId).getByTestId("member-ready")).toHaveCount(0);
    await expect(viewer.page.getByTestId("hud-players")).toHaveText("2/8 players · 1 watching");
  }
  await expect(ada.member(boId)).toHaveAttribute("data-spectator", "false");
  await expect(ada.lobbyStatus).toHaveText("0 of 2 ready.");

  // Cy's screen says it watches, and offers nothing to play with.
  await expect(cy.page.getByTestId("hud-role")).toHaveText("Spectating");
  await expect(ada.page.getByTestId("hud-role")).toBeHidden();
  await expect(cy.readyButton).toBeHidden();
  await expect(cy.page.getByTestId("tag-button")).toBeHidden();
  await expect(cy.eventInput).toBeHidden();
  await expect(cy.lobbyStatus).toHaveText("You are watching: 0 of 2 players ready.");

  // Both players fly; the spectator's arena draws both ships, and follows each one where it went.
  await expect.poll(async () => Object.keys(await renderedShips(cy.page)).sort()).toEqual([adaId, boId].sort());
  await fly(ada, adaId);
  await fly(bo, boId);
  for (const [player, id] of [
    [ada, adaId],
    [bo, boId],
  ] as const) {
    await expect
      .poll(async () => distance((await renderedShips(player.page))[id], (await renderedShips(cy.page))[id]))
      .toBeLessThan(60);
  }
  await screenshot(ada.page, testInfo, "desktop-lobby-with-spectator");
  await screenshot(cy.page, testInfo, "phone-spectator");
  expect(await sideScroll(cy.page), "the spectator's phone screen scrolls sideways").toBeLessThanOrEqual(0);

  // Its keys fly no ship: nothing of Cy's is drawn, on its own screen or anyone else's.
  await cy.page.locator("#arena").focus();
  await cy.page.keyboard.down("KeyW");
  await cy.page.keyboard.press("Space");
  await waitDeliberately(cy.page, 1000, "a spectator holds thrust: no ship of its own may appear anywhere");
  await cy.page.keyboard.up("KeyW");
  for (const viewer of [ada, bo, cy]) expect(Object.keys(await renderedShips(viewer.page))).not.toContain(cyId);
  await expect(cy.toast).toBeHidden();
  expectHealthy(baseURL, ada, bo, cy);
});

/** Holds thrust until the player's own ship has gone 60 units (a busy machine drops frames: not for a set time). */
async function fly(player: PlayerPage, selfId: string): Promise<void> {
  const start = await shipOf(player.page, selfId);
  expect(start, `${player.label}'s own ship is drawn`).toBeDefined();
  await player.page.locator("#arena").focus();
  await player.page.keyboard.down("KeyW");
  await expect.poll(async () => distance(start, await shipOf(player.page, selfId))).toBeGreaterThan(60);
  await player.page.keyboard.up("KeyW");
}

async function shipOf(page: Page, id: string): Promise<RenderedShip | undefined> {
  return (await renderedShips(page))[id];
}

function distance(a: RenderedShip | undefined, b: RenderedShip | undefined): number {
  if (!a || !b) return Infinity;
  return Math.hypot(b.x - a.x, b.y - a.y);
}
