// Packs each published package and checks the tarball as npm would serve it: publint (package.json, exports, files)
// and Are the Types Wrong (types resolve under node16 ESM and bundlers; these packages are ESM only).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packAll } from "./packages.js";

const destination = mkdtempSync(join(tmpdir(), "rallypoint-packs-"));
try {
  for (const [name, tarball] of Object.entries(packAll(destination))) {
    console.log(`\n[packages] ${name}`);
    execFileSync("npx", ["publint", "run", "--strict", tarball], { stdio: "inherit" });
    execFileSync("npx", ["attw", tarball, "--profile", "esm-only", "--format", "ascii", "--no-summary"], {
      stdio: "inherit",
    });
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}
