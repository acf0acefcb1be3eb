import { expect, test } from "@playwright/test";
import { useLab } from "../lab-fixtures.js";
import { recordResult } from "../lab-result.js";
import { NAT_TYPES, NatType } from "../nat.js";
import { checkPairs, seatInRoom } from "../pair-check.js";
import type { IceOffer } from "../lab-services.js";
import { probeNat, startProbeServer } from "../udp-probe.js";

/** Two routers of each NAT type, so that a pair of the same type sits behind two different routers. */
const routerName = (nat: NatType, n: 1 | 2): string => `${nat.replace(/-/g, "")}${n}`;

const lab = useLab({
  routers: NAT_TYPES.flatMap((nat) => [1, 2].map((n) => ({ name: routerName(nat, n as 1 | 2), nat }))),
  servers: { "stun+turn": "stun+turn", stun: "stun" },
});

const ICE_OFFERS: readonly IceOffer[] = ["stun+turn", "stun"];

test("the routers map and filter UDP as their NAT types say (probed the way a STUN client classifies a NAT)", async () => {
  const stopProbeServer = await startProbeServer(lab.topology.internet);
  try {
    const probe = (nat: NatType) => {
      const home = lab.home(routerName(nat, 1));
      return { ...probeNat(home.namespace), own: `${home.address}:40000`, router: home.publicAddress };
    };
    const none = probe(NatType.None);
    expect(none.mappings, "no NAT: the server sees the home's own address and port").toEqual({
      7001: none.own,
      7002: none.own,
    });
    expect(none.strangerGotThrough).toBe(true);

    const cone = probe(NatType.FullCone);
    const coneMapped = `${cone.router}:40000`;
    expect(cone.mappings, "full cone: the home's own port, for every destination").toEqual({
      7001: coneMapped,
      7002: coneMapped,
    });
    expect(cone.strangerGotThrough, "full cone: anyone may send to a mapped port").toBe(true);

    const restricted = probe(NatType.PortRestricted);
    const restrictedMapped = `${restricted.router}:40000`;
    expect(restricted.mappings, "port-restricted: the home's own port, for every destination").toEqual({
      7001: restrictedMapped,
      7002: restrictedMapped,
    });
    expect(restricted.strangerGotThrough, "port-restricted: only where the home has sent may answer").toBe(false);

    const symmetric = probe(NatType.Symmetric);
    const [first, second] = [symmetric.mappings[7001], symmetric.mappings[7002]];
    for (const mapped of [first, second])
      expect(mapped?.split(":")[0], JSON.stringify(symmetric)).toBe(symmetric.router);
    expect(first, "symmetric: a new port per destination").not.toEqual(second);
    expect(symmetric.strangerGotThrough, "symmetric: only the destination may answer").toBe(false);

    const blocked = probe(NatType.UdpBlocked);
    expect(blocked.mappings, "UDP blocked: nothing comes back").toEqual({});
    expect(blocked.strangerGotThrough).toBe(false);
  } finally {
    stopProbeServer();
  }
});

for (const ice of ICE_OFFERS) {
  test.describe(`server offers ${ice === "stun" ? "STUN only (no TURN)" : "STUN and TURN"}`, () => {
    for (const [i, natA] of NAT_TYPES.entries()) {
      for (const natB of NAT_TYPES.slice(i)) {
        test(`${natA} x ${natB}`, async () => {
          const [a, b] = await Promise.all([
            lab.open(routerName(natA, 1), ice, `A(${natA})`),
            lab.open(routerName(natB, 2), ice, `B(${natB})`),
          ]);
          const seats = await seatInRoom([
            { player: a, nat: natA },
            { player: b, nat: natB },
          ]);
          for (const result of await checkPairs(seats, ice, "2 players")) recordResult(result);
        });
      }
    }

    test(`a room of ${NAT_TYPES.length} players, one behind each NAT type`, async () => {
      const players = await Promise.all(NAT_TYPES.map((nat) => lab.open(routerName(nat, 1), ice, nat)));
      const seats = await seatInRoom(players.map((player, i) => ({ player, nat: NAT_TYPES[i] ?? NatType.None })));
      for (const result of await checkPairs(seats, ice, `${NAT_TYPES.length}-player room`)) recordResult(result);
    });
  });
}
