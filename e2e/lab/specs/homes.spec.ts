import { expect, test } from "@playwright/test";
import { lastSelectedPair } from "../ice-trace.js";
import { useLab } from "../lab-fixtures.js";
import { recordResult } from "../lab-result.js";
import { NatType } from "../nat.js";
import { checkPairs, seatInRoom } from "../pair-check.js";
import type { PairPath } from "../expected-path.js";
import type { HostCandidates } from "../../support/library-player.js";

/**
 * Homes beyond one player behind one IPv4 router (the NAT matrix's): two players behind one port-restricted router
 * (the most common home router), on one LAN (with host candidates named by address and by mDNS), and on two LANs the router keeps apart (as a guest network), without
 * hairpinning and with it; and two dual-stack homes whose IPv4 is behind symmetric NATs.
 */
const lab = useLab({
  routers: [
    { name: "flat", nat: NatType.PortRestricted, secondPlayer: "same-lan" },
    { name: "guest", nat: NatType.PortRestricted, secondPlayer: "other-lan" },
    { name: "dual1", nat: NatType.Symmetric, ipv6: true },
    { name: "dual2", nat: NatType.Symmetric, ipv6: true },
  ],
  servers: { main: "stun+turn" },
});

/**
 * Seats the players of homes `one` and `other` in one room and checks their pair against `path`; then checks where
 * it goes: some side's selected candidate pair must match `route`. Only some side: a check that arrives before the
 * sender's candidate is known makes that candidate peer-reflexive, and Chromium hides its address
 * (`prflx/udp redacted-ip.invalid`); the other side, whose answer went to a known candidate, shows it.
 */
async function checkHomes(
  one: string,
  other: string,
  path: PairPath,
  scope: string,
  route: RegExp,
  hostCandidates: HostCandidates = "addresses",
): Promise<void> {
  const [a, b] = await Promise.all([
    lab.open(one, "main", `A(${one})`, {}, hostCandidates),
    lab.open(other, "main", `B(${other})`, {}, hostCandidates),
  ]);
  const seats = await seatInRoom([
    { player: a, nat: lab.home(one).nat },
    { player: b, nat: lab.home(other).nat },
  ]);
  for (const result of await checkPairs(seats, "stun+turn", scope, () => path)) recordResult(result);
  const selected = await Promise.all([a, b].map((player) => lastSelectedPair(player.page)));
  expect(
    selected.some((pair) => pair !== undefined && route.test(pair)),
    `A's and B's selected pairs ${JSON.stringify(selected)}: one of them matches ${String(route)}`,
  ).toBe(true);
}

const escaped = (address: string): string => address.replace(/\./g, "\\.");

test("two players on one home LAN: direct, between their own (host) addresses", async () => {
  const addresses = ["flat", "flatb"].map((home) => escaped(lab.home(home).address)).join("|");
  const lan = new RegExp(` -> host/udp (${addresses}):`);
  await checkHomes("flat", "flatb", "direct", "2 players behind one router, one LAN", lan);
});

/**
 * A game's page that never asks for a microphone offers its host candidates as mDNS names, never its address: on one
 * LAN each browser resolves the other's name by multicast DNS (Chromium answers for its own names), and they still
 * connect directly, host to host.
 */
test("two players on one home LAN, host candidates named by mDNS: direct, host to host by name", async () => {
  const byName = /^host\/udp [\w-]+\.local:\d+ -> host\/udp [\w-]+\.local:\d+$/;
  await checkHomes("flat", "flatb", "direct", "2 players behind one router, one LAN, mDNS names", byName, "mdns-names");
});

test("two players on two LANs of one router without hairpinning: TURN (each other's public address leads nowhere)", async () => {
  const relayed = /relay\//;
  await checkHomes("guest", "guestb", "turn", "2 players behind one router, two LANs, no hairpinning", relayed);
});

test("two players on two LANs of one router with hairpinning: direct, through the router's public address", async () => {
  lab.topology.setHairpinning("guest", true);
  try {
    const throughRouter = new RegExp(` -> \\w+/udp ${escaped(lab.home("guest").publicAddress)}:`);
    await checkHomes("guest", "guestb", "direct", "2 players behind one router, two LANs, hairpinning", throughRouter);
  } finally {
    lab.topology.setHairpinning("guest", false);
  }
});

test("two dual-stack homes, symmetric NATs on IPv4: direct over IPv6 (no NAT there, and the firewalls open as both send)", async () => {
  const [one, other] = ["dual1", "dual2"].map((home) => lab.home(home).ipv6Address);
  if (!one || !other) throw new Error("a dual-stack home without an IPv6 address");
  const ipv6 = `(${one}|${other})`;
  const overIpv6 = new RegExp(`^host/udp ${ipv6}:\\d+ -> host/udp ${ipv6}:\\d+$`);
  await checkHomes("dual1", "dual2", "direct", "2 dual-stack players (IPv4 behind symmetric NATs)", overIpv6);
});
