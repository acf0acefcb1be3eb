import { screenshot } from "../support/artifacts.js";
import { expect, test } from "../support/fixtures.js";
import { DESKTOP, PHONE, sideScroll } from "../support/screens.js";
import { expectHealthy } from "../support/player-page.js";

/**
 * The title screen's public games, as three strangers use them: Ada opens a public game, Bo finds it in the list
 * and joins it with a click, Cy watches it from the list for a while, then presses Quick join and lands in the same
 * room. The other specs' demo rooms are
 * private and the library specs' public rooms are of other modes, so this test's room is the only one listed.
 * Screenshots of the title screen with the list showing, at both sizes, are attached to the report.
 */
test("public games: listed on the title screen, joined with a click, and by quick join", async ({
  players,
  baseURL,
}, testInfo) => {
  const ada = await players.open("Ada", DESKTOP);
  await expect(ada.publicGamesStatus).toHaveText("No public games right now — create one or quick join.");
  await expect(ada.publicGames).toHaveCount(0);
  await ada.publicToggle.check();
  await screenshot(ada.page, testInfo, "desktop-title-empty");

  const code = await ada.createRoom(); // public: the box is ticked
  const bo = await players.open("Bo", DESKTOP);
  const cy = await players.open("Cy", PHONE);
  // The list refreshes every few seconds: web-first assertions poll until the room shows.
  for (const viewer of [bo, cy]) {
    await expect(viewer.publicGame(code).getByTestId("public-game-title")).toHaveText("Ada's game");
    await expect(viewer.publicGame(code).getByTestId("public-game-seats")).toHaveText("1/8 players");
    await expect(viewer.publicGamesStatus).toHaveText("1 public game to join.");
  }
  await screenshot(bo.page, testInfo, "desktop-title-public-games");
  await screenshot(cy.page, testInfo, "phone-title-public-games");
  expect(await sideScroll(cy.page), "the phone's title screen scrolls sideways").toBeLessThanOrEqual(0);

  expect(await bo.joinPublicGame(code)).toBe(code);
  // Cy first watches it from the list (a spectator, listed apart), then goes back to play.
  await cy.nameInput.fill("Cy");
  await cy.publicGame(code).getByTestId("watch-game").click();
  await expect(cy.roomCode).toHaveText(code);
  await expect(ada.members.and(ada.page.locator('[data-spectator="true"]'))).toHaveText(/Cy/);
  await cy.leave();
  // Cy's list catches up with Bo's seat before Cy quick-joins the fullest game: this one.
  await expect(cy.publicGame(code).getByTestId("public-game-seats")).toHaveText("2/8 players");
  expect(await cy.quickJoin()).toBe(code);

  for (const viewer of [ada, bo, cy]) {
    await expect(viewer.members).toHaveCount(3);
    await expect(viewer.members.getByTestId("member-name")).toHaveText(["Ada", "Bo", "Cy"]);
  }
  expectHealthy(baseURL, ada, bo, cy);
});

/**
 * The list's error state: while the game server cannot be reached, the panel says so in words (a live region, marked
 * as a problem) instead of an empty list, and Refresh brings the list back once the server answers again. No public
 * room is made here, so the test above still sees its room alone.
 */
test("public games: says when the server cannot be reached, and recovers on Refresh", async ({ players }, testInfo) => {
  const [ada] = await players.create("Ada");
  // From here on the page's Socket.IO websockets go through this route (it patches the page, hence the reload).
  let isServerUp = false;
  await ada.page.routeWebSocket(/\/socket\.io\//, async (socket) => {
    if (isServerUp) socket.connectToServer();
    else await socket.close();
  });
  await ada.page.reload();

  await expect(ada.publicGamesStatus).toHaveText(
    "Could not load the public games. Cannot reach the game server. Check your connection and try again.",
  );
  await expect(ada.publicGamesStatus).toHaveAttribute("data-kind", "problem");
  await screenshot(ada.page, testInfo, "desktop-title-public-games-unreachable");

  isServerUp = true;
  await ada.page.getByTestId("refresh-games").click();
  await expect(ada.publicGamesStatus).toHaveAttribute("data-kind", /^(count|empty)$/);
  await expect(ada.publicGamesStatus).not.toHaveText(/Could not load/);
});
