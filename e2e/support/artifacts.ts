import type { Page, TestInfo } from "@playwright/test";

/**
 * Saves a full-page screenshot under the test's output directory and attaches it to the report, so a person can
 * look at what the test saw (the lobby, the game, the overlay) after a green run as well as a red one.
 */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}
