import { execFileSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";

const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));

/**
 * Writes a run as JSON to bench/results/<name>-<startedAt>.json (gitignored), in the repository's Prettier style so
 * `npm run check` stays green. Non-integers keep 3 decimals: more digits would be float noise in every bench here.
 */
export async function writeResultFile(name: string, startedAt: string, result: unknown): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const file = `${resultsDir}${name}-${startedAt.replaceAll(":", "-")}.json`;
  const json = JSON.stringify(result, (_, value: unknown) =>
    typeof value === "number" && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value,
  );
  await writeFile(file, await format(json, { ...(await resolveConfig(file)), parser: "json" }));
  return file;
}

/** The short commit, marked when the tree has uncommitted changes. */
export function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const isDirty = execFileSync("git", ["status", "--porcelain"], { encoding: "utf8" }).trim() !== "";
    return isDirty ? `${commit} (uncommitted changes)` : commit;
  } catch {
    return "unknown commit";
  }
}
