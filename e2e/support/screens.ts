import type { BrowserContextOptions } from "@playwright/test";

/** The screens the demo specs play on and take screenshots at: a laptop, and a phone held upright. */
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
