/**
 * Runs a command (normally `playwright test ...`) inside a network namespace that has only the loopback interface,
 * so the server and every browser it starts can reach 127.0.0.1 and nothing else. WebRTC gathers candidates on
 * every interface it can see; inside the namespace the only one is `lo`, so no test traffic leaves the machine and
 * no result depends on the host's other networks.
 *
 *   tsx scripts/run-isolated.ts playwright test --grep host
 *
 * Linux as root uses `unshare -n`; other users `unshare -rn` (needs unprivileged user namespaces). Where neither
 * works (macOS, a locked-down container) the command runs directly, with a warning. RALLYPOINT_E2E_NO_NETNS=1 opts
 * out. The command's exit code (or signal) becomes this script's.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";

const LOG_PREFIX = "[run-isolated]";
/** Set in the command's environment, so a nested run (or the Playwright config) can tell where it is. */
const ISOLATION_ENV = "RALLYPOINT_E2E_ISOLATION";
const OPT_OUT_ENV = "RALLYPOINT_E2E_NO_NETNS";

type Isolation = { kind: "netns"; unshareArgs: string[]; ip: string } | { kind: "none"; reason: string };

const [command, ...commandArgs] = process.argv.slice(2);
if (command === undefined) {
  console.error(`usage: tsx scripts/run-isolated.ts <command> [args...]   (${OPT_OUT_ENV}=1 to skip the namespace)`);
  process.exit(2);
}

const executable = resolveCommand(command);
const isolation = chooseIsolation();
const env = { ...process.env, [ISOLATION_ENV]: isolation.kind };

const child = start();

function start(): ChildProcess {
  if (isolation.kind === "netns") {
    console.error(`${LOG_PREFIX} loopback-only network namespace (unshare ${isolation.unshareArgs.join(" ")})`);
    // `exec` so the command replaces the shell (unshare already replaced itself): one process, whose exit status
    // and signals reach us unchanged.
    const script = `"${isolation.ip}" link set lo up && exec "$@"`;
    const args = [...isolation.unshareArgs, "--", "sh", "-c", script, "run-isolated", executable, ...commandArgs];
    return spawn("unshare", args, { stdio: "inherit", env });
  }
  if (isolation.reason !== "") {
    console.error(
      `${LOG_PREFIX} WARNING: running WITHOUT network isolation (${isolation.reason}).\n` +
        `${LOG_PREFIX} WebRTC may gather candidates on, and send test traffic over, every interface of this machine,\n` +
        `${LOG_PREFIX} so results can depend on the local network. On Linux, run as root or allow unprivileged user namespaces.`,
    );
  }
  return spawn(executable, commandArgs, { stdio: "inherit", env });
}

// Ctrl-C already reaches the whole process group, so SIGINT is not passed on again (Playwright takes a second one as
// "force quit"); SIGTERM and SIGHUP sent to this process alone are. Either way we stay alive until the command has
// exited, so its exit status is the one reported.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("error", (error) => {
  console.error(`${LOG_PREFIX} could not start ${command}: ${error.message}`);
  process.exit(127);
});
child.on("exit", (code, signal) => {
  if (signal !== null) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});

function chooseIsolation(): Isolation {
  if (process.env[OPT_OUT_ENV] === "1") return { kind: "none", reason: `${OPT_OUT_ENV}=1` };
  // Already inside (e.g. a CI script wrapped everything): a second namespace would gain nothing.
  if (process.env[ISOLATION_ENV] === "netns") return { kind: "none", reason: "" };
  if (process.platform !== "linux")
    return { kind: "none", reason: `network namespaces need Linux, this is ${process.platform}` };
  if (findOnPath("unshare") === undefined)
    return { kind: "none", reason: "`unshare` not found (Debian: apt-get install util-linux)" };
  const ip = findOnPath("ip", ["/usr/sbin", "/sbin"]);
  if (ip === undefined) return { kind: "none", reason: "`ip` not found (Debian: apt-get install iproute2)" };

  const isRoot = process.getuid?.() === 0;
  const candidates = isRoot ? [["-n"], ["-rn"]] : [["-rn"]];
  for (const unshareArgs of candidates) {
    // A dry run: the namespace can be made and `lo` brought up in it.
    const probe = spawnSync("unshare", [...unshareArgs, "--", ip, "link", "set", "lo", "up"], {
      stdio: "ignore",
      timeout: 10_000,
    });
    if (probe.status === 0) return { kind: "netns", unshareArgs, ip };
  }
  return {
    kind: "none",
    reason: `\`unshare ${candidates.map((args) => args.join(" ")).join("` and `unshare ")}\` are not permitted here`,
  };
}

/** The command from the nearest node_modules/.bin (walking up from the working directory), else from PATH. */
function resolveCommand(name: string): string {
  if (name.includes("/")) return resolve(name);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", ".bin", name);
    if (isExecutable(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  return findOnPath(name) ?? name;
}

function findOnPath(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...extraDirs].filter(Boolean);
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
