import { test as base, type BrowserContextOptions } from "@playwright/test";
import { PlayerPage } from "./player-page.js";
import { LibraryPlayer, type ManagerOptions } from "./library-player.js";

/** Makes players for one test; everything it made is closed when the test ends. */
export interface Players {
  /**
   * One player per label, each in a BrowserContext of its own (separate storage, separate connections, as separate
   * people would be), every one on the lobby page and ready.
   *
   * @example
   * const [ada, bo] = await players.create("Ada", "Bo");
   */
  create<const Labels extends readonly string[]>(...labels: Labels): Promise<{ [Index in keyof Labels]: PlayerPage }>;
  /**
   * One player on the lobby page in a context with extra options (a phone's viewport and touch screen, say).
   * @example
   * const phone = await players.open("Pat", { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
   */
  open(label: string, options: BrowserContextOptions): Promise<PlayerPage>;
}

/** Opens players that drive the library directly; every one is closed when the test ends. */
export interface LibraryPlayers {
  open(label: string, options?: ManagerOptions): Promise<LibraryPlayer>;
}

export const test = base.extend<{ players: Players; libraryPlayers: LibraryPlayers }>({
  libraryPlayers: async ({ browser, baseURL }, use) => {
    const opened: LibraryPlayer[] = [];
    await use({
      open: async (label, options) => {
        const player = await LibraryPlayer.open(browser, baseURL ?? "", label, options);
        opened.push(player);
        return player;
      },
    });
    await Promise.all(opened.map((player) => player.close()));
  },
  players: async ({ browser, baseURL }, use, testInfo) => {
    const created: PlayerPage[] = [];
    const consoleLines: string[] = [];
    const startedAt = Date.now();

    const createOne = async (label: string, options: BrowserContextOptions = {}): Promise<PlayerPage> => {
      // Chromium offers a 127.0.0.1 ICE candidate only to a page holding a media permission (and with
      // --allow-loopback-in-peer-connection); without it no two players connect.
      const context = await browser.newContext({ ...options, baseURL, permissions: ["microphone"] });
      const page = await context.newPage();
      const stamp = (): string => `+${String(Date.now() - startedAt).padStart(6)}ms [${label}]`;
      page.on("console", (message) => consoleLines.push(`${stamp()} ${message.type()}: ${message.text()}`));
      page.on("pageerror", (error) => consoleLines.push(`${stamp()} uncaught: ${error.stack ?? error.message}`));
      const player = new PlayerPage(page, label);
      created.push(player);
      await player.openLobby();
      return player;
    };

    await use({
      create: async (...labels) => {
        const made = await Promise.all(labels.map((label) => createOne(label)));
        return made as { [Index in keyof typeof labels]: PlayerPage };
      },
      open: createOne,
    });

    if (testInfo.status !== testInfo.expectedStatus && consoleLines.length > 0) {
      await testInfo.attach("browser-console.txt", { body: consoleLines.join("\n"), contentType: "text/plain" });
    }
    // Closing an already closed context (a test that closed a tab) is a no-op.
    await Promise.all(created.map((player) => player.context.close()));
  },
});

export { expect } from "@playwright/test";
