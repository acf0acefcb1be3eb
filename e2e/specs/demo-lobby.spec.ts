import { screenshot } from "../support/artifacts.js";
import { expect, test } from "../support/fixtures.js";
import { DESKTOP, PHONE, sideScroll } from "../support/screens.js";
import { expectHealthy, type PlayerPage } from "../support/player-page.js";

/**
 * The demo's lobby as three people use it, two on desktops and one on a phone: meet by a pasted invite link, pick
 * teams, a ready check everyone sees, the host starts, locks the room and removes a player. Screenshots of the title,
 * the lobby and the arena at both sizes are attached to the report.
 */
test("three players: invite link, teams, ready check, start, lock and kick", async ({ players, baseURL }, testInfo) => {
  // One whole lobby session of three pages with six screenshots: 37 s on a quiet machine, 55-65 s with a busy core.
  test.setTimeout(150_000);
  const ada = await players.open("Ada", DESKTOP);
  const bo = await players.open("Bo", DESKTOP);
  const cy = await players.open("Cy", PHONE);
  await screenshot(ada.page, testInfo, "desktop-title");
  await screenshot(cy.page, testInfo, "phone-title");

  const code = await ada.createRoom();
  const invite = (await ada.inviteUrl()).href;
  expect(invite).toContain(`room=${code}`);
  // Pasted into the join field: the whole link, and a link's fragment form.
  expect(await bo.joinByCode(invite)).toBe(code);
  expect(await cy.joinByCode(`${new URL(invite).origin}/#${code.toLowerCase()}`)).toBe(code);
  const everyone = [ada, bo, cy];
  const [adaId, boId, cyId] = await Promise.all([ada.peerId(), bo.peerId(), cy.peerId()]);
  for (const viewer of everyone) await expect(viewer.members).toHaveCount(3);

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

  // Only the host has the host's controls.
  await expect(ada.kickButtons).toHaveCount(2);
  await expect(ada.lockRoomButton).toBeVisible();
  await expect(ada.startMatchButton).toBeDisabled();
  for (const guest of [bo, cy]) {
    await expect(guest.kickButtons).toHaveCount(0);
    await expect(guest.lockRoomButton).toBeHidden();
    await expect(guest.startMatchButton).toBeHidden();
  }

  // The ready check: each mark shows on every page; the host may start once all three are ready.
  await ada.readyUp();
  await bo.readyUp();
  for (const viewer of everyone) await expect(viewer.lobbyStatus).toHaveText("2 of 3 ready.");
  await cy.readyUp();
  for (const viewer of everyone) {
    await expect(viewer.members.getByTestId("member-ready")).toHaveText(["✓ Ready", "✓ Ready", "✓ Ready"]);
    await expect(viewer.lobbyStatus).toHaveText(/^Everyone is ready/);
  }
  await screenshot(ada.page, testInfo, "desktop-lobby");
  await screenshot(cy.page, testInfo, "phone-lobby");
  await expectNoSideScroll(cy);

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

  // Locked: everyone sees it, and a fourth player is turned away in words.
  await ada.lockRoomButton.click();
  await expect(ada.lockRoomButton).toHaveAttribute("aria-pressed", "true");
  for (const viewer of everyone) await expect(viewer.lockState).toBeVisible();
  const dee = await players.open("Dee", DESKTOP);
  await dee.submitJoin(invite);
  await expect(dee.error).toHaveText(/^That room is locked/);
  await expect(dee.roomCode).toBeHidden();

  // Removed: the kicked player is back on the title screen, told why; the others see it go.
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
  expectHealthy(baseURL, ada, bo, cy, dee);
});

/** The layout fits the screen: nothing sticks out sideways, so the page does not scroll horizontally. */
async function expectNoSideScroll(player: PlayerPage): Promise<void> {
  const overflow = await sideScroll(player.page);
  expect(overflow, `${player.label}'s page scrolls sideways`).toBeLessThanOrEqual(0);
}
