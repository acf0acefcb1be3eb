import type { Browser, Page } from "@playwright/test";
import type { LinkInfo, LinkPath, NetworkMode, Via } from "../../web-client/src/net/index.js";
import { installAgent, type JoinTimings, type PingOptions, type PingResult } from "./page-agent.js";

/**
 * One player in a BrowserContext of its own, driving the library through the in-page `BenchAgent`. Measurements are
 * taken inside the page with `performance.now()`; the Playwright round trip to Node never lands in a number.
 */
export class BenchPlayer {
  private constructor(
    readonly page: Page,
    readonly label: string,
  ) {}

  static async open(browser: Browser, baseURL: string, label: string): Promise<BenchPlayer> {
    // The media permission makes Chromium offer a 127.0.0.1 ICE candidate (WEBRTC-TESTING.md).
    const context = await browser.newContext({ baseURL, permissions: ["microphone"] });
    // tsx compiles this file with esbuild's keepNames, which wraps the functions inside `installAgent` in calls to a
    // module-level `__name` helper; the page has no such helper unless we give it one.
    await context.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
    const page = await context.newPage();
    await page.goto("/healthz");
    await page.evaluate(installAgent, label);
    return new BenchPlayer(page, label);
  }

  /** Leaves the current room and starts a fresh manager. */
  async reset(mode: NetworkMode): Promise<void> {
    await this.page.evaluate((mode) => window.rallypointBench.reset(mode), mode);
  }

  async createRoom(): Promise<{ code: string; selfId: string }> {
    return this.page.evaluate(() => window.rallypointBench.createRoom());
  }

  async joinRoom(code: string): Promise<{ selfId: string }> {
    return this.page.evaluate((code) => window.rallypointBench.joinRoom(code), code);
  }

  /** Waits until the first event from the host and the WebRTC upgrade have both happened, then returns the times. */
  async joinTimings(timeoutMs: number): Promise<JoinTimings> {
    await this.page.waitForFunction(
      () => {
        const timings = window.rallypointBench.joinTimings();
        return timings.firstMessageMs !== null && timings.upgradeMs !== null;
      },
      undefined,
      { timeout: timeoutMs, polling: 20 },
    );
    return this.page.evaluate(() => window.rallypointBench.joinTimings());
  }

  async waitForPath(peerId: string, path: LinkPath, timeoutMs: number): Promise<void> {
    await this.page.waitForFunction(
      ({ peerId, path }) => window.rallypointBench.linkPath(peerId) === path,
      { peerId, path },
      { timeout: timeoutMs, polling: 20 },
    );
  }

  async link(peerId: string): Promise<LinkInfo | undefined> {
    return this.page.evaluate((peerId) => window.rallypointBench.link(peerId), peerId);
  }

  async setMode(mode: NetworkMode): Promise<void> {
    await this.page.evaluate((mode) => window.rallypointBench.setMode(mode), mode);
  }

  async ping(options: PingOptions & { expectedVia: Via }): Promise<PingResult> {
    return this.page.evaluate((options) => window.rallypointBench.ping(options), options);
  }

  async errors(): Promise<string[]> {
    return this.page.evaluate(() => window.rallypointBench.errors);
  }
}
