import { test } from "@playwright/test";
import { useLab } from "../lab-fixtures.js";
import { recordResult } from "../lab-result.js";
import { NAT_TYPES, NatType } from "../nat.js";
import { checkPairs, seatInRoom } from "../pair-check.js";
import type { IceOffer } from "../lab-services.js";

/** Two routers of each NAT type, so that a pair of the same type sits behind two different routers. */
const routerName = (nat: NatType, n: 1 | 2): string => `${nat.replace(/-/g, "")}${n}`;

const lab = useLab({
  routers: NAT_TYPES.flatMap((nat) => [1, 2].map((n) => ({ name: routerName(nat, n as 1 | 2), nat }))),
  servers: { "stun+turn": "stun+turn", stun: "stun" },
});

const ICE_OFFERS: readonly IceOffer[] = ["stun+turn", "stun"];

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

    test("a room of four players, one behind each NAT type", async () => {
      const players = await Promise.all(NAT_TYPES.map((nat) => lab.open(routerName(nat, 1), ice, nat)));
      const seats = await seatInRoom(players.map((player, i) => ({ player, nat: NAT_TYPES[i] ?? NatType.None })));
      for (const result of await checkPairs(seats, ice, "4-player room")) recordResult(result);
    });
  });
}
