import { expect, test } from "../support/fixtures.js";
import type { LibraryPlayer } from "../support/library-player.js";
import { expectExactlyOnceInOrder, seatAll, type Seat } from "../support/mesh.js";
import { waitDeliberately } from "../support/deliberate-wait.js";

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

/** Five RTT readings a heartbeat apart, lowest first. */
async function rttReadings(viewer: Seat, other: Seat): Promise<number[]> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(await rttOf(viewer, other));
    await waitDeliberately(viewer.player.page, FAST_HEARTBEATS.heartbeatIntervalMs, "one RTT reading per heartbeat");
  }
  return readings.sort((a, b) => a - b);
}

/**
 * The lowest of five readings, as the baseline: the RTT is smoothed, so right after the pair opens on a busy machine
 * it can still be coming down from its first samples, and a baseline taken then would hide part of the rise.
 */
async function quietestRtt(viewer: Seat, other: Seat): Promise<number> {
  return (await rttReadings(viewer, other))[0] ?? NaN;
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
      // Loopback RTTs are a few ms, tens on a loaded machine: small enough to tell 150 ms more from noise.
      await rttOf(ada, bo);
      await rttOf(bo, ada);
      const before = { ada: await quietestRtt(ada, bo), bo: await quietestRtt(bo, ada) };
      expect(before.ada).toBeLessThan(100);
      expect(before.bo).toBeLessThan(100);

      await ada.player.setConditions({ latencyMs: ADDED_LATENCY_MS });
      expect(await ada.player.getConditions()).toEqual({ latencyMs: ADDED_LATENCY_MS, jitterMs: 0, lossPercent: 0 });
      // Half the latency on the way out of Ada, half on the way in: Bo's pings to Ada wait as long as Ada's to Bo.
      // Every round trip now carries the added latency, so it is a floor whatever the machine's load; the rise above
      // the baseline is compared quietest reading to quietest reading, so a busy moment on either side of the change
      // does not count as latency.
      for (const [viewer, other, baseline] of [
        [ada, bo, before.ada],
        [bo, ada, before.bo],
      ] as const) {
        await expect
          .poll(() => rttOf(viewer, other), {
            message: `${viewer.player.label}'s RTT to ${other.player.label} carries the added ${ADDED_LATENCY_MS} ms`,
          })
          .toBeGreaterThan(ADDED_LATENCY_MS - 10);
        // Well under twice the latency: applied once on each side, not twice.
        expect((await quietestRtt(viewer, other)) - baseline).toBeLessThan(ADDED_LATENCY_MS * 1.6);
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
