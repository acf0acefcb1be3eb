import { runIn } from "./netns.js";

/**
 * What a player's router does to its traffic:
 * - `none`: no NAT, the player has a public address (a plain router).
 * - `full-cone`: endpoint-independent mapping and filtering; a home port keeps its number outside, and anyone
 *   outside may send to it once it is mapped.
 * - `port-restricted`: endpoint-independent mapping (the home port keeps its number outside, for every
 *   destination), but address-and-port-dependent filtering: only an address and port the player has sent to may
 *   answer. The most common home router.
 * - `symmetric`: a fresh random outside port for every new destination, and only that destination may answer.
 * - `udp-blocked`: NAT as a firewall of a locked-down network does it, with every UDP packet dropped: only TCP
 *   leaves (TURN over TCP still works, STUN and direct WebRTC do not).
 * - `tcp-443-only`: an office network that lets out only HTTPS: TCP to port 443, and to the game's own site. Only
 *   TURN over TLS on 443 (`turns:`) gets a data channel out; plain TURN over TCP on 3478 does not.
 */
export const NatType = {
  None: "none",
  FullCone: "full-cone",
  PortRestricted: "port-restricted",
  Symmetric: "symmetric",
  UdpBlocked: "udp-blocked",
  Tcp443Only: "tcp-443-only",
} as const;
export type NatType = (typeof NatType)[keyof typeof NatType];

export const NAT_TYPES: readonly NatType[] = Object.values(NatType);

export interface RouterInterfaces {
  /** The router's side of its uplink to the internet, and its (public) address there. */
  wan: string;
  publicAddress: string;
  /** The router's side of the home network, and the address of the one player behind it. */
  lan: string;
  homeAddress: string;
  /**
   * Where the game's site and signaling server listen (address, and iptables port range `first:last`): the one TCP
   * destination besides port 443 that `tcp-443-only` lets out. It stands for the game's site, which production
   * serves over HTTPS on 443; the lab's servers are plain HTTP on ports of their own.
   */
  site: { address: string; ports: string };
}

/** Writes the iptables rules that make the router in `namespace` behave as `nat`. */
export function applyNat(
  namespace: string,
  nat: NatType,
  { wan, publicAddress, lan, homeAddress, site }: RouterInterfaces,
): void {
  const iptables = (...args: string[]): void => void runIn(namespace, "iptables", args);
  switch (nat) {
    case NatType.None:
      return;
    case NatType.FullCone:
      // SNAT keeps the source port whenever the resulting tuple is unique, which it always is with one host
      // behind the router: the mapping does not depend on the destination. Unsolicited UDP to the public address
      // goes to that host on the same port, so the filtering does not depend on the sender either.
      iptables("-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "SNAT", "--to-source", publicAddress);
      iptables(
        "-t",
        "nat",
        "-A",
        "PREROUTING",
        "-i",
        wan,
        "-p",
        "udp",
        "-d",
        publicAddress,
        "-j",
        "DNAT",
        "--to-destination",
        homeAddress,
      );
      return;
    case NatType.PortRestricted:
      // The same port-keeping SNAT as full cone, without the DNAT: conntrack then admits UDP only from the address
      // and port each mapping was made for. Unsolicited UDP to the router is dropped on input, as a home router's
      // firewall does: dropped there, it leaves no conntrack entry behind, which would otherwise take the tuple
      // the home's own packet to that sender needs next and make the router pick another port (hole punching,
      // where both sides send at once, depends on the port staying).
      iptables("-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "SNAT", "--to-source", publicAddress);
      iptables("-A", "INPUT", "-i", wan, "-p", "udp", "-j", "DROP");
      return;
    case NatType.Symmetric:
      // A random port per connection (per destination address and port); conntrack admits replies only from
      // the destination each mapping was made for.
      iptables("-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "MASQUERADE", "--random-fully");
      return;
    case NatType.UdpBlocked:
      iptables("-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "MASQUERADE");
      iptables("-A", "FORWARD", "-i", lan, "-p", "udp", "-j", "DROP");
      iptables("-A", "FORWARD", "-i", wan, "-p", "udp", "-j", "DROP");
      return;
    case NatType.Tcp443Only:
      // Out: TCP to 443 anywhere, and to the game's site; in: only what answers that. Everything else is dropped.
      iptables("-t", "nat", "-A", "POSTROUTING", "-o", wan, "-j", "MASQUERADE");
      iptables("-A", "FORWARD", "-i", wan, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
      iptables("-A", "FORWARD", "-i", lan, "-p", "tcp", "--dport", "443", "-j", "ACCEPT");
      iptables("-A", "FORWARD", "-i", lan, "-p", "tcp", "-d", site.address, "--dport", site.ports, "-j", "ACCEPT");
      iptables("-A", "FORWARD", "-j", "DROP");
      return;
  }
}

/** One LAN of a router with two: its device, its network (CIDR) and the address of the player on it. */
export interface HairpinLan {
  device: string;
  network: string;
  player: string;
}

/**
 * Two LANs behind one router that does not route between them, as a guest network is kept apart: only what
 * hairpinning sends across (a DNATed connection, and its answers) passes.
 */
export function isolateLans(namespace: string, [one, other]: readonly [HairpinLan, HairpinLan]): void {
  for (const [from, to] of [
    [one, other],
    [other, one],
  ] as const) {
    const notHairpinned = ["-m", "conntrack", "!", "--ctstate", "DNAT", "-j", "DROP"];
    runIn(namespace, "iptables", ["-I", "FORWARD", "-i", from.device, "-o", to.device, ...notHairpinned]);
  }
}

/**
 * Hairpinning, on or off: UDP from one LAN to the router's public address goes to the other LAN's player on the
 * same port, rewritten to come from the public address (so it arrives from the sender's server-reflexive address).
 * The same-port rule stands in for looking the mapping up: SNAT here keeps ports, and each LAN has one player.
 */
export function setHairpinning(
  namespace: string,
  isOn: boolean,
  publicAddress: string,
  [one, other]: readonly [HairpinLan, HairpinLan],
): void {
  const action = isOn ? "-A" : "-D";
  for (const [from, to] of [
    [one, other],
    [other, one],
  ] as const) {
    const udp = ["-p", "udp"];
    runIn(namespace, "iptables", [
      "-t",
      "nat",
      action,
      "PREROUTING",
      "-i",
      from.device,
      "-d",
      publicAddress,
      ...udp,
      "-j",
      "DNAT",
      "--to-destination",
      to.player,
    ]);
    runIn(namespace, "iptables", [
      "-t",
      "nat",
      action,
      "POSTROUTING",
      "-o",
      to.device,
      "-s",
      from.network,
      "-d",
      to.player,
      ...udp,
      "-j",
      "SNAT",
      "--to-source",
      publicAddress,
    ]);
  }
}
