import type { Page, TestInfo } from "@playwright/test";

/**
 * Saves a screenshot under the test's output directory and attaches it to the report, so a person can look at what
 * the test saw (the lobby, the game, the overlay) after a green run as well as a red one. The whole page by default,
 * the viewport on an emulated touch screen (see below); `fullPage` says which.
 */
export async function screenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  { fullPage }: { fullPage?: boolean } = {},
): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  // Chromium captures a full page without the touch emulation, so a phone's page would be drawn with its desktop
  // styles (keyboard hints, no touch controls): an emulated touch screen gets what it shows, the viewport.
  const isTouchScreen = await page.evaluate(() => matchMedia("(pointer: coarse)").matches);
  await page.screenshot({ path, fullPage: fullPage ?? !isTouchScreen });
  await testInfo.attach(name, { path, contentType: "image/png" });
}
