import { expect, test } from "../support/fixtures.js";
import type { LibraryPlayer } from "../support/library-player.js";
import { expectExactlyOnceInOrder, seatAll, type Seat } from "../support/mesh.js";
import { waitDeliberately } from "../support/deliberate-wait.js";
import { answerPings, echoRoundTrips } from "../support/echo-probes.js";

/** Heartbeats four times a second, so the smoothed RTT settles on a new value within a couple of seconds. */
const FAST_HEARTBEATS = { heartbeatIntervalMs: 250 } as const;
const ADDED_LATENCY_MS = 150;

/** The RTT `viewer` measures to `other`, waiting until there is one. */
async function rttOf(viewer: Seat, other: Seat): Promise<number> {
  const measured = async (): Promise<number | null> => (await viewer.player.link(other.id))?.rttMs ?? null;
  await expect
    .poll(measured, { message: `${viewer.player.label} measures an RTT to ${other.player.label}` })
    .not.toBeNull();
  return (await measured()) ?? NaN;
}

/**
 * The quickest of five event round trips from `viewer` to `other` and back (sendEvent answered with sendEvent): a
 * busy machine only ever adds to a round trip, so the quickest is the network's share, load aside.
 */
async function quickestEchoMs(viewer: Seat, other: Seat): Promise<number> {
  const { rttsMs, lost } = await echoRoundTrips(viewer.player, other.id, 5);
  expect(lost, `${viewer.player.label}'s pings to ${other.player.label} all answered`).toBe(0);
  return Math.min(...rttsMs);
}

async function seatPair(
  open: (label: string) => Promise<LibraryPlayer>,
  path: "webrtc" | "relay",
): Promise<[Seat, Seat]> {
  const [ada, bo] = await seatAll([await open("Ada"), await open("Bo")]);
  if (!ada || !bo) throw new Error("two seats expected");
  for (const [viewer, other] of [
    [ada, bo],
    [bo, ada],
  ] as const) {
    await expect
      .poll(async () => (await viewer.player.link(other.id))?.path, { message: `${viewer.player.label}'s path` })
      .toBe(path);
  }
  return [ada, bo];
}

test.describe("network conditioner", () => {
  for (const [mode, path] of [
    ["HYBRID", "webrtc"],
    ["SIGNALING_ONLY", "relay"],
  ] as const) {
    test(`over ${path}: ${ADDED_LATENCY_MS} ms of latency on one player raises the RTT both players measure by about that much`, async ({
      libraryPlayers,
    }) => {
      const [ada, bo] = await seatPair((label) => libraryPlayers.open(label, { ...FAST_HEARTBEATS, mode }), path);
      // Loopback round trips are a few ms, tens on a loaded machine: small enough to tell 150 ms more from noise.
      await Promise.all([answerPings(ada.player), answerPings(bo.player)]);
      const before = { ada: await quickestEchoMs(ada, bo), bo: await quickestEchoMs(bo, ada) };
      expect(before.ada).toBeLessThan(100);
      expect(before.bo).toBeLessThan(100);

      await ada.player.setConditions({ latencyMs: ADDED_LATENCY_MS });
      expect(await ada.player.getConditions()).toEqual({ latencyMs: ADDED_LATENCY_MS, jitterMs: 0, lossPercent: 0 });
      // Half the latency on the way out of Ada, half on the way in: Bo's pings to Ada wait as long as Ada's to Bo.
      for (const [viewer, other, baseline] of [
        [ada, bo, before.ada],
        [bo, ada, before.bo],
      ] as const) {
        // What the library reports: the heartbeat's smoothed RTT climbs to carry the added latency.
        await expect
          .poll(() => rttOf(viewer, other), {
            message: `${viewer.player.label}'s RTT to ${other.player.label} carries the added ${ADDED_LATENCY_MS} ms`,
          })
          .toBeGreaterThan(ADDED_LATENCY_MS - 10);
        // Applied once on each side, not twice: every event's round trip carries the added latency, a floor whatever
        // the load, and the quickest of a few comes well under twice it (doubled, not one could). Polled because on a
        // busy machine all five of one try can be slow.
        expect(await quickestEchoMs(viewer, other)).toBeGreaterThanOrEqual(ADDED_LATENCY_MS - 2);
        await expect
          .poll(async () => (await quickestEchoMs(viewer, other)) - baseline, {
            message: `${viewer.player.label}'s quickest event round trip rose by less than twice the added latency`,
          })
          .toBeLessThan(ADDED_LATENCY_MS * 1.5);
      }
      expect((await ada.player.link(bo.id))?.path).toBe(path);

      await ada.player.setConditions(null);
      expect(await ada.player.getConditions()).toBeNull();
      await expect
        .poll(() => rttOf(ada, bo), { message: "Ada's RTT falls back once the conditions are cleared" })
        .toBeLessThan(ADDED_LATENCY_MS - 50);
    });
  }

  test("under jitter and loss, events still arrive exactly once and in order, and only state is lost", async ({
    libraryPlayers,
  }) => {
    const [ada, bo] = await seatPair((label) => libraryPlayers.open(label), "webrtc");
    await ada.player.setConditions({ latencyMs: 60, jitterMs: 80, lossPercent: 30 });

    await ada.player.sendNumbered("chat", 0, 50);
    await bo.player.sendNumbered("chat", 0, 50);
    await expectExactlyOnceInOrder(bo, ada, "chat", 50);
    await expectExactlyOnceInOrder(ada, bo, "chat", 50);

    // 200 snapshots each way, sent as fast as the page can: about 30% of each stream is dropped at Ada.
    const SENT = 200;
    for (const sender of [ada, bo]) {
      await sender.player.page.evaluate((count) => {
        for (let n = 0; n < count; n++) window.rallypoint.net.sendState({ n });
      }, SENT);
    }
    await waitDeliberately(ada.player.page, 1000, "the slowest snapshot waits at most 70 ms; slack for the machine");
    for (const [receiver, sender] of [
      [bo, ada],
      [ada, bo],
    ] as const) {
      const arrived = (await receiver.player.statesFrom(sender.id)).length / SENT;
      expect(arrived, `share of ${sender.player.label}'s snapshots ${receiver.player.label} got`).toBeGreaterThan(0.5);
      expect(arrived, `share of ${sender.player.label}'s snapshots ${receiver.player.label} got`).toBeLessThan(0.9);
    }
  });

  test("is off by default, and refuses bad values with an error that names the field and its range", async ({
    libraryPlayers,
  }) => {
    const ada = await libraryPlayers.open("Ada");
    expect(await ada.getConditions()).toBeNull();
    expect(await ada.setConditionsError({ latencyMs: -5 })).toEqual({
      name: "RangeError",
      message: "latencyMs must be from 0 to 5000, got -5",
    });
    expect(await ada.setConditionsError({ lossPercent: 150 })).toMatchObject({ name: "RangeError" });
    const typo = await ada.setConditionsError({ latency: 100 });
    expect(typo?.name).toBe("TypeError");
    expect(typo?.message).toContain("Unknown network condition latency: use latencyMs, jitterMs, lossPercent");
    expect(await ada.setConditionsError({ jitterMs: "lots" })).toMatchObject({ name: "TypeError" });
    expect(await ada.getConditions()).toBeNull();
    await ada.setConditions({ lossPercent: 5 });
    expect(await ada.getConditions()).toEqual({ latencyMs: 0, jitterMs: 0, lossPercent: 5 });
    await ada.setConditions({ latencyMs: 0, jitterMs: 0, lossPercent: 0 });
    expect(await ada.getConditions()).toBeNull();
  });
});
