import { test } from "@playwright/test";

/**
 * Skips the calling `describe`'s tests, saying why, when this machine lacks what they need (`missing`, undefined when
 * nothing is). In CI (`CI` set), where .ci/run installs everything, it fails the file instead: a skipped test there
 * would pass without testing anything.
 */
export function skipUnlessPresent(missing: string | undefined): void {
  if (missing === undefined) return;
  if (process.env.CI) throw new Error(`${missing}; CI must run every test`);
  test.skip(true, missing);
}
