import { execFileSync } from "node:child_process";

/**
 * Drops every UDP packet in the test's network namespace (the e2e run's own loopback-only namespace, never the
 * host's), as a network that blocks UDP would: WebRTC dies, the TCP signaling and relay keep working.
 * Returns the function that lifts the drop; it is safe to call twice.
 */
export function dropAllUdp(): () => void {
  const rule = ["INPUT", "-p", "udp", "-j", "DROP"];
  if (process.env.RALLYPOINT_E2E_ISOLATION !== "netns") {
    throw new Error("Refusing to change the firewall outside the e2e network namespace (run through run-isolated.ts).");
  }
  iptables("-I", ...rule);
  let lifted = false;
  return () => {
    if (lifted) return;
    lifted = true;
    iptables("-D", ...rule);
  };
}

function iptables(...args: string[]): void {
  try {
    execFileSync("iptables", args, { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    throw new Error(`iptables ${args.join(" ")} failed (install it with: apt-get install -y iptables)`, {
      cause: error,
    });
  }
}
