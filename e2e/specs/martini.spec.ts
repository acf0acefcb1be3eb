import type { Browser, Page } from "@playwright/test";
import { expect, test } from "../support/fixtures.js";

/**
 * The martini-kit example (web-client/examples/martini/, the page the docs show) as players use it: a real
 * @martini-kit/core GameRuntime over MartiniTransport in every page, each player clicking its Tap button.
 */
const EXAMPLE = "/examples/martini/";

interface TapState {
  total: number;
  players: Record<string, { taps: number }>;
}

/** What the example puts on `window.martini`, as far as this spec reads it. */
interface ExampleHandle {
  net: {
    room: { selfId: string; hostId: string } | undefined;
    getLinks(): { peerId: string; path: string }[];
    setConditions(conditions: { lossPercent: number }): void;
  };
  session: { runtime: { getState(): TapState; isHost(): boolean } };
}
declare global {
  interface Window {
    martini: ExampleHandle;
  }
}

class ExamplePlayer {
  id = "";
  constructor(
    readonly page: Page,
    readonly label: string,
  ) {}

  static async open(browser: Browser, baseURL: string, label: string, query = ""): Promise<ExamplePlayer> {
    // The media permission makes Chromium offer a 127.0.0.1 ICE candidate (WEBRTC-TESTING.md).
    const context = await browser.newContext({ baseURL, permissions: ["microphone"] });
    const page = await context.newPage();
    await page.goto(`${EXAMPLE}${query}`);
    return new ExamplePlayer(page, label);
  }

  async create(): Promise<string> {
    await this.page.getByRole("button", { name: "Create a room" }).click();
    await expect(this.page.locator("#room-code")).toHaveText(/^[A-Z0-9]{6}$/);
    await this.seated();
    return (await this.page.locator("#room-code").textContent()) ?? "";
  }

  async join(code: string): Promise<void> {
    await this.page.getByLabel("Room code").fill(code);
    await this.page.getByRole("button", { name: "Join" }).click();
    await expect(this.page.locator("#room-code")).toHaveText(code);
    await this.seated();
  }

  async tap(times = 1): Promise<void> {
    for (let n = 0; n < times; n++) await this.page.getByRole("button", { name: "Tap" }).click();
  }

  async state(): Promise<TapState> {
    return this.page.evaluate(() => window.martini.session.runtime.getState());
  }

  async isHost(): Promise<boolean> {
    return this.page.evaluate(() => window.martini.session.runtime.isHost());
  }

  async paths(): Promise<Record<string, string>> {
    const links = await this.page.evaluate(() => window.martini.net.getLinks());
    return Object.fromEntries(links.map((link) => [link.peerId, link.path]));
  }

  private async seated(): Promise<void> {
    this.id = await this.page.evaluate(() => window.martini.net.room?.selfId ?? "");
    expect(this.id).not.toBe("");
  }
}

/**
 * Every page ends with the host's state, and the host's has `expected` taps per player in the room and `total` taps in
 * all (those of players who left included; by default, the sum of `expected`).
 */
async function expectAllOnHostState(
  host: ExamplePlayer,
  others: ExamplePlayer[],
  expected: Record<string, number>,
  total = Object.values(expected).reduce((sum, taps) => sum + taps, 0),
) {
  const players = Object.fromEntries(Object.entries(expected).map(([id, taps]) => [id, { taps }]));
  await expect.poll(() => host.state(), { message: "the host's state" }).toEqual({ total, players });
  for (const player of others) {
    await expect
      .poll(() => player.state(), { message: `${player.label} shows the host's state` })
      .toEqual({
        total,
        players,
      });
  }
}

test.describe("a martini-kit game over Rallypoint", () => {
  let opened: ExamplePlayer[] = [];
  const open = async (browser: Browser, baseURL: string | undefined, label: string, query = "") => {
    const player = await ExamplePlayer.open(browser, baseURL ?? "", label, query);
    opened.push(player);
    return player;
  };
  test.afterEach(async () => {
    await Promise.all(opened.map((player) => player.page.context().close()));
    opened = [];
  });

  test("every player, relay-only, lossy or late, ends on the host's state after every action, a last one included", async ({
    browser,
    baseURL,
  }) => {
    const host = await open(browser, baseURL, "Host");
    const relayOnly = await open(browser, baseURL, "Relay", "?mode=SIGNALING_ONLY");
    const lossy = await open(browser, baseURL, "Lossy");
    const code = await host.create();
    await relayOnly.join(code);
    await lossy.join(code);
    await lossy.page.evaluate(() => window.martini.net.setConditions({ lossPercent: 30 }));
    // The relay-only player's pairs stay on the relay; the lossy one reaches the host over WebRTC, losing state there.
    await expect.poll(() => relayOnly.paths()).toEqual({ [host.id]: "relay", [lossy.id]: "relay" });
    await expect.poll(async () => (await lossy.paths())[host.id]).toBe("webrtc");
    expect(await host.isHost()).toBe(true);

    for (let round = 0; round < 13; round++) {
      await host.tap();
      await relayOnly.tap();
      await lossy.tap();
    }
    const late = await open(browser, baseURL, "Late");
    await late.join(code);
    await late.tap();
    await expectAllOnHostState(host, [relayOnly, lossy, late], {
      [host.id]: 13,
      [relayOnly.id]: 13,
      [lossy.id]: 13,
      [late.id]: 1,
    });
    // One last action, with no later diff to repair its loss.
    await lossy.tap();
    await expectAllOnHostState(host, [relayOnly, lossy, late], {
      [host.id]: 13,
      [relayOnly.id]: 13,
      [lossy.id]: 14,
      [late.id]: 1,
    });
  });

  test("when the host leaves, the game goes on under the new host from the last state", async ({
    browser,
    baseURL,
  }) => {
    const host = await open(browser, baseURL, "Host");
    const ada = await open(browser, baseURL, "Ada");
    const bo = await open(browser, baseURL, "Bo", "?mode=SIGNALING_ONLY");
    const code = await host.create();
    await ada.join(code);
    await bo.join(code);
    await host.tap(2);
    await ada.tap(3);
    await bo.tap();
    await expectAllOnHostState(host, [ada, bo], { [host.id]: 2, [ada.id]: 3, [bo.id]: 1 });

    await host.page.context().close(); // the page goes away: it leaves the room
    opened = opened.filter((player) => player !== host);
    // The oldest remaining member inherits the role, and its page rebuilds its runtime as host.
    await expect(ada.page.locator("#role")).toHaveText("the host");
    await expect(bo.page.locator("#role")).toHaveText("a player");
    await ada.tap();
    await bo.tap(2);
    await expectAllOnHostState(ada, [bo], { [ada.id]: 4, [bo.id]: 3 }, 9); // the 2 taps of the host who left count

    const late = await open(browser, baseURL, "Late");
    await late.join(code);
    await late.tap();
    await expectAllOnHostState(ada, [bo, late], { [ada.id]: 4, [bo.id]: 3, [late.id]: 1 }, 10);
  });
});
