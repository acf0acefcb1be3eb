import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { run, spawnIn, waitForOutput } from "./netns.js";

const SOURCE = fileURLToPath(new URL("tap-wire.c", import.meta.url));

let built: string | undefined;

/**
 * Compiles tap-wire.c with the machine's C compiler into a temporary directory (removed when the process exits),
 * once per process. The binary is never committed: the source is 200 lines anyone can read, the build takes a
 * fraction of a second.
 */
export function buildTapWire(): string {
  if (built !== undefined) return built;
  const dir = mkdtempSync(join(tmpdir(), "rallypoint-lab-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const output = join(dir, "tap-wire");
  const compiler = ["cc", "gcc"].find((name) => {
    try {
      execFileSync(name, ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  });
  if (compiler === undefined) throw new Error("the lab needs a C compiler for tap-wire.c: apt-get install -y gcc");
  try {
    execFileSync(compiler, ["-O2", "-Wall", "-Wextra", "-o", output, SOURCE], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`${compiler} could not compile ${SOURCE}:\n${stderr}`, { cause: error });
  }
  built = output;
  return output;
}

/** A running wire; `close` ends it, and the kernel removes both of its devices. */
export interface TapWire {
  readonly process: ChildProcess;
  close(): void;
}

/**
 * A cable between namespace `a` (device `aName`) and namespace `b` (device `bName`) that delays every frame by
 * `delayMs` ± `jitterMs` (uniform, never reordering). Both devices are made in `a` by the wire process, which lives
 * there; `bName` is then moved to `b`. The devices are left down and without addresses.
 */
export async function startTapWire(
  a: string,
  aName: string,
  b: string,
  bName: string,
  delayMs: number,
  jitterMs: number,
): Promise<TapWire> {
  const binary = buildTapWire();
  // stdin stays a pipe held by this process: when it closes (the lab ends, or dies), the wire exits.
  const child = spawnIn(a, binary, [aName, bName, String(delayMs), String(jitterMs)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  await waitForOutput(child, /^ready$/m, `tap-wire ${aName}<->${bName} in ${a}`, 10_000);
  run("ip", ["-n", a, "link", "set", bName, "netns", b]);
  return {
    process: child,
    close: () => {
      child.stdin?.end();
      child.kill("SIGTERM");
    },
  };
}
