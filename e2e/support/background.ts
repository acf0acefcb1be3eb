import type { Page } from "@playwright/test";

/**
 * Puts a page in the background the ways a test can. Headless Chromium (156) keeps every page visible whatever
 * happens to its window or tab (docs/testing.md, "Background tabs"), so `hide` says so to the page itself: it makes
 * `document.visibilityState` read "hidden" and fires `visibilitychange`, which is all the library listens to.
 * `freeze` stops all of the page's JavaScript, as Chromium's freezing of a background tab does, by keeping its main
 * thread busy: CDP's `Page.setWebLifecycleState` "frozen" is silently ignored for a visible page (so in headless
 * Chromium, always), and `Debugger.pause` did not give consistent results in the e2e pages (docs/testing.md).
 */
export class Background {
  constructor(readonly page: Page) {}

  /** Makes the page read as hidden (`visibilityState`, `hidden`) and fires `visibilitychange`. */
  async hide(): Promise<void> {
    await this.setHidden(true);
  }

  /** Undoes `hide`: the page reads as visible again and `visibilitychange` fires. */
  async show(): Promise<void> {
    await this.setHidden(false);
  }

  /** What the page itself reads. */
  async visibilityState(): Promise<DocumentVisibilityState> {
    return this.page.evaluate(() => document.visibilityState);
  }

  /**
   * Stops the page's JavaScript for `durationMs` (no timer, task or event handler runs; what arrives meanwhile
   * waits), then lets it run again: the page's main thread is kept busy for that long. The wait is the point of the
   * call, and it costs one CPU core meanwhile.
   */
  async freeze(durationMs: number): Promise<void> {
    await this.page.evaluate((durationMs) => {
      const end = performance.now() + durationMs;
      while (performance.now() < end) {
        // Busy on purpose: nothing else of the page may run until the freeze ends.
      }
    }, durationMs);
  }

  /** Starts a 100 ms setInterval in the page that records when it ran; `timerGaps` reads it. */
  async startTimerProbe(): Promise<void> {
    await this.page.evaluate(() => {
      const ticks: number[] = [];
      (window as unknown as { timerTicks: number[] }).timerTicks = ticks;
      setInterval(() => ticks.push(performance.now()), 100);
    });
  }

  /** How many times the probe's timer ran, and the longest time between two runs (ms). */
  async timerGaps(): Promise<{ ticks: number; longestGapMs: number }> {
    return this.page.evaluate(() => {
      const ticks = (window as unknown as { timerTicks: number[] }).timerTicks;
      let longestGapMs = 0;
      for (let i = 1; i < ticks.length; i++)
        longestGapMs = Math.max(longestGapMs, (ticks[i] ?? 0) - (ticks[i - 1] ?? 0));
      return { ticks: ticks.length, longestGapMs };
    });
  }

  private async setHidden(hidden: boolean): Promise<void> {
    await this.page.evaluate((hidden) => {
      const state = hidden ? "hidden" : "visible";
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
      Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);
  }
}
