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

test("state the server batches reaches each browser from both senders, in order, and is drawn from both", async ({
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
      // Each sender's states, unpacked from the batches, arrive in its order and none of another's in its place.
      const seqs = (await viewer.player.statesFrom(mover.id)).map((state) => (state as { seq?: number }).seq ?? NaN);
      expect(seqs.length).toBeGreaterThan(20);
      expect(seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] ?? Infinity))).toBe(true);
      // And the viewer draws the mover from them: on the circle it moves along (radius 100). How closely in time is
      // a figure for benchmarks (bench:sync, the lab): three animating pages on two loaded cores stall too much for a
      // bound here (seen in CI: median errors of 6 units with a busy core).
      const result = await viewer.player.trackCircle(mover.id, RADIUS, PERIOD_MS, 1_000);
      test.info().annotations.push({ type: "tracking", description: JSON.stringify(result) });
      expect(result.samples, JSON.stringify(result)).toBeGreaterThan(10);
      const radius = await viewer.player.page.evaluate((id) => {
        const position = window.rallypoint.net.getRemoteState(id)?.position as number[] | undefined;
        return Math.hypot(position?.[0] ?? 0, position?.[1] ?? 0);
      }, mover.id);
      expect(Math.abs(radius - RADIUS)).toBeLessThan(RADIUS / 10);
    }
    // The states above came in batches (each of which also reached its senders, who skip their own). Polled while
    // both keep moving: on a busy machine the pages send fewer states, so fewer coincide within a tick (20 at the
    // end of a CI run with a busy core, 168 on an idle machine).
    await expect
      .poll(() => batchedStates(server), { message: "state messages relayed in batches", timeout: 30_000 })
      .toBeGreaterThan(20);
  } finally {
    await Promise.all(players.map((player) => player.close()));
    await server.close();
  }
});
