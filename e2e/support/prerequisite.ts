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

/**
 * Skips (or in CI fails) the calling `describe`'s tests outside the loopback-only network namespace that
 * run-isolated.ts makes, saying what they need it for (e.g. "to run coturn in").
 */
export function skipUnlessIsolated(purpose: string): void {
  skipUnlessPresent(
    process.env.RALLYPOINT_E2E_ISOLATION === "netns"
      ? undefined
      : `needs the loopback-only network namespace ${purpose} (see run-isolated.ts)`,
  );
}
