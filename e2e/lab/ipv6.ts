import { run, runIn } from "./netns.js";

/**
 * IPv6 for dual-stack homes, from the benchmarking range 2001:2::/48 (RFC 5180), which no real network routes:
 * router n's uplink is 2001:2:0:n::/64 (n in hex; the exchange ::1, the router ::2) and its home network
 * 2001:2:0:100n::/64 (the router ::1, the player ::2). No NAT66: the player's address is public, as ISPs hand out
 * IPv6 prefixes; the router's firewall lets in only answers to what went out, as home routers' IPv6 firewalls do.
 */
const hex = (n: number): string => n.toString(16);
export const Ipv6Address = {
  uplinkOf: (n: number) => `2001:2:0:${hex(n)}::`,
  homeNetworkOf: (n: number) => `2001:2:0:${hex(0x1000 + n)}::`,
  homeOf: (n: number) => `2001:2:0:${hex(0x1000 + n)}::2`,
} as const;

/** Turns IPv6 back on in a lab namespace (createNamespace turns it off), forwarding included. */
export function enableIpv6(namespace: string): void {
  for (const scope of ["all", "default"]) {
    runIn(namespace, "sysctl", ["-qw", `net.ipv6.conf.${scope}.disable_ipv6=0`]);
    runIn(namespace, "sysctl", ["-qw", `net.ipv6.conf.${scope}.forwarding=1`]);
  }
}

/**
 * Gives router n (devices `wan` and `lan`) and its home (device `eth0`) IPv6 beside IPv4: addresses, routes both
 * ways through the exchange (device `to-n`, IPv6 already on), and the router's answers-only firewall. Returns the
 * player's IPv6 address.
 */
export function addIpv6(n: number, exchange: string, router: string, home: string): string {
  enableIpv6(router);
  enableIpv6(home);
  const uplink = Ipv6Address.uplinkOf(n);
  const lan = Ipv6Address.homeNetworkOf(n);
  // nodad: skips duplicate address detection, which would keep each address unusable for a second or two.
  const address = (namespace: string, device: string, value: string): void =>
    void run("ip", ["-n", namespace, "addr", "add", `${value}/64`, "dev", device, "nodad"]);
  address(exchange, `to-${n}`, `${uplink}1`);
  address(router, "wan", `${uplink}2`);
  address(router, "lan", `${lan}1`);
  address(home, "eth0", Ipv6Address.homeOf(n));
  run("ip", ["-6", "-n", exchange, "route", "add", `${lan}/64`, "via", `${uplink}2`]);
  run("ip", ["-6", "-n", router, "route", "add", "default", "via", `${uplink}1`]);
  run("ip", ["-6", "-n", home, "route", "add", "default", "via", `${lan}1`]);
  const ip6tables = (...args: string[]): void => void runIn(router, "ip6tables", args);
  ip6tables("-A", "FORWARD", "-i", "wan", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT");
  ip6tables("-A", "FORWARD", "-i", "wan", "-j", "DROP");
  return Ipv6Address.homeOf(n);
}
