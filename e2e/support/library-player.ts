import type { Browser, Page } from "@playwright/test";
// Type-only: e2e drives the browser, which loads the built module; the types are the library's own.
import type {
  DiagnoseOptions,
  GameEvent,
  GameNetworkManagerOptions,
  LinkInfo,
  LooseState,
  NetworkConditions,
  NetworkDiagnosis,
} from "@rallypoint/client";
import {
  installManager,
  moveInCircle,
  trackCircleInPage,
  type LifecycleEvent,
  type TrackingResult,
} from "./library-page.js";

export type { LifecycleEvent, TrackingResult };

/**
 * Options passed to `new GameNetworkManager(...)` in the page. All of them are plain data, so `page.evaluate` carries
 * them as they are.
 */
export type ManagerOptions = GameNetworkManagerOptions;

/**
 * What Chromium offers as a player's host ICE candidates: its real addresses (the page has a media permission, as
 * the tests grant it) or mDNS names (`<uuid>.local`, what a game's page that never asks for a microphone offers).
 */
export type HostCandidates = "addresses" | "mdns-names";

/** What `getLinks()` returns. */
export type LinkSnapshot = LinkInfo;

/** What `setConditions` takes. */
export type Conditions = Partial<NetworkConditions>;

/** A game event as the page recorded it. */
export type ReceivedEvent = GameEvent;

/**
 * A player driven through the library's public API, the way a game uses it: the page imports the standalone module
 * `/rallypoint/rallypoint.js` (as a page without a bundler does) and records everything the manager emits.
 */
export class LibraryPlayer {
  private constructor(
    readonly page: Page,
    readonly label: string,
  ) {}

  /** Opens a page in a BrowserContext of its own and creates a manager there. */
  static async open(
    browser: Browser,
    baseURL: string,
    label: string,
    options: ManagerOptions = {},
    hostCandidates: HostCandidates = "addresses",
  ): Promise<LibraryPlayer> {
    // The media permission makes Chromium offer a 127.0.0.1 ICE candidate (WEBRTC-TESTING.md); without it, as on a
    // game's page that never asks for a microphone, Chromium names its host candidates by mDNS (`<uuid>.local`).
    const permissions = hostCandidates === "addresses" ? ["microphone"] : [];
    const context = await browser.newContext({ baseURL, permissions });
    const page = await context.newPage();
    await page.goto("/healthz");
    return LibraryPlayer.start(page, label, options);
  }

  /**
   * Creates a manager in a page that is already on the server. A manager the page had before stops first: its
   * streams and motion loops end and it leaves its room (`dispose`). One page can so serve test after test, which
   * saves creating a context and loading the module each time.
   */
  static async start(page: Page, label: string, options: ManagerOptions = {}): Promise<LibraryPlayer> {
    await page.evaluate(installManager, { options, label });
    return new LibraryPlayer(page, label);
  }

  async createRoom(): Promise<{ code: string; selfId: string }> {
    return this.page.evaluate(async () => {
      const { net } = window.rallypoint;
      window.rallypoint.joinedAt = Date.now();
      const room = await net.createRoom();
      return { code: room.code, selfId: room.selfId };
    });
  }

  async joinRoom(code: string): Promise<{ code: string; selfId: string; joinedAt: number }> {
    return this.page.evaluate(async (code) => {
      const joinedAt = Date.now();
      window.rallypoint.joinedAt = joinedAt;
      const room = await window.rallypoint.net.joinRoom(code);
      return { code: room.code, selfId: room.selfId, joinedAt };
    }, code);
  }

  /**
   * Starts a new manager in this page after `page.reload()` (the old one went with its page), as the game's code
   * does when the reloaded page loads. Returns the room whose seat the library kept for this tab (`roomToResume()`).
   */
  async startAgain(options: ManagerOptions = {}): Promise<string | undefined> {
    await LibraryPlayer.start(this.page, this.label, options);
    return this.page.evaluate(() => window.rallypoint.net.roomToResume());
  }

  async links(): Promise<LinkSnapshot[]> {
    return this.page.evaluate(() => window.rallypoint.net.getLinks());
  }

  async link(peerId: string): Promise<LinkSnapshot | undefined> {
    return (await this.links()).find((link) => link.peerId === peerId);
  }

  /** Runs the NAT doctor in the page (`net.diagnose()`), in a room or before one; its result is plain data. */
  async diagnose(options: DiagnoseOptions = {}): Promise<NetworkDiagnosis> {
    return this.page.evaluate((options) => window.rallypoint.net.diagnose(options), options);
  }

  /** Simulated network conditions for this player's game messages (null: off). */
  async setConditions(conditions: Conditions | null): Promise<void> {
    await this.page.evaluate((conditions) => window.rallypoint.net.setConditions(conditions), conditions);
  }

  async getConditions(): Promise<NetworkConditions | null> {
    return this.page.evaluate(() => window.rallypoint.net.getConditions());
  }

  /** Calls setConditions with `value` as given and returns what it threw ({ name, message }), or null. */
  async setConditionsError(value: unknown): Promise<{ name: string; message: string } | null> {
    return this.page.evaluate((value) => {
      try {
        window.rallypoint.net.setConditions(value as Conditions);
        return null;
      } catch (error) {
        const { name, message } = error as Error;
        return { name, message };
      }
    }, value);
  }

  async setMode(mode: NonNullable<ManagerOptions["mode"]>): Promise<void> {
    await this.page.evaluate((mode) => window.rallypoint.net.setMode(mode), mode);
  }

  /** Sends events `type` with payloads `first`..`first + count - 1`, to one member or all. */
  async sendNumbered(type: string, first: number, count: number, to?: string): Promise<void> {
    await this.page.evaluate(
      ({ type, first, count, to }) => {
        for (let n = first; n < first + count; n++) window.rallypoint.net.sendEvent(type, n, to ?? undefined);
      },
      { type, first, count, to: to ?? null },
    );
  }

  /**
   * Sends numbered events of `type` every `intervalMs` in the page until `stopStreaming` is called. Returns at once.
   */
  async startStreaming(type: string, intervalMs: number): Promise<void> {
    await this.page.evaluate(
      ({ type, intervalMs }) => {
        let n = 0;
        const timer = setInterval(() => window.rallypoint.net.sendEvent(type, n++), intervalMs);
        window.rallypoint.stopStreaming = () => {
          clearInterval(timer);
          return n;
        };
        window.rallypoint.stoppers.push(window.rallypoint.stopStreaming);
      },
      { type, intervalMs },
    );
  }

  /** Stops the stream and returns how many events it sent. */
  async stopStreaming(): Promise<number> {
    return this.page.evaluate(() => window.rallypoint.stopStreaming?.() ?? 0);
  }

  /**
   * Moves a synthetic object around a circle (centre 0,0) in the shared time base, calling setLocalState every
   * animation frame with its position and velocity, until `stopStreaming`.
   */
  async startCircle(radius: number, periodMs: number): Promise<void> {
    await this.page.evaluate(moveInCircle, { radius, periodMs });
  }

  /**
   * Samples `peerId`'s rendered position every animation frame for `durationMs` and compares it with where the
   * circle of `startCircle` really was at the moment shown (now minus the interpolation delay).
   */
  async trackCircle(peerId: string, radius: number, periodMs: number, durationMs: number): Promise<TrackingResult> {
    return this.page.evaluate(trackCircleInPage, { peerId, radius, periodMs, durationMs });
  }

  async sendState(payload: LooseState): Promise<void> {
    await this.page.evaluate((payload) => window.rallypoint.net.sendState(payload), payload);
  }

  /** Payloads of the events of `type` received from `from`, in arrival order. */
  async received(from: string, type: string): Promise<unknown[]> {
    return this.page.evaluate(
      ({ from, type }) =>
        window.rallypoint.events
          .filter((event) => event.from === from && event.type === type)
          .map((event) => event.payload),
      { from, type },
    );
  }

  async receivedEvents(): Promise<ReceivedEvent[]> {
    return this.page.evaluate(() => window.rallypoint.events);
  }

  async statesFrom(from: string): Promise<{ payload: unknown; via: string }[]> {
    return this.page.evaluate((from) => window.rallypoint.states.filter((state) => state.from === from), from);
  }

  /** When (ms since the epoch) this player saw `peerId` leave, or null. */
  async peerLeftAt(peerId: string): Promise<number | null> {
    return this.page.evaluate((peerId) => window.rallypoint.peerLeftAt[peerId] ?? null, peerId);
  }

  /** The first time the link to `peerId` reached `state`, from the recorded link-changed events. */
  async firstReached(peerId: string, state: string): Promise<number | null> {
    return this.page.evaluate(
      ({ peerId, state }) =>
        window.rallypoint.linkChanges.find((change) => change.peerId === peerId && change.state === state)?.at ?? null,
      { peerId, state },
    );
  }

  /** Session and presence events (reconnecting, resumed, host-changed, host-migration, ...) in order. */
  async lifecycle(event?: string): Promise<LifecycleEvent[]> {
    return this.page.evaluate(
      (event) => window.rallypoint.lifecycle.filter((entry) => event === null || entry.event === event),
      event ?? null,
    );
  }

  /** The room as this player's manager sees it (`net.room`), or undefined outside one. */
  async roomInfo(): Promise<{ code: string; hostId: string; members: { id: string; spectator?: true }[] } | undefined> {
    return this.page.evaluate(() => window.rallypoint.net.room);
  }

  /**
   * Cuts this player's network (Playwright's offline emulation: Chromium closes the page's open websockets, both
   * Socket.IO's and PeerJS's) or restores it.
   */
  async setOffline(offline: boolean): Promise<void> {
    await this.page.context().setOffline(offline);
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
