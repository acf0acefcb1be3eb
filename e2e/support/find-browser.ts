import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/** Where Debian and Ubuntu packages put Chromium, in the order they are tried. */
const SYSTEM_CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"] as const;

/**
 * The Chromium the tests launch: `CHROMIUM_PATH` when set, else Playwright's own Chromium when it has been
 * downloaded, else a system Chromium. Throws, saying how to get one, when there is none.
 *
 * @example
 * use: { launchOptions: { executablePath: findBrowser() } }
 */
export function findBrowser(env: Record<string, string | undefined> = process.env): string {
  const override = env.CHROMIUM_PATH;
  if (override !== undefined && override !== "") {
    // An explicit choice that does not exist is a mistake to report, not a reason to quietly pick another browser.
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH is set to ${override}, which does not exist.`);
    return override;
  }
  const candidates = [playwrightChromium(), ...SYSTEM_CHROMIUM_PATHS];
  const found = candidates.find((path) => path !== undefined && existsSync(path));
  if (found !== undefined) return found;
  throw new Error(
    [
      "No Chromium found for the end-to-end tests. Any one of these fixes it:",
      "  - Debian/Ubuntu: apt-get install -y chromium",
      "  - Playwright's own build: npx playwright install chromium",
      "  - an existing Chromium or Chrome: CHROMIUM_PATH=/path/to/chromium",
      `(looked for Playwright's Chromium and ${SYSTEM_CHROMIUM_PATHS.join(", ")})`,
    ].join("\n"),
  );
}

function playwrightChromium(): string | undefined {
  try {
    // Returns the path where the download would be, whether or not it has happened; the caller checks.
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
