import { expect, test } from "@playwright/test";
import { lastSelectedPair } from "../ice-trace.js";
import { useLab } from "../lab-fixtures.js";
import { recordResult } from "../lab-result.js";
import { NatType } from "../nat.js";
import { checkPairs, seatInRoom } from "../pair-check.js";
import type { PairPath } from "../expected-path.js";

/**
 * Homes beyond one player behind one IPv4 router (the NAT matrix's): two players behind one port-restricted router
 * (the most common home router), on one LAN, and on two LANs the router keeps apart (as a guest network), without
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

/** Seats the players of homes `one` and `other` in one room, checks their pair against `path`; returns what A selected. */
async function checkHomes(one: string, other: string, path: PairPath, scope: string): Promise<string | undefined> {
  const [a, b] = await Promise.all([lab.open(one, "main", `A(${one})`), lab.open(other, "main", `B(${other})`)]);
  const seats = await seatInRoom([
    { player: a, nat: lab.home(one).nat },
    { player: b, nat: lab.home(other).nat },
  ]);
  for (const result of await checkPairs(seats, "stun+turn", scope, () => path)) recordResult(result);
  return lastSelectedPair(a.page);
}

const checkTwoBehind = (router: string, path: PairPath, scope: string): Promise<string | undefined> =>
  checkHomes(router, `${router}b`, path, scope);

test("two players on one home LAN: direct, between their own (host) addresses", async () => {
  const selected = await checkTwoBehind("flat", "direct", "2 players behind one router, one LAN");
  expect(selected, "A's selected pair ends at B's own LAN address").toMatch(/ -> host\/udp 198\.19\.1\.3:/);
});

test("two players on two LANs of one router without hairpinning: TURN (each other's public address leads nowhere)", async () => {
  await checkTwoBehind("guest", "turn", "2 players behind one router, two LANs, no hairpinning");
});

test("two players on two LANs of one router with hairpinning: direct, through the router's public address", async () => {
  lab.topology.setHairpinning("guest", true);
  try {
    const selected = await checkTwoBehind("guest", "direct", "2 players behind one router, two LANs, hairpinning");
    const publicAddress = lab.home("guest").publicAddress.replace(/\./g, "\\.");
    expect(selected, "A's selected pair ends at B's public address").toMatch(
      new RegExp(` -> \\w+/udp ${publicAddress}:`),
    );
  } finally {
    lab.topology.setHairpinning("guest", false);
  }
});

test("two dual-stack homes, symmetric NATs on IPv4: direct over IPv6 (no NAT there, and the firewalls open as both send)", async () => {
  const selected = await checkHomes("dual1", "dual2", "direct", "2 dual-stack players (IPv4 behind symmetric NATs)");
  const [own, other] = ["dual1", "dual2"].map((home) => lab.home(home).ipv6Address);
  if (!own || !other) throw new Error("a dual-stack home without an IPv6 address");
  expect(selected, "A's selected pair: from its IPv6 address to B's").toMatch(
    new RegExp(`^host/udp ${own}:\\d+ -> host/udp ${other}:\\d+$`),
  );
});
