import type { Page, TestInfo } from "@playwright/test";

/**
 * Saves a screenshot under the test's output directory and attaches it to the report, so a person can look at what
 * the test saw (the lobby, the game, the overlay) after a green run as well as a red one. The whole page by default;
 * `fullPage: false` keeps to the viewport, as a phone's screen shows it (a full-page capture of an emulated phone
 * leaves its touch-only controls out).
 */
export async function screenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  { fullPage = true }: { fullPage?: boolean } = {},
): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: "image/png" });
}
