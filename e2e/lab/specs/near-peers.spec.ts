import { expect, test } from "@playwright/test";
import { expectLinks } from "../../support/mesh.js";
import { useLab } from "../lab-fixtures.js";
import { recordResult } from "../lab-result.js";
import { NatType } from "../nat.js";
import { answerPings, echoRoundTrips, median } from "../page-probes.js";
import { seatInRoom } from "../pair-check.js";

/**
 * Two players near each other (2.5 ms from each router to the exchange: 5 ms between the routers) and the server
 * far away (47.5 ms more across the backbone: 50 ms one way from a player). A direct data channel should then
 * beat the relay, which crosses the backbone four times per round trip, by far.
 */
const NEAR = { delayMs: 2.5 };
const FAR = { delayMs: 47.5 };
const GOAL_RATIO = 0.6;
const ROUND_TRIPS = 30;

const lab = useLab({
  routers: [
    { name: "a", nat: NatType.FullCone, uplink: NEAR },
    { name: "b", nat: NatType.FullCone, uplink: NEAR },
  ],
  backbone: FAR,
  servers: { main: "stun" },
});

test("players near each other with the server far away: the data channel's round trip beats the relay's", async () => {
  const [a, b] = await Promise.all([lab.open("a", "main", "Ada"), lab.open("b", "main", "Bo")]);
  const seats = await seatInRoom([
    { player: a, nat: NatType.FullCone },
    { player: b, nat: NatType.FullCone },
  ]);
  const [ada, bo] = seats;
  if (!ada || !bo) throw new Error("two seats expected");
  await answerPings(bo.player);

  await expectLinks(seats, () => "webrtc/webrtc");
  const webrtc = await echoRoundTrips(ada.player, bo.id, ROUND_TRIPS);
  expect(new Set(webrtc.vias)).toEqual(new Set(["webrtc"]));

  for (const { player } of seats) await player.setMode("SIGNALING_ONLY");
  await expectLinks(seats, () => "relay/relay");
  const relay = await echoRoundTrips(ada.player, bo.id, ROUND_TRIPS);
  expect(new Set(relay.vias)).toEqual(new Set(["relay"]));
  expect(webrtc.lost + relay.lost, "unanswered pings").toBe(0);

  const webrtcRttMs = median(webrtc.rttsMs);
  const relayRttMs = median(relay.rttsMs);
  const ratio = webrtcRttMs / relayRttMs;
  recordResult({
    kind: "rtt-ratio",
    conditions: "players 5 ms apart, server 50 ms one way from each; median of 30 event round trips",
    webrtcRttMs,
    relayRttMs,
    ratio,
    goal: GOAL_RATIO,
    isGoalMet: ratio <= GOAL_RATIO,
  });
});
