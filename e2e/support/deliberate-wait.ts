import { test, type Page } from "@playwright/test";

/**
 * The one way a spec waits a fixed time, and says why in the report: only for what cannot be polled for, such as
 * "nothing more arrives" (a second copy, a hand-off that must not happen), a scenario that lasts a set time (a tab
 * hidden for a minute), a key held down, or readings spaced in time. Anything that can be observed is polled instead.
 */
export async function waitDeliberately(page: Page, ms: number, why: string): Promise<void> {
  await test.step(`wait ${ms} ms: ${why}`, () => page.waitForTimeout(ms));
}
