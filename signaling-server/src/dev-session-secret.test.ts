import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEV_SECRET_PATH, devSessionSecret } from "./dev-session-secret.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), "rallypoint-secret-"));
  directories.push(directory);
  return directory;
}

describe("devSessionSecret", () => {
  it("makes a secret once, readable by its owner only, and gives the same one on the next start", () => {
    const directory = scratch();
    const first = devSessionSecret(directory);

    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(devSessionSecret(directory)).toBe(first);
    expect(statSync(join(directory, DEV_SECRET_PATH)).mode & 0o777).toBe(0o600);
  });

  it("gives another directory another secret", () => {
    expect(devSessionSecret(scratch())).not.toBe(devSessionSecret(scratch()));
  });
});
