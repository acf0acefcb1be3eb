import { expect, test } from "../support/fixtures.js";
import { LibraryPlayer } from "../support/library-player.js";
import { expectExactlyOnceInOrder, seatAll, type Seat } from "../support/mesh.js";
import { startServer, type ServerProcess } from "../support/server-process.js";

/** No Redis: the rooms survive the restart only through the session secret and the players' views of their room. */
const env = { SESSION_SECRET: "e2e-session-secret-of-at-least-32-characters", RESUME_GRACE_MS: "15000" };

test.describe("a server restart with no Redis", () => {
  test("SIGTERM and a new process on the same port: both players resume, same ids and host, events keep flowing", async ({
    browser,
  }) => {
    const servers: ServerProcess[] = [await startServer(env)];
    const players: LibraryPlayer[] = [];
    try {
      const first = servers[0] as ServerProcess;
      // The relay carries everything, so every event after the restart went through the new process.
      for (const label of ["Ada", "Bo"]) {
        players.push(await LibraryPlayer.open(browser, first.url, label, { mode: "SIGNALING_ONLY" }));
      }
      const seats = await seatAll(players);
      const [ada, bo] = seats as [Seat, Seat];
      for (const { player } of seats) await player.startStreaming("n", 50);
      await expect.poll(async () => (await bo.player.received(ada.id, "n")).length).toBeGreaterThan(5);

      await first.close();
      servers.push(await startServer({ ...env, PORT: new URL(first.url).port }));

      for (const seat of seats) {
        await expect.poll(async () => (await seat.player.lifecycle("resumed")).length, { timeout: 10_000 }).toBe(1);
        const [resumed] = await seat.player.lifecycle("resumed");
        expect(resumed?.value).toMatchObject({ selfId: seat.id, hostId: ada.id });
        expect(await seat.player.lifecycle("disconnected")).toEqual([]);
      }
      expect(await ada.player.lifecycle("peer-left")).toEqual([]);
      const before = (await ada.player.received(bo.id, "n")).length;
      await expect.poll(async () => (await ada.player.received(bo.id, "n")).length).toBeGreaterThan(before + 5);

      const sent = await Promise.all(seats.map(({ player }) => player.stopStreaming()));
      await expectExactlyOnceInOrder(bo, ada, "n", sent[0] ?? 0);
      await expectExactlyOnceInOrder(ada, bo, "n", sent[1] ?? 0);
    } finally {
      await Promise.all(players.map((player) => player.close()));
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
