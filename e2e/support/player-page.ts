import { expect, type BrowserContext, type Locator, type Page, type Response } from "@playwright/test";
import { PageHealth } from "./page-health.js";

/** What a member row says about the link to that member: `self` for one's own row. */
export type MemberPath = "self" | "connecting" | "webrtc" | "relay";

/** Six characters, upper-case letters and digits (the exact alphabet is the server's business). */
const ROOM_CODE_PATTERN = /^[A-Z0-9]{6}$/;

/**
 * One player's view of the demo page, in the terms of its DOM contract (every element found by data-testid).
 * Actions wait for their visible result, so specs read as what a user does and sees.
 *
 * @example
 * const code = await host.createRoom();
 * await guest.joinByCode(code.toLowerCase());
 * await expect(host.pathTo(await guest.peerId())).toHaveText("webrtc");
 */
export class PlayerPage {
  readonly nameInput: Locator;
  readonly createRoomButton: Locator;
  readonly codeInput: Locator;
  readonly joinRoomButton: Locator;
  /** The lobby's error message; the contract gives it role="alert". */
  readonly error: Locator;
  readonly roomCode: Locator;
  readonly inviteLink: Locator;
  readonly leaveRoomButton: Locator;
  readonly members: Locator;
  readonly selfMember: Locator;
  readonly hostMembers: Locator;
  readonly eventInput: Locator;
  readonly sendEventButton: Locator;
  readonly eventEntries: Locator;
  /** Console errors, uncaught exceptions and requests to other origins, recorded from the moment this object exists. */
  readonly health: PageHealth;
  readonly overlayButton: Locator;
  readonly overlayRows: Locator;
  readonly toast: Locator;
  /** The lobby panel: this player's ready toggle (aria-pressed), the host's start and lock buttons, the status line. */
  readonly readyButton: Locator;
  readonly startMatchButton: Locator;
  readonly lockRoomButton: Locator;
  readonly lockState: Locator;
  readonly lobbyStatus: Locator;
  /** Every "Remove <name> from the room" button: the host's, one per other player. */
  readonly kickButtons: Locator;
  /** The HUD's line over the arena: players, the match phase, paths and ping. */
  readonly hudPhase: Locator;
  /** The title screen's public games: the "Public game" box of the create form, the list's rows and its status. */
  readonly publicToggle: Locator;
  readonly publicGames: Locator;
  readonly publicGamesStatus: Locator;
  readonly quickJoinButton: Locator;

  /**
   * @param page a page in a BrowserContext of its own (players must not share storage or connections)
   * @param label what the player types as its name, and how logs and failures refer to it
   */
  constructor(
    readonly page: Page,
    readonly label: string,
  ) {
    this.nameInput = page.getByTestId("name-input");
    this.createRoomButton = page.getByTestId("create-room");
    this.codeInput = page.getByTestId("code-input");
    this.joinRoomButton = page.getByTestId("join-room");
    this.error = page.getByTestId("error");
    this.roomCode = page.getByTestId("room-code");
    this.inviteLink = page.getByTestId("invite-link");
    this.leaveRoomButton = page.getByTestId("leave-room");
    this.members = page.getByTestId("members").getByTestId("member");
    this.selfMember = this.members.and(page.locator('[data-self="true"]'));
    this.hostMembers = this.members.and(page.locator('[data-host="true"]'));
    this.eventInput = page.getByTestId("event-input");
    this.sendEventButton = page.getByTestId("send-event");
    this.eventEntries = page.getByTestId("event-log").getByTestId("event-entry");
    this.health = PageHealth.watch(page);
    this.overlayButton = page.getByRole("button", { name: /Network overlay/ });
    this.overlayRows = page.getByTestId("overlay-rows").getByTestId("overlay-row");
    this.toast = page.getByTestId("game-toast");
    this.readyButton = page.getByRole("button", { name: "I'm ready" });
    this.startMatchButton = page.getByRole("button", { name: /^(Start|End) match$/ });
    this.lockRoomButton = page.getByRole("button", { name: "Lock room" });
    this.lockState = page.getByTestId("lock-state");
    this.lobbyStatus = page.getByTestId("lobby-status");
    this.kickButtons = page.getByRole("button", { name: /^Remove .* from the room$/ });
    this.hudPhase = page.getByTestId("hud-phase");
    this.publicToggle = page.getByTestId("public-toggle");
    this.publicGames = page.getByTestId("public-games").getByTestId("public-game");
    this.publicGamesStatus = page.getByTestId("public-games-status");
    this.quickJoinButton = page.getByTestId("quick-join");
  }

  get context(): BrowserContext {
    return this.page.context();
  }

  async openLobby(): Promise<void> {
    await this.visit("/");
    await expect(this.createRoomButton).toBeVisible();
  }

  /** Creates a room under `name` (empty means the page's default) and resolves with its code once inside. */
  async createRoom(name: string = this.label): Promise<string> {
    await this.nameInput.fill(name);
    await this.createRoomButton.click();
    return this.waitUntilInRoom();
  }

  /** The public games list's row for the room `code` (zero matches while it is not listed). */
  publicGame(code: string): Locator {
    return this.publicGames.and(this.page.locator(`[data-code=${JSON.stringify(code)}]`));
  }

  /** Joins the listed public game `code` with its Join button; resolves with the code the page shows. */
  async joinPublicGame(code: string, name: string = this.label): Promise<string> {
    await this.nameInput.fill(name);
    await this.publicGame(code)
      .getByRole("button", { name: /^Join / })
      .click();
    return this.waitUntilInRoom();
  }

  /** Presses Quick join under `name`; resolves with the code of the room it lands in. */
  async quickJoin(name: string = this.label): Promise<string> {
    await this.nameInput.fill(name);
    await this.quickJoinButton.click();
    return this.waitUntilInRoom();
  }

  /** Types `code` exactly as given (any case, stray spaces) and joins; resolves with the code the page shows. */
  async joinByCode(code: string, name: string = this.label): Promise<string> {
    await this.submitJoin(code, name);
    return this.waitUntilInRoom();
  }

  /** Fills in the lobby's join form and submits it, without waiting for the outcome. */
  async submitJoin(code: string, name: string = this.label): Promise<void> {
    await this.nameInput.fill(name);
    await this.codeInput.fill(code);
    await this.joinRoomButton.click();
  }

  /** Opens an invite link in this player's tab, as pasting it into the address bar would. */
  async openInvite(url: string): Promise<string> {
    await this.visit(url);
    return this.waitUntilInRoom();
  }

  /** Navigates this tab to `url`, failing with the server's explanation if it does not answer 2xx. */
  async visit(url: string): Promise<void> {
    const response = await this.page.goto(url);
    await expectServed(response, url);
  }

  /** The invite link's target, resolved against the page (the contract allows an absolute or a relative href). */
  async inviteUrl(): Promise<URL> {
    const href = await this.inviteLink.getAttribute("href");
    expect(href, `${this.label}'s invite link has no href`).toBeTruthy();
    return new URL(href ?? "", this.page.url());
  }

  /** This player's peer id, from its own member row. */
  async peerId(): Promise<string> {
    await expect(this.selfMember).toHaveCount(1);
    const id = await this.selfMember.getAttribute("data-peer-id");
    if (id === null || id === "") throw new Error(`${this.label}'s own member row has no data-peer-id`);
    return id;
  }

  /** The member row for `peerId` (zero matches once that member is gone). */
  member(peerId: string): Locator {
    return this.members.and(this.page.locator(`[data-peer-id=${JSON.stringify(peerId)}]`));
  }

  /** How this player reaches `peerId`: `connecting`, `webrtc` or `relay` (`self` for its own id). */
  pathTo(peerId: string): Locator {
    return this.member(peerId).getByTestId("member-path");
  }

  /** Every listed member's path at this instant, by peer id; for a one-shot snapshot (e.g. inside expect.poll). */
  async memberPaths(): Promise<Map<string, string>> {
    const rows = await this.members.evaluateAll((items) =>
      items.map((item): [string, string] => [
        item.getAttribute("data-peer-id") ?? "",
        item.querySelector("[data-testid=member-path]")?.textContent.trim() ?? "",
      ]),
    );
    return new Map(rows);
  }

  nameOf(peerId: string): Locator {
    return this.member(peerId).getByTestId("member-name");
  }

  /** Log entries received from `peerId`, optionally only those containing `text`. */
  eventsFrom(peerId: string, text?: string): Locator {
    const entries = this.eventEntries.and(this.page.locator(`[data-from=${JSON.stringify(peerId)}]`));
    return text === undefined ? entries : entries.filter({ hasText: text });
  }

  /** The overlay's row for `peerId` (the overlay must be open to see it). */
  overlayRow(peerId: string): Locator {
    return this.overlayRows.and(this.page.locator(`[data-peer-id=${JSON.stringify(peerId)}]`));
  }

  /** One cell of that row: `path`, `state`, `rtt`, `jitter`, `loss`, `messages`, `bytes`, `delay`, `offset`. */
  overlayCell(peerId: string, field: string): Locator {
    return this.overlayRow(peerId).locator(`[data-field=${JSON.stringify(field)}]`);
  }

  /** The RTT the overlay shows for `peerId` in ms, or null while it shows none. */
  async overlayRttMs(peerId: string): Promise<number | null> {
    const text = await this.overlayCell(peerId, "rtt").textContent();
    const match = /([\d.]+) ms/.exec(text ?? "");
    return match ? Number(match[1]) : null;
  }

  /** Opens the network overlay (if closed) with its button. */
  async openOverlay(): Promise<void> {
    if ((await this.overlayButton.getAttribute("aria-expanded")) !== "true") await this.overlayButton.click();
    await expect(this.page.getByTestId("overlay")).toBeVisible();
  }

  /** Picks a preset of the overlay's simulated network menu by its label, e.g. "3G". */
  async simulateNetwork(preset: string): Promise<void> {
    await this.openOverlay();
    await this.page.getByTestId("conditions-preset").selectOption({ label: preset });
  }

  /** Picks a team in the lobby ("Red" or "Blue") and waits for the own row to show it. */
  async pickTeam(team: "Red" | "Blue"): Promise<void> {
    await this.page.getByRole("radio", { name: team }).check();
    await expect(this.selfMember.getByTestId("member-team")).toHaveText(team);
  }

  /** Presses "I'm ready" and waits for the own row's ready mark. */
  async readyUp(): Promise<void> {
    await expect(this.readyButton).toHaveAttribute("aria-pressed", "false");
    await this.readyButton.click();
    await expect(this.selfMember.getByTestId("member-ready")).toHaveText("✓ Ready");
  }

  /** The host removes the player named `name` from the room with its row's button. */
  async kick(name: string): Promise<void> {
    await this.page.getByRole("button", { name: `Remove ${name} from the room` }).click();
  }

  async sendEvent(text: string): Promise<void> {
    await this.eventInput.fill(text);
    await this.sendEventButton.click();
  }

  /** Clicks leave and waits to be back in the lobby. */
  async leave(): Promise<void> {
    await this.leaveRoomButton.click();
    await expect(this.createRoomButton).toBeVisible();
    await expect(this.roomCode).toBeHidden();
  }

  /** Closes the player's whole browser context: the tab is gone without a goodbye, as when a user closes it. */
  async closeTab(): Promise<void> {
    await this.context.close();
  }

  private async waitUntilInRoom(): Promise<string> {
    // Both elements are always in the DOM (hidden until needed): wait for whichever shows up first.
    await expect(this.roomCode.or(this.error).filter({ visible: true }).first()).toBeVisible();
    if (await this.error.isVisible()) {
      throw new Error(`${this.label} got an error instead of a room: ${await this.error.innerText()}`);
    }
    await expect(this.roomCode).toHaveText(ROOM_CODE_PATTERN);
    await expect(this.selfMember).toHaveCount(1);
    await expect(this.selfMember.getByTestId("member-path")).toHaveText("self");
    return (await this.roomCode.innerText()).trim();
  }
}

/** A healthy session: no console errors, no uncaught exceptions, nothing fetched from anywhere but our server. */
export function expectHealthy(origin: string | undefined, ...players: PlayerPage[]): void {
  for (const player of players) {
    expect(player.health.problems(origin ?? ""), `${player.label}'s page`).toEqual([]);
    // The page did load things (the check above would pass vacuously on a page that recorded nothing).
    expect(player.health.urls.length).toBeGreaterThan(2);
  }
}

/** Fails with the server's own explanation (e.g. "the web client is not built yet") rather than a missing element. */
async function expectServed(response: Response | null, url: string): Promise<void> {
  if (response === null || response.ok()) return;
  const body = await response.text().catch(() => "");
  throw new Error(`GET ${url} answered ${response.status()}: ${body.slice(0, 500)}`);
}
