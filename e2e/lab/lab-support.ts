import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { findBrowser } from "../support/find-browser.js";
import { createNamespace, destroyNamespace, labNamespaceName } from "./netns.js";

/** Whether this machine can run the lab, and if not, why (said in one line a developer can act on). */
export type LabSupport = { ok: true } | { ok: false; reason: string };

/** Debian packages providing each command the lab runs (openssl makes coturn's TLS certificate). */
const TOOLS = {
  ip: "iproute2",
  ss: "iproute2",
  iptables: "iptables",
  ip6tables: "iptables",
  turnserver: "coturn",
  openssl: "openssl",
} as const;

let cached: LabSupport | undefined;

/**
 * The lab needs Linux, root (network namespaces, iptables, TAP devices), the commands in TOOLS, /dev/net/tun and a
 * Chromium. Checked once per process; the last check makes and removes a namespace, to find out for sure.
 */
export function labSupport(): LabSupport {
  cached ??= check();
  return cached;
}

function check(): LabSupport {
  if (process.platform !== "linux")
    return { ok: false, reason: `needs Linux network namespaces, this is ${process.platform}` };
  if (process.getuid?.() !== 0)
    return { ok: false, reason: "needs root (network namespaces, iptables and TAP devices)" };
  const missing = Object.entries(TOOLS).filter(([command]) => findCommand(command) === undefined);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, pkg]) => pkg))].join(" ");
    return {
      ok: false,
      reason: `missing ${missing.map(([command]) => command).join(", ")} (Debian: apt-get install -y ${packages})`,
    };
  }
  if (findCommand("cc") === undefined && findCommand("gcc") === undefined) {
    return { ok: false, reason: "no C compiler for the delay wire (Debian: apt-get install -y gcc)" };
  }
  if (!existsSync("/dev/net/tun")) return { ok: false, reason: "no /dev/net/tun (the kernel's TUN/TAP driver)" };
  try {
    findBrowser();
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split("\n")[0] ?? "no Chromium" };
  }
  const probe = labNamespaceName(0, "probe");
  try {
    createNamespace(probe);
  } catch (error) {
    destroyNamespace(probe);
    return { ok: false, reason: `cannot create a network namespace here: ${(error as Error).message}` };
  }
  destroyNamespace(probe);
  return { ok: true };
}

function findCommand(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/sbin"].filter(Boolean);
  return dirs
    .map((dir) => join(dir, name))
    .find((path) => {
      try {
        accessSync(path, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}
