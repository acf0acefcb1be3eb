import { run, runIn } from "./netns.js";
import { startTapWire } from "./tap-wire.js";

/** What a link does to the packets crossing it, in each direction. Every field defaults to 0. */
export interface LinkConditions {
  /** One-way delay added to every packet. */
  delayMs?: number;
  /** Each packet's delay varies uniformly by up to this much either way; packets are never reordered. */
  jitterMs?: number;
  /** Share of packets dropped at random, 0-100. */
  lossPercent?: number;
}

/** One end of a link: the namespace, the device name it gets there, and its address with prefix length. */
export interface LinkEnd {
  namespace: string;
  device: string;
  address: string;
}

/**
 * Connects two namespaces: a veth pair when the link adds no delay, else a tap-wire (a userspace cable, since this
 * kernel has no netem). Loss is an iptables `statistic` match on `a`'s device, both directions. Both devices end
 * up addressed and up. Returns what stops the link's process, if it has one (its devices go away with the
 * namespaces anyway).
 */
export async function connect(a: LinkEnd, b: LinkEnd, conditions: LinkConditions = {}): Promise<() => void> {
  const { delayMs = 0, jitterMs = 0, lossPercent = 0 } = conditions;
  let stop = (): void => undefined;
  if (delayMs > 0 || jitterMs > 0) {
    const wire = await startTapWire(a.namespace, a.device, b.namespace, b.device, delayMs, jitterMs);
    stop = () => wire.close();
  } else {
    run("ip", [
      "link",
      "add",
      a.device,
      "netns",
      a.namespace,
      "type",
      "veth",
      "peer",
      "name",
      b.device,
      "netns",
      b.namespace,
    ]);
  }
  for (const end of [a, b]) {
    run("ip", ["-n", end.namespace, "addr", "add", end.address, "dev", end.device]);
    run("ip", ["-n", end.namespace, "link", "set", end.device, "up"]);
  }
  if (lossPercent > 0) {
    const probability = String(lossPercent / 100);
    const drop = ["-m", "statistic", "--mode", "random", "--probability", probability, "-j", "DROP"];
    // raw PREROUTING sees every packet arriving, mangle POSTROUTING every packet leaving (forwarded or local).
    runIn(a.namespace, "iptables", ["-t", "raw", "-A", "PREROUTING", "-i", a.device, ...drop]);
    runIn(a.namespace, "iptables", ["-t", "mangle", "-A", "POSTROUTING", "-o", a.device, ...drop]);
  }
  return stop;
}
