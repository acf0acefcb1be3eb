import { screenshot } from "../support/artifacts.js";
import { expect, test } from "../support/fixtures.js";
import { lobbyOfThree, openThree } from "../support/lobby-of-three.js";
import { expectHealthy, type PlayerPage } from "../support/player-page.js";
import { DESKTOP, sideScroll } from "../support/screens.js";

/**
 * The demo's lobby as three people use it, two on desktops and one on a phone, one behaviour a player sees per test:
 * meeting by a pasted invite link, teams, the host's controls, the ready check, the start, the lock and the removal.
 * Each test sets up only its own room (support/lobby-of-three.ts), so a failure names the behaviour that broke.
 * Screenshots of the title, the lobby and the arena at both sizes, and of a removed player's phone, are attached to
 * the report.
 */

test("an invite link pasted into the join field, whole or as its fragment, brings players into the room", async ({
  players,
  baseURL,
}, testInfo) => {
  const [ada, bo, cy] = await openThree(players);
  await screenshot(ada.page, testInfo, "desktop-title");
  await screenshot(cy.page, testInfo, "phone-title");

  const code = await ada.createRoom();
  const invite = (await ada.inviteUrl()).href;
  expect(invite).toContain(`room=${code}`);
  expect(await bo.joinByCode(invite)).toBe(code);
  expect(await cy.joinByCode(`${new URL(invite).origin}/#${code.toLowerCase()}`)).toBe(code);
  for (const viewer of [ada, bo, cy]) await expect(viewer.members).toHaveCount(3);
  expectHealthy(baseURL, ada, bo, cy);
});

test("each player picks a team, and every page shows everyone's team", async ({ players, baseURL }) => {
  const { ada, bo, cy, everyone } = await lobbyOfThree(players);
  const [adaId, boId, cyId] = await Promise.all([ada.peerId(), bo.peerId(), cy.peerId()]);

  await ada.pickTeam("Red");
  await bo.pickTeam("Blue");
  await cy.pickTeam("Blue");
  const teams = [
    [adaId, "Red"],
    [boId, "Blue"],
    [cyId, "Blue"],
  ] as const;
  for (const viewer of everyone) {
    for (const [id, team] of teams) await expect(viewer.member(id).getByTestId("member-team")).toHaveText(team);
  }
  expectHealthy(baseURL, ...everyone);
});

test("only the host has the host's controls", async ({ players, baseURL }) => {
  const { ada, bo, cy, everyone } = await lobbyOfThree(players);

  await expect(ada.kickButtons).toHaveCount(2);
  await expect(ada.lockRoomButton).toBeVisible();
  await expect(ada.startMatchButton).toBeDisabled();
  for (const guest of [bo, cy]) {
    await expect(guest.kickButtons).toHaveCount(0);
    await expect(guest.lockRoomButton).toBeHidden();
    await expect(guest.startMatchButton).toBeHidden();
  }
  expectHealthy(baseURL, ...everyone);
});

test("the ready check: each mark shows on every page, and the host may start once all three are ready", async ({
  players,
  baseURL,
}, testInfo) => {
  const { ada, bo, cy, everyone } = await lobbyOfThree(players);

  await ada.readyUp();
  await bo.readyUp();
  for (const viewer of everyone) await expect(viewer.lobbyStatus).toHaveText("2 of 3 ready.");
  await expect(ada.startMatchButton).toBeDisabled();
  await cy.readyUp();
  for (const viewer of everyone) {
    await expect(viewer.members.getByTestId("member-ready")).toHaveText(["✓ Ready", "✓ Ready", "✓ Ready"]);
    await expect(viewer.lobbyStatus).toHaveText(/^Everyone is ready/);
  }
  await expect(ada.startMatchButton).toBeEnabled();
  await screenshot(ada.page, testInfo, "desktop-lobby");
  await screenshot(cy.page, testInfo, "phone-lobby");
  await expectNoSideScroll(cy);
  expectHealthy(baseURL, ...everyone);
});

test("the host starts the match: every page shows the arena, and teams are fixed", async ({
  players,
  baseURL,
}, testInfo) => {
  const { ada, cy, everyone } = await lobbyOfThree(players);
  for (const player of everyone) await player.readyUp();

  await ada.startMatchButton.click();
  for (const viewer of everyone) {
    await expect(viewer.hudPhase).toHaveText("Match on");
    await expect(viewer.page.getByRole("radio", { name: "Red" })).toBeDisabled();
  }
  await expect(ada.startMatchButton).toHaveText("End match");
  await screenshot(ada.page, testInfo, "desktop-arena");
  await cy.page.evaluate(() => scrollTo(0, 0));
  await screenshot(cy.page, testInfo, "phone-arena");
  await expectNoSideScroll(cy);
  expectHealthy(baseURL, ...everyone);
});

test("a locked room: everyone sees it, and a newcomer is turned away in words", async ({ players, baseURL }) => {
  const { ada, everyone } = await lobbyOfThree(players);
  const invite = (await ada.inviteUrl()).href;

  await ada.lockRoomButton.click();
  await expect(ada.lockRoomButton).toHaveAttribute("aria-pressed", "true");
  for (const viewer of everyone) await expect(viewer.lockState).toBeVisible();
  const dee = await players.open("Dee", DESKTOP);
  await dee.submitJoin(invite);
  await expect(dee.error).toHaveText(/^That room is locked/);
  await expect(dee.roomCode).toBeHidden();
  expectHealthy(baseURL, ...everyone, dee);
});

test("a removed player is back on the title screen, told why; the others see it go", async ({
  players,
  baseURL,
}, testInfo) => {
  const { ada, bo, cy, everyone, code } = await lobbyOfThree(players);

  await ada.kick("Cy");
  await expect(cy.error).toHaveText(
    `The host removed you from room ${code}. Create a room of your own, or join another.`,
  );
  await expect(cy.createRoomButton).toBeVisible();
  for (const remaining of [ada, bo]) {
    await expect(remaining.members).toHaveCount(2);
    await expect(
      remaining.page.getByTestId("lobby-news").filter({ hasText: "Cy was removed by the host" }),
    ).toHaveCount(1);
  }
  await screenshot(cy.page, testInfo, "phone-kicked");
  expectHealthy(baseURL, ...everyone);
});

/** The layout fits the screen: nothing sticks out sideways, so the page does not scroll horizontally. */
async function expectNoSideScroll(player: PlayerPage): Promise<void> {
  const overflow = await sideScroll(player.page);
  expect(overflow, `${player.label}'s page scrolls sideways`).toBeLessThanOrEqual(0);
}
