import { expect, test } from "@playwright/test";
import type { InterpolationSchema } from "@rallypoint/client";
import { LibraryPlayer } from "../support/library-player.js";
import { expectLinks, expectSettledView, seatAll, type Seat } from "../support/mesh.js";
import { startServer, type ServerProcess } from "../support/server-process.js";

/** Same motion and schema as state-sync.spec.ts: a 100-unit circle, positions in 1/100 units. */
const SCHEMA = {
  position: { type: "vector", velocity: "velocity", precision: 0.01 },
  velocity: "vector",
} satisfies InterpolationSchema;
const RADIUS = 100;
const PERIOD_MS = 4_000;
/**
 * The server batches state on a 25 ms tick: two players sending at 20 Hz then land in one `relay:batch` most of the
 * time, on an idle machine too (at the default, end of the event-loop turn, batches form only under load).
 */
const BATCH_TICK_MS = "25";

async function batchedStates(server: ServerProcess): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((row) => row.startsWith("relay_batched_messages_total "));
  return Number(line?.split(" ").pop() ?? NaN);
}

test("state the server batches reaches each browser from both senders, and remote motion stays smooth", async ({
  browser,
}) => {
  const server = await startServer({ RELAY_STATE_BATCH: BATCH_TICK_MS });
  const players: LibraryPlayer[] = [];
  try {
    const options = { mode: "SIGNALING_ONLY", stateSchema: SCHEMA } as const;
    for (const label of ["Ada", "Bo", "Watcher"]) {
      players.push(await LibraryPlayer.open(browser, server.url, label, options));
    }
    const seats = await seatAll(players);
    const [ada, bo, watcher] = seats as [Seat, Seat, Seat];
    await expectLinks(seats, () => "relay");

    await ada.player.startCircle(RADIUS, PERIOD_MS);
    await bo.player.startCircle(RADIUS, PERIOD_MS);
    for (const [viewer, mover] of [
      [watcher, ada],
      [watcher, bo],
      [ada, bo],
    ] as const)
      await expectSettledView(viewer, mover);
    for (const [viewer, mover] of [
      [watcher, ada],
      [watcher, bo],
      [ada, bo],
    ] as const) {
      const result = await viewer.player.trackCircle(mover.id, RADIUS, PERIOD_MS, 2_000);
      test.info().annotations.push({ type: "tracking", description: JSON.stringify(result) });
      // The median catches a view that is not interpolated (the newest snapshot shown, or the delay lagged: 8-16
      // units off nearly all the time, see state-sync.spec.ts). Not the 90th percentile: with three pages animating
      // on a loaded two-core machine, page stalls put over a tenth of the samples 10-70 units off (seen in CI), which
      // says how busy the machine was, not how well batched state interpolates.
      expect(result.samples, JSON.stringify(result)).toBeGreaterThan(40);
      expect(result.medianError, JSON.stringify(result)).toBeLessThan(3);
    }
    // The states above came in batches (each of which also reached its senders, who skip their own).
    expect(await batchedStates(server)).toBeGreaterThan(20);
  } finally {
    await Promise.all(players.map((player) => player.close()));
    await server.close();
  }
});
