import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { packAll, type PackageName } from "../../scripts/packages.js";
import { runToCompletion } from "../../scripts/support/service-process.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const fixtureDir = fileURLToPath(new URL("fixture/", import.meta.url));
/** The npm cache normally serves everything in seconds. */
const INSTALL_TIMEOUT_MS = 150_000;

/**
 * Makes the game project of fixture/ in `workDir/game`, with the three packages installed from their `npm pack`
 * tarballs (each package's `prepack` builds it) and the fixture's other dependencies at the versions this
 * repository's lockfile has, so npm's cache serves them. Needs the registry (for metadata the cache may lack): call
 * it outside the loopback-only namespace. Returns the project's folder.
 */
export async function prepareProject(workDir: string): Promise<string> {
  const tarballDir = join(workDir, "tarballs");
  const projectDir = join(workDir, "game");
  await mkdir(tarballDir, { recursive: true });
  const tarballs = packAll(tarballDir);

  await cp(fixtureDir, projectDir, { recursive: true });
  const manifestPath = join(projectDir, "package.json");
  const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Manifest;
  const lockfile = JSON.parse(await readFile(join(repoRoot, "package-lock.json"), "utf8")) as Lockfile;
  const resolve = (name: string, spec: string): string => {
    if (spec === "from-pack") {
      if (!(name in tarballs)) throw new Error(`${name} is not one of the packages this repository publishes`);
      return `file:${tarballs[name as PackageName]}`;
    }
    if (spec === "from-lockfile") {
      const version = lockfile.packages[`node_modules/${name}`]?.version;
      if (version === undefined) throw new Error(`${name} is not in the repository's package-lock.json`);
      return version;
    }
    return spec;
  };
  for (const field of ["dependencies", "devDependencies"] as const) {
    const deps = manifest[field] ?? {};
    for (const [name, spec] of Object.entries(deps)) deps[name] = resolve(name, spec);
  }
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
    cwd: projectDir,
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  return projectDir;
}

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Lockfile {
  packages: Record<string, { version?: string } | undefined>;
}

/** Runs a command to completion, its output kept and shown only if it fails or overruns. */
async function run(command: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<void> {
  const { code, output } = await runToCompletion(command, args, options);
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed with exit code ${String(code)} (in ${options.cwd}):\n${output}`,
    );
  }
}
