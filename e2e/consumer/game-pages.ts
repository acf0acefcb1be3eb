import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";

/**
 * What the game's pages (fixture/src/main.ts, fixture/cross-origin/index.html) put on `window.game`, as far as the
 * test drives it. Written out here: e2e drives the browser and never imports the library.
 */
interface GameApi {
  net: {
    sendEvent(type: string, payload: unknown, to?: string): void;
    getLinks(): { peerId: string; path: string; state: string }[];
  };
  received: ReceivedEvent[];
  createRoom(): Promise<{ code: string; selfId: string }>;
  joinRoom(code: string): Promise<{ code: string; selfId: string }>;
  isNetworkError(error: unknown): boolean;
  /** Only on the Vite-built page: GET /api/hello, and a round trip on the game's own websocket. */
  hello?(): Promise<string>;
  echo?(text: string): Promise<string>;
}

declare global {
  interface Window {
    game: GameApi;
  }
}

export interface ReceivedEvent {
  from: string;
  type: string;
  payload: unknown;
  via: string;
}

/** A player: a page of the game in a BrowserContext of its own. */
export interface Player {
  page: Page;
  /** What the page logged, for a failure report. */
  console(): string;
  close(): Promise<void>;
}

/** Opens `url` as a new player and waits for the page to have set up `window.game`. */
export async function openPlayer(browser: Browser, url: string): Promise<Player> {
  // Chromium offers a 127.0.0.1 ICE candidate only to a page holding a media permission (WEBRTC-TESTING.md).
  const context = await browser.newContext({ permissions: ["microphone"] });
  const page = await context.newPage();
  const lines: string[] = [];
  page.on("console", (message) => lines.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => lines.push(`uncaught: ${error.stack ?? error.message}`));
  const player = { page, console: () => lines.join("\n"), close: () => context.close() };
  try {
    await page.goto(url);
    await page.waitForFunction(() => "game" in window, undefined, { timeout: 10_000 });
  } catch (error) {
    await player.close();
    throw new Error(`${url} did not set up window.game. The page said:\n${player.console()}`, { cause: error });
  }
  return player;
}

/**
 * `host` creates a room, `guest` joins it by its code; once each sees the other over WebRTC, each sends the other
 * an event, which must arrive over WebRTC.
 */
export async function meetAndTalkOverWebRTC(host: Player, guest: Player): Promise<void> {
  const room = await host.page.evaluate(() => window.game.createRoom());
  expect(room.code).toMatch(/^[A-Z0-9]{6}$/);
  const joined = await guest.page.evaluate((code) => window.game.joinRoom(code), room.code);
  expect(joined.code).toBe(room.code);

  const pathTo = (player: Player, peerId: string): Promise<string> =>
    player.page.evaluate(
      (peerId) => window.game.net.getLinks().find((link) => link.peerId === peerId)?.path ?? "no link",
      peerId,
    );
  await expect
    .poll(async () => [await pathTo(host, joined.selfId), await pathTo(guest, room.selfId)], {
      message: "each player's path to the other (host's, guest's)",
    })
    .toEqual(["webrtc", "webrtc"]);

  await host.page.evaluate(() => window.game.net.sendEvent("greeting", { text: "hello from the host" }));
  await guest.page.evaluate(() => window.game.net.sendEvent("greeting", { text: "hello from the guest" }));
  const greetings = (player: Player): Promise<ReceivedEvent[]> =>
    player.page.evaluate(() => window.game.received.filter((event) => event.type === "greeting"));
  await expect
    .poll(() => greetings(guest), { message: "what the guest received" })
    .toEqual([{ from: room.selfId, type: "greeting", payload: { text: "hello from the host" }, via: "webrtc" }]);
  await expect
    .poll(() => greetings(host), { message: "what the host received" })
    .toEqual([{ from: joined.selfId, type: "greeting", payload: { text: "hello from the guest" }, via: "webrtc" }]);
}

/** What an awaited createRoom() rejected with, or "resolved". */
export async function createRoomFailure(player: Player): Promise<
  | "resolved"
  | {
      isNetworkError: boolean;
      name: string;
      code: unknown;
      message: string;
    }
> {
  return player.page.evaluate(async () => {
    try {
      await window.game.createRoom();
      return "resolved" as const;
    } catch (error) {
      const { name, message } = error as Error;
      const { code } = error as { code?: unknown };
      return { isNetworkError: window.game.isNetworkError(error), name, code, message };
    }
  });
}

/** A static server on a free port of 127.0.0.1 for the game page that imports Rallypoint from another origin. */
export interface PageServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

/** Serves `cross-origin/index.html` of `projectDir` at `/`, with RALLYPOINT_URL in it replaced by `rallypointUrl`. */
export async function serveCrossOriginPage(projectDir: string, rallypointUrl: string): Promise<PageServer> {
  const html = (await readFile(join(projectDir, "cross-origin", "index.html"), "utf8")).replaceAll(
    "RALLYPOINT_URL",
    rallypointUrl,
  );
  const server = createServer((request, response) => {
    if (new URL(request.url ?? "/", "http://page").pathname !== "/") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
