import { expect } from "@playwright/test";
import type { Players } from "./fixtures.js";
import type { PlayerPage } from "./player-page.js";
import { DESKTOP, PHONE } from "./screens.js";

/** Three players in one demo room: Ada hosts, Bo and Cy joined in that order. */
export interface LobbyOfThree {
  ada: PlayerPage;
  bo: PlayerPage;
  cy: PlayerPage;
  /** The three, in the order they joined (the order of the member list). */
  everyone: readonly [PlayerPage, PlayerPage, PlayerPage];
  code: string;
}

/**
 * The demo specs' three people on the title screen: Ada and Bo on desktops, Cy on a phone (so every screen a
 * player meets is seen at both sizes).
 *
 * @example
 * const [ada, bo, cy] = await openThree(players);
 */
export async function openThree(players: Players): Promise<[PlayerPage, PlayerPage, PlayerPage]> {
  return Promise.all([players.open("Ada", DESKTOP), players.open("Bo", DESKTOP), players.open("Cy", PHONE)]);
}

/**
 * The three of `openThree` in Ada's room, each listed on every page: the starting point of a lobby test that is
 * about what happens once everyone is in (how they got in is the invite spec's business).
 *
 * @example
 * const { ada, cy, everyone } = await lobbyOfThree(players);
 */
export async function lobbyOfThree(players: Players): Promise<LobbyOfThree> {
  const [ada, bo, cy] = await openThree(players);
  const code = await ada.createRoom();
  // One after the other, so the member list's order (and the team each newcomer is given) is always the same.
  await bo.joinByCode(code);
  await cy.joinByCode(code);
  const everyone = [ada, bo, cy] as const;
  for (const viewer of everyone) await expect(viewer.members).toHaveCount(3);
  return { ada, bo, cy, everyone, code };
}
