import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../../support/fixtures.js";
import { dropAllUdp } from "../../support/firewall.js";
import { expectExactlyOnceInOrder, expectLinks, seatAll, type Seat } from "../../support/mesh.js";
import { waitDeliberately } from "../../support/deliberate-wait.js";
import { sumSamples } from "../../support/metrics.js";

// These tests change the whole namespace's firewall or read server-wide counters, so their project runs after every
// other test has finished (see playwright.config.ts), one at a time.
test.describe.configure({ mode: "serial" });

/** Quick retries, so re-upgrading after the fault does not wait out the default 2 s -> 60 s backoff. */
const QUICK_RETRY = { retry: { initialDelayMs: 500, maxDelayMs: 2_000 } };

async function relayedMessages(request: APIRequestContext): Promise<number> {
  return sumSamples(await (await request.get("/metrics")).text(), "relay_messages_total{");
}

/** The server's `peer_links` gauge over all routes of `path`: pairs on it, as the players' libraries report them. */
async function reportedPairs(request: APIRequestContext, path: "webrtc" | "relay"): Promise<number> {
  return sumSamples(await (await request.get("/metrics")).text(), `peer_links{path="${path}",`);
}

test("a WebRTC link that dies after opening falls back to the relay, and re-upgrades when the cause is gone", async ({
  libraryPlayers,
  request,
}) => {
  const seats = await seatAll([
    await libraryPlayers.open("Ada", QUICK_RETRY),
    await libraryPlayers.open("Bo", QUICK_RETRY),
  ]);
  const [ada, bo] = seats as [Seat, Seat];
  await expectLinks(seats, () => "webrtc/webrtc");
  // The players' link reports reach the server's metrics: one pair, on WebRTC.
  await expect.poll(() => reportedPairs(request, "webrtc")).toBe(1);
  await ada.player.sendNumbered("n", 0, 10);

  const liftDrop = dropAllUdp();
  try {
    // Missed heartbeats (3 s by default) are the only sign: nothing closes, ICE just goes quiet.
    await ada.player.sendNumbered("n", 10, 10);
    await expectLinks(seats, () => "relay", 10_000);
    await expect.poll(() => reportedPairs(request, "relay")).toBe(1);
    expect(await reportedPairs(request, "webrtc")).toBe(0);
    await ada.player.sendNumbered("n", 20, 10);
    await expectExactlyOnceInOrder(bo, ada, "n", 30);
  } finally {
    liftDrop();
  }

  await expectLinks(seats, () => "webrtc/webrtc", 20_000);
  await ada.player.sendNumbered("n", 30, 10);
  await bo.player.sendNumbered("back", 0, 10);
  await expectExactlyOnceInOrder(bo, ada, "n", 40);
  await expectExactlyOnceInOrder(ada, bo, "back", 10);
});

test("WEBRTC_ONLY reports a pair that cannot connect as unreachable and relays nothing", async ({
  libraryPlayers,
  request,
}) => {
  const relayedBefore = await relayedMessages(request);
  const ada = await libraryPlayers.open("Ada", { mode: "WEBRTC_ONLY" });
  const blocked = await libraryPlayers.open("Blocked", { mode: "WEBRTC_ONLY", iceTransportPolicy: "relay" });
  const seats = await seatAll([ada, blocked]);
  const [adaSeat, blockedSeat] = seats as [Seat, Seat];

  for (const [viewer, other] of [
    [adaSeat, blockedSeat],
    [blockedSeat, adaSeat],
  ] as const) {
    await expect
      .poll(() => viewer.player.firstReached(other.id, "unreachable"), {
        message: `${viewer.player.label} reports unreachable`,
      })
      .not.toBeNull();
  }
  await expectLinks(seats, () => "none");
  // Why, in one word, on each side and in the server's metrics: ICE got nowhere (relay-only ICE without TURN).
  for (const [viewer, other] of [
    [adaSeat, blockedSeat],
    [blockedSeat, adaSeat],
  ] as const) {
    expect((await viewer.player.link(other.id))?.relayReason).toMatch(/^(ice-failed|timeout)$/);
  }
  await expect
    .poll(async () => {
      const text = await (await request.get("/metrics")).text();
      const failed = ["ice-failed", "timeout"].map((reason) => `peer_links_off_webrtc{reason="${reason}"}`);
      return failed.reduce((sum, sample) => sum + sumSamples(text, sample), 0);
    })
    .toBe(1);

  await adaSeat.player.sendNumbered("n", 0, 5);
  await blockedSeat.player.sendNumbered("n", 0, 5);
  await adaSeat.player.sendState({ x: 1 });
  await waitDeliberately(adaSeat.player.page, 1_500, "nothing may reach the relay: a stray message would show by now");
  expect(await relayedMessages(request)).toBe(relayedBefore);
  expect(await blockedSeat.player.received(adaSeat.id, "n")).toEqual([]);

  // Events wait in the resend buffer, not lost: once the relay is allowed they arrive, exactly once.
  for (const { player } of seats) await player.setMode("HYBRID");
  await expectExactlyOnceInOrder(blockedSeat, adaSeat, "n", 5);
  await expectExactlyOnceInOrder(adaSeat, blockedSeat, "n", 5);
});
