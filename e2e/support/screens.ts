import type { BrowserContextOptions, Page } from "@playwright/test";

/** The screens the demo specs play on and take screenshots at: a laptop, and a phone held upright. */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/**
 * How far the page reaches past the screen's width, in CSS pixels (0 or less: it fits). Measured against the
 * document's clientWidth, not innerWidth: on an emulated phone a page too wide for the screen is zoomed out to fit,
 * and innerWidth grows with it, so `scrollWidth - innerWidth` reads 0 for a page that does not fit.
 */
export function sideScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
