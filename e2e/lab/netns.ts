import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

/**
 * Every namespace the lab makes is named `rpl<pid>-<role>`, the pid being the process that made it: a later run
 * can then tell a namespace left behind by a run that died (its pid is gone) from one a concurrent run still uses.
 */
const LAB_NAME = /^rpl(\d+)-/;

/** A lab namespace's name: `lab` tells apart the labs one process makes in turn, `role` says what it is. */
export function labNamespaceName(lab: number, role: string): string {
  return `rpl${process.pid}-${lab}-${role}`;
}

/** Runs a command to completion; throws with the command line and its stderr when it fails. */
export function run(command: string, args: readonly string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new Error(`${command} ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`, { cause: error });
  }
}

/** `ip netns exec NS command args...`: runs a command inside a namespace. */
export function runIn(namespace: string, command: string, args: readonly string[]): string {
  return run("ip", ["netns", "exec", namespace, command, ...args]);
}

/** Starts a long-running process inside a namespace (`ip netns exec` replaces itself with the command). */
export function spawnIn(
  namespace: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn("ip", ["netns", "exec", namespace, command, ...args], options);
}

/** Resolves with the first line of `child`'s output that matches, rejects when it exits or `timeoutMs` passes. */
export function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer): void => {
      seen = (seen + chunk.toString()).slice(-4000);
      if (pattern.test(seen)) finish();
    };
    const onExit = (code: number | null): void =>
      finish(new Error(`${what} exited (${String(code)}) before it was ready:\n${seen}`));
    const timer = setTimeout(() => finish(new Error(`${what} not ready within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    function finish(error?: Error): void {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Creates an empty namespace with `lo` up and IPv6 off: the lab speaks IPv4 from 198.18.0.0/15, and IPv6 only where
 * a dual-stack home turns it back on (ipv6.ts).
 */
export function createNamespace(name: string): void {
  run("ip", ["netns", "add", name]);
  run("ip", ["-n", name, "link", "set", "lo", "up"]);
  for (const scope of ["all", "default"]) runIn(name, "sysctl", ["-qw", `net.ipv6.conf.${scope}.disable_ipv6=1`]);
}

/**
 * Stops every process still inside the namespace (all of them started by the lab: servers, coturn, browsers,
 * wires) and removes it. Never throws: teardown goes on with the next namespace whatever happens to this one.
 */
export function destroyNamespace(name: string): string | undefined {
  try {
    for (const pid of namespacePids(name)) killQuietly(pid);
    run("ip", ["netns", "del", name]);
    return undefined;
  } catch (error) {
    return `could not remove network namespace ${name}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The lab namespaces that exist now, optionally only those of one process. */
export function listLabNamespaces(ownerPid?: number): string[] {
  const names = run("ip", ["netns", "list"])
    .split("\n")
    .map((line) => line.split(" ")[0] ?? "")
    .filter((name) => LAB_NAME.test(name));
  return ownerPid === undefined ? names : names.filter((name) => ownerOf(name) === ownerPid);
}

/** Removes lab namespaces whose run has died (a crash or a kill -9 skips teardown); returns what it removed. */
export function removeStaleNamespaces(): string[] {
  const stale = listLabNamespaces().filter((name) => !isAlive(ownerOf(name)));
  for (const name of stale) destroyNamespace(name);
  return stale;
}

function ownerOf(name: string): number {
  return Number(LAB_NAME.exec(name)?.[1] ?? NaN);
}

function namespacePids(name: string): number[] {
  return run("ip", ["netns", "pids", name])
    .split("\n")
    .filter(Boolean)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
