import { expect, test } from "@playwright/test";
import { lastSelectedPair } from "../ice-trace.js";
import { useLab } from "../lab-fixtures.js";
import { recordResult } from "../lab-result.js";
import { NatType } from "../nat.js";
import { checkPairs, seatInRoom } from "../pair-check.js";
import type { PairPath } from "../expected-path.js";

/**
 * Two players behind one port-restricted router (the most common home router): on one LAN, and on two LANs the
 * router keeps apart (as a guest network), without hairpinning and with it.
 */
const lab = useLab({
  routers: [
    { name: "flat", nat: NatType.PortRestricted, secondPlayer: "same-lan" },
    { name: "guest", nat: NatType.PortRestricted, secondPlayer: "other-lan" },
  ],
  servers: { main: "stun+turn" },
});

/** Seats the two players behind `router` in one room, checks their pair against `path`; returns what A selected. */
async function checkTwoBehind(router: string, path: PairPath, scope: string): Promise<string | undefined> {
  const [a, b] = await Promise.all([
    lab.open(router, "main", `A(${router})`),
    lab.open(`${router}b`, "main", `B(${router}b)`),
  ]);
  const seats = await seatInRoom([
    { player: a, nat: NatType.PortRestricted },
    { player: b, nat: NatType.PortRestricted },
  ]);
  for (const result of await checkPairs(seats, "stun+turn", scope, () => path)) recordResult(result);
  return lastSelectedPair(a.page);
}

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
