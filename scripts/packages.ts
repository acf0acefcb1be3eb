import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** The published packages, in build order. */
export const PACKAGES = ["@rallypoint/protocol", "@rallypoint/client", "@rallypoint/server"] as const;
export type PackageName = (typeof PACKAGES)[number];

const repositoryRoot = new URL("..", import.meta.url).pathname;

/**
 * `npm pack`s every published package into `destination` (each `prepack` builds it) and returns the tarballs by
 * package name: exactly what `npm publish` would upload.
 */
export function packAll(destination: string): Record<PackageName, string> {
  const tarballs = {} as Record<PackageName, string>;
  for (const name of PACKAGES) {
    const before = new Set(readdirSync(destination));
    execFileSync("npm", ["pack", "--workspace", name, "--pack-destination", destination, "--silent"], {
      cwd: repositoryRoot,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const packed = readdirSync(destination).find((file) => file.endsWith(".tgz") && !before.has(file));
    if (packed === undefined) throw new Error(`npm pack ${name} left no tarball in ${destination}`);
    tarballs[name] = join(destination, packed);
  }
  return tarballs;
}
