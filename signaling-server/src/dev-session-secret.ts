import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where `rallypoint-server` keeps its development secret, under the directory it was started in. */
export const DEV_SECRET_PATH = join(".rallypoint", "session-secret");

/**
 * The session secret of a development server that was given none: read from `.rallypoint/session-secret`, or
 * made and written there (readable by its owner only), so `npm start` after `npm start` keeps every room. Only the
 * standalone command does this, and never in production: a secret there is configured (SESSION_SECRET).
 */
export function devSessionSecret(directory: string = process.cwd()): string {
  const path = join(directory, DEV_SECRET_PATH);
  try {
    const existing = readFileSync(path, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(join(directory, ".rallypoint"), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
