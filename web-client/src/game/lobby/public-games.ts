import { NetworkError } from "../../net/index.js";
import type { DemoNetwork } from "../demo-network.js";
import { element } from "../dom.js";
import { errorMessage } from "../error-messages.js";
import { DEMO_MODE, gameListing, listSummary, type GameListing } from "./public-games-state.js";
import { RefreshSchedule } from "./refresh-schedule.js";

export interface PublicGamesElements {
  list: HTMLUListElement;
  /** The line a screen reader hears (aria-live): how many games, or what went wrong. */
  status: HTMLElement;
  refreshButton: HTMLButtonElement;
  quickJoinButton: HTMLButtonElement;
}

/** What the panel asks of the page: enter a listed room to play or to watch, or quick join. */
export interface PublicGamesActions {
  join: (code: string) => void;
  watch: (code: string) => void;
  quickJoin: () => void;
}

/** Every 5 s while on screen, and at most once a second on Refresh: well inside the server's 20 per 10 s. */
const TIMING = { intervalMs: 5000, minGapMs: 1000 };
/** Enough rows for a title screen; quick join finds a seat beyond them. */
const PAGE_SIZE = 12;

/**
 * The title screen's "Public games" panel: the demo's public rooms with a seat free, fullest first, each with its
 * Join and Watch buttons, refreshed while the title screen is on screen and the tab visible; Refresh, and Quick join.
 */
export class PublicGames {
  private readonly schedule: RefreshSchedule;
  private isShown = false;
  private isBusy = false;
  /** The rows as last drawn, so an unchanged list is not redrawn under a player's focus every 5 s. */
  private drawn = "";

  constructor(
    private readonly elements: PublicGamesElements,
    private readonly browser: DemoNetwork,
    private readonly actions: PublicGamesActions,
  ) {
    this.schedule = new RefreshSchedule(() => this.load(), TIMING);
    elements.refreshButton.addEventListener("click", () => this.schedule.refreshNow());
    elements.quickJoinButton.addEventListener("click", () => actions.quickJoin());
    document.addEventListener("visibilitychange", () => this.updateSchedule());
  }

  /** The title screen came or went: refresh only while it is there, and hold no connection while it is not. */
  show(isShown: boolean): void {
    this.isShown = isShown;
    this.updateSchedule();
    if (!isShown) void this.browser.leave();
  }

  /** Loads the list again soon (a join that failed: the room may have filled or gone). */
  refresh(): void {
    this.schedule.refreshNow();
  }

  /** Joining or creating a room: no second attempt meanwhile. */
  setBusy(isBusy: boolean): void {
    this.isBusy = isBusy;
    for (const button of this.elements.list.querySelectorAll("button")) button.disabled = isBusy;
  }

  private updateSchedule(): void {
    this.schedule.setActive(this.isShown && document.visibilityState === "visible");
  }

  private async load(): Promise<void> {
    this.elements.list.ariaBusy = "true";
    try {
      const { rooms } = await this.browser.listRooms({ filter: { mode: DEMO_MODE }, limit: PAGE_SIZE });
      this.render(rooms.map(gameListing));
    } catch (error) {
      const reason = error instanceof NetworkError ? errorMessage(error) : String(error);
      this.say(`Could not load the public games. ${reason}`, "problem");
    } finally {
      this.elements.list.ariaBusy = "false";
    }
  }

  private render(games: GameListing[]): void {
    this.say(listSummary(games.length), games.length === 0 ? "empty" : "count");
    this.elements.list.hidden = games.length === 0;
    const key = JSON.stringify(games);
    if (key === this.drawn) return;
    this.drawn = key;
    const { list } = this.elements;
    // Keep a focused Join button focused across the redraw; if its game is gone, focus stays in the panel.
    const focusedCode = list.contains(document.activeElement)
      ? document.activeElement?.closest("li")?.dataset.code
      : undefined;
    list.replaceChildren(...games.map((game) => this.row(game)));
    if (focusedCode === undefined) return;
    const stillThere = list.querySelector<HTMLButtonElement>(`li[data-code="${CSS.escape(focusedCode)}"] button`);
    (stillThere ?? this.elements.refreshButton).focus();
  }

  private row(game: GameListing): HTMLLIElement {
    const item = element("li", "game");
    Object.assign(item.dataset, { testid: "public-game", code: game.code });
    const about = element("div", "game-about");
    const title = element("span", "game-title", game.title);
    title.dataset.testid = "public-game-title";
    const seats = element("span", `game-seats${game.isAlmostFull ? " is-almost-full" : ""}`, game.seats);
    seats.dataset.testid = "public-game-seats";
    about.append(title, seats);
    const join = this.button("Join", `Join ${game.title}, ${game.seats}`, () => this.actions.join(game.code));
    const watch = this.button("Watch", `Watch ${game.title}`, () => this.actions.watch(game.code));
    watch.dataset.testid = "watch-game";
    const buttons = element("div", "game-actions");
    buttons.append(join, watch);
    item.append(about, buttons);
    return item;
  }

  private button(text: string, label: string, press: () => void): HTMLButtonElement {
    const button = element("button", "secondary", text);
    button.type = "button";
    button.ariaLabel = label;
    button.disabled = this.isBusy;
    button.addEventListener("click", press);
    return button;
  }

  /**
   * Says the list's state in the live region (the empty state too), only when it changed: a 5-second refresh is not
   * news. A failed load keeps the last list on screen.
   */
  private say(text: string, kind: "count" | "empty" | "problem"): void {
    const { status } = this.elements;
    if (status.textContent !== text) status.textContent = text;
    status.dataset.kind = kind;
  }
}
