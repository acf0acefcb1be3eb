import { expect } from "@playwright/test";
import type { LibraryPlayer, LinkSnapshot } from "./library-player.js";

/** A player in a room with its member id. */
export interface Seat {
  player: LibraryPlayer;
  id: string;
}

/** The first player creates a room, the others join it in order. */
export async function seatAll(players: LibraryPlayer[]): Promise<Seat[]> {
  const [first, ...rest] = players;
  if (!first) throw new Error("seatAll needs at least one player");
  const room = await first.createRoom();
  const seats: Seat[] = [{ player: first, id: room.selfId }];
  for (const player of rest) seats.push({ player, id: (await player.joinRoom(room.code)).selfId });
  return seats;
}

/** Opens one library player per label and seats them in one room, the first as its creator. */
export async function openRoom(
  libraryPlayers: { open(label: string): Promise<LibraryPlayer> },
  ...labels: string[]
): Promise<Seat[]> {
  const players: LibraryPlayer[] = [];
  for (const label of labels) players.push(await libraryPlayers.open(label));
  return seatAll(players);
}

/** label -> other label -> `path/state`, as each player sees each link. */
async function linkMatrix(
  seats: Seat[],
  describe: (link: LinkSnapshot) => string,
): Promise<Record<string, Record<string, string>>> {
  const rows = await Promise.all(
    seats.map(async (viewer) => {
      const links = await viewer.player.links();
      const byId = new Map<string, LinkSnapshot>(links.map((link) => [link.peerId, link]));
      const row = Object.fromEntries(
        seats
          .filter((other) => other !== viewer)
          .map((other) => {
            const link = byId.get(other.id);
            return [other.player.label, link ? describe(link) : "absent"];
          }),
      );
      return [viewer.player.label, row] as const;
    }),
  );
  return Object.fromEntries(rows);
}

/**
 * Waits until every link reads as `expected(viewer, other)`, showing the whole matrix on failure: `path/state`
 * (e.g. "webrtc/webrtc"), or just the path when the expectation has no slash (e.g. "relay").
 */
export async function expectLinks(
  seats: Seat[],
  expected: (viewer: Seat, other: Seat) => string,
  timeout?: number,
): Promise<void> {
  const describe = (link: LinkSnapshot): string => `${link.path}/${link.state}`;
  const want = Object.fromEntries(
    seats.map((viewer) => [
      viewer.player.label,
      Object.fromEntries(
        seats.filter((other) => other !== viewer).map((other) => [other.player.label, expected(viewer, other)]),
      ),
    ]),
  );
  const pathOnly = (link: LinkSnapshot): string => link.path;
  const pathsOnly = Object.values(want).every((row) => Object.values(row).every((value) => !value.includes("/")));
  await expect
    .poll(() => linkMatrix(seats, pathsOnly ? pathOnly : describe), {
      message: "each player's view of each link (path/state)",
      timeout,
    })
    .toEqual(want);
}

/** Waits until `receiver` has `count` events of `type` from `sender`, then checks they are exactly 0..count-1 in order. */
export async function expectExactlyOnceInOrder(
  receiver: Seat,
  sender: Seat,
  type: string,
  count: number,
): Promise<void> {
  const label = `${type} events ${sender.player.label} -> ${receiver.player.label}`;
  await expect
    .poll(async () => (await receiver.player.received(sender.id, type)).length, { message: label })
    .toBeGreaterThanOrEqual(count);
  expect(await receiver.player.received(sender.id, type), label).toEqual(Array.from({ length: count }, (_, n) => n));
}

/**
 * Waits until `viewer` draws `mover` from a settled view: its clock is synchronized with the server, and it has
 * interpolated `mover` from a full second of snapshots (20 at the default 20 Hz), so the adaptive delay has had
 * them to adapt to. On a busy machine that takes longer than a second, which is why it is polled, not slept.
 */
export async function expectSettledView(viewer: Seat, mover: Seat, snapshots = 20): Promise<void> {
  await expect
    .poll(
      () =>
        viewer.player.page.evaluate(
          ({ moverId, snapshots }) => {
            const { net, states } = window.rallypoint;
            const received = (states as { from: string }[]).filter((state) => state.from === moverId).length;
            return (
              net.getClockEstimate() !== null && net.getRemoteStats(moverId) !== undefined && received >= snapshots
            );
          },
          { moverId: mover.id, snapshots },
        ),
      { message: `${viewer.player.label}'s view of ${mover.player.label} settled` },
    )
    .toBe(true);
}
