import { expect, test } from "@playwright/test";
import { useLab } from "../lab-fixtures.js";
import { recordResult } from "../lab-result.js";
import { NAT_TYPES, NatType } from "../nat.js";
import { expectedPath } from "../expected-path.js";
import { checkPairs, seatInRoom } from "../pair-check.js";
import type { IceOffer } from "../lab-services.js";
import { probeNat, startProbeServer } from "../udp-probe.js";

/** The types paired with each other: every type but the office network, which needs TURN over TLS (below). */
const MATRIX_TYPES = NAT_TYPES.filter((nat) => nat !== NatType.Tcp443Only);
/** Two routers of each matrix type, so that a pair of the same type sits behind two different routers. */
const routerName = (nat: NatType, n: 1 | 2): string => `${nat.replace(/-/g, "")}${n}`;

const lab = useLab({
  routers: [
    ...MATRIX_TYPES.flatMap((nat) => [1, 2].map((n) => ({ name: routerName(nat, n as 1 | 2), nat }))),
    { name: routerName(NatType.Tcp443Only, 1), nat: NatType.Tcp443Only },
  ],
  servers: { "stun+turn": "stun+turn", stun: "stun", "stun+turn+tls": "stun+turn+tls" },
});

const ICE_OFFERS: readonly IceOffer[] = ["stun+turn", "stun"];
const OFFER_NAMES: Record<IceOffer, string> = {
  stun: "STUN only",
  "stun+turn": "TURN over UDP and TCP",
  "stun+turn+tls": "TURN over UDP, TCP and TLS on 443",
};

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

    for (const nat of [NatType.UdpBlocked, NatType.Tcp443Only]) {
      const blocked = probe(nat);
      expect(blocked.mappings, `${nat}: nothing comes back`).toEqual({});
      expect(blocked.strangerGotThrough).toBe(false);
    }
  } finally {
    stopProbeServer();
  }
});

/**
 * The NAT doctor (`net.diagnose()`, before a room) in one home of each type, with the lab's two STUN URLs (coturn on
 * 3478 and 3479): what it must tell a player there. One local socket asks both; a cone NAT (full-cone,
 * port-restricted) shows both servers one public port, a symmetric NAT a port per destination, which is what the
 * doctor's mapping and outlook rest on (not on the changed port alone). Where STUN cannot get out the NAT is
 * `unknown`. All homes at once: each diagnosis waits at most its 5 s limit for servers that do not answer.
 */
test("the NAT doctor's verdict in each home type", async () => {
  const coneNat = {
    nat: { nat: "present", mapping: "endpoint-independent", portPreserved: true },
    outlook: "direct-likely",
  } as const;
  const cases = [
    [NatType.None, "stun+turn", { nat: { nat: "none" }, udp: "works", outlook: "direct-likely" }],
    [NatType.FullCone, "stun+turn", coneNat],
    [NatType.PortRestricted, "stun+turn", coneNat],
    [
      NatType.Symmetric,
      "stun+turn",
      { nat: { nat: "present", mapping: "endpoint-dependent", portPreserved: false }, outlook: "needs-turn" },
    ],
    [NatType.UdpBlocked, "stun+turn", { nat: { nat: "unknown" }, udp: "blocked", outlook: "turn-only" }],
    [NatType.UdpBlocked, "stun", { nat: { nat: "unknown" }, udp: "blocked", outlook: "relay-only" }],
    [NatType.Tcp443Only, "stun+turn+tls", { nat: { nat: "unknown" }, udp: "blocked", outlook: "turn-only" }],
  ] as const;
  const diagnoses = await Promise.all(
    cases.map(async ([nat, ice]) => (await lab.open(routerName(nat, 1), ice, `${nat} (${ice})`)).diagnose()),
  );
  for (const [i, [nat, ice, verdict]] of cases.entries()) {
    const { servers, nat: behaviour, udp, outlook, summary } = diagnoses[i] ?? {};
    expect
      .soft({ nat: behaviour, udp, outlook }, `${nat} with ${ice}: ${JSON.stringify({ servers, summary })}`)
      .toMatchObject(verdict);
  }
});

/**
 * An office network that lets out only TCP 443, with a player at home behind the most common router: TURN over TLS
 * on 443 gets the office player out (its end of the pair goes that way); TURN over UDP or TCP on 3478 does not.
 */
for (const [ice, outcome] of [
  ["stun+turn+tls", "TURN, over TLS from the office"],
  ["stun+turn", "the relay: TURN on 3478 does not get out"],
] as const) {
  test(`tcp-443-only x port-restricted, server offers ${OFFER_NAMES[ice]}: ${outcome}`, async () => {
    const [a, b] = await Promise.all([
      lab.open(routerName(NatType.Tcp443Only, 1), ice, "A(tcp-443-only)"),
      lab.open(routerName(NatType.PortRestricted, 1), ice, "B(port-restricted)"),
    ]);
    const seats = await seatInRoom([
      { player: a, nat: NatType.Tcp443Only },
      { player: b, nat: NatType.PortRestricted },
    ]);
    for (const result of await checkPairs(seats, ice, "2 players")) recordResult(result);
  });
}

/**
 * Port-restricted's pairs that can only end on the relay when no TURN is offered (with symmetric, with UDP blocked)
 * are checked in the room below, where all its pairs settle at once, and not again as pairs of two: each would add
 * the 5 s open timeout and show nothing new (its TURN twin shows that direct fails; the fallback is the same for all).
 */
function isLeftToTheRoom(a: NatType, b: NatType, ice: IceOffer): boolean {
  const hasPortRestricted = a === NatType.PortRestricted || b === NatType.PortRestricted;
  return ice === "stun" && hasPortRestricted && expectedPath(a, b, ice) === "relay";
}

for (const ice of ICE_OFFERS) {
  test.describe(`server offers ${ice === "stun" ? "STUN only (no TURN)" : "STUN and TURN"}`, () => {
    for (const [i, natA] of MATRIX_TYPES.entries()) {
      for (const natB of MATRIX_TYPES.slice(i)) {
        if (isLeftToTheRoom(natA, natB, ice)) continue;
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

    test(`a room of ${MATRIX_TYPES.length} players, one behind each NAT type`, async () => {
      const players = await Promise.all(MATRIX_TYPES.map((nat) => lab.open(routerName(nat, 1), ice, nat)));
      const seats = await seatInRoom(players.map((player, i) => ({ player, nat: MATRIX_TYPES[i] ?? NatType.None })));
      for (const result of await checkPairs(seats, ice, `${MATRIX_TYPES.length}-player room`)) recordResult(result);
    });
  });
}
