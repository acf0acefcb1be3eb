import { expect } from "@playwright/test";
import type { LibraryPlayer } from "../support/library-player.js";
import { expectExactlyOnceInOrder, expectLinks, type Seat } from "../support/mesh.js";
import { expectedPath, expectedTurnTransport, type PairPath } from "./expected-path.js";
import { iceTrace } from "./ice-trace.js";
import type { IceOffer } from "./lab-services.js";
import type { PairResult } from "./lab-result.js";
import type { NatType } from "./nat.js";
import { answerPings, echoRoundTrips } from "../support/echo-probes.js";
import { median } from "./page-probes.js";

/** The library's default WebRTC open timeout: a pair that cannot connect settles on the relay after it. */
export const OPEN_TIMEOUT_MS = 5_000;
/** The bound: a pair has its working path within 3 s of joining (plus the open timeout for the relay). */
export const CONNECT_BOUND_MS = 3_000;
const EVENTS_PER_SENDER = 20;
const ROUND_TRIPS = 10;

/** A player in a lab room: its seat, its router's NAT type, and when (page clock, ms since the epoch) it joined. */
export interface LabSeat extends Seat {
  nat: NatType;
  joinedAt: number;
}

/** The first player creates a room, the others join in order; each seat knows when its player joined. */
export async function seatInRoom(players: readonly { player: LibraryPlayer; nat: NatType }[]): Promise<LabSeat[]> {
  const [first, ...rest] = players;
  if (!first) throw new Error("seatInRoom needs at least one player");
  const room = await first.player.createRoom();
  const createdAt = await first.player.page.evaluate(() => window.rallypoint.joinedAt);
  const seats: LabSeat[] = [{ ...first, id: room.selfId, joinedAt: createdAt }];
  for (const { player, nat } of rest) {
    const joined = await player.joinRoom(room.code);
    seats.push({ player, nat, id: joined.selfId, joinedAt: joined.joinedAt });
  }
  return seats;
}

/**
 * For every pair in the room: waits for the link to settle on both sides, and asserts it settled on the path
 * `predict` says (by default, what the two NAT types allow: WebRTC direct or via TURN, or the relay), recording how
 * long that took against the bound; then every player sends numbered events to all, and each must arrive
 * exactly once, in order, over that path; then 10 event round trips are timed. Returns one result per pair.
 */
export async function checkPairs(
  seats: readonly LabSeat[],
  ice: IceOffer,
  scope: string,
  predict: (a: LabSeat, b: LabSeat) => PairPath = (a, b) => expectedPath(a.nat, b.nat, ice),
): Promise<PairResult[]> {
  const pairs = seats.flatMap((a, i) => seats.slice(i + 1).map((b) => [a, b] as const));
  const expected = new Map(pairs.map(([a, b]) => [pairKey(a, b), predict(a, b)]));
  const pathOf = (a: LabSeat, b: LabSeat): "webrtc" | "relay" =>
    expected.get(pairKey(a, b)) === "relay" ? "relay" : "webrtc";

  const connectMs = new Map<string, number>();
  const boundMs = new Map<string, number>();
  for (const [a, b] of pairs) {
    const isRelay = pathOf(a, b) === "relay";
    const settled = isRelay ? "failed-webrtc" : "webrtc";
    const bound = CONNECT_BOUND_MS + (isRelay ? OPEN_TIMEOUT_MS : 0);
    const joinedAt = Math.max(a.joinedAt, b.joinedAt);
    let slowest = 0;
    await explainingIce([a, b], joinedAt, async () => {
      for (const [viewer, other] of [
        [a, b],
        [b, a],
      ] as const) {
        const what = `${viewer.player.label} -> ${other.player.label}: join to ${settled}, ms`;
        await expect
          .poll(() => viewer.player.firstReached(other.id, settled), { message: what, timeout: bound + 10_000 })
          .not.toBeNull();
        const elapsed = ((await viewer.player.firstReached(other.id, settled)) ?? Infinity) - joinedAt;
        slowest = Math.max(slowest, elapsed);
        // How fast is the goal, reported with the matrix (matrix-report.ts), not asserted: with a busy core
        // a first attempt through TURN can outlast the open timeout, and the retry still settles on the right path.
        if (elapsed > bound) {
          const history = await linkHistory(viewer, other, joinedAt);
          console.log(`${what}: ${elapsed} > ${bound}; ${history}\n${await iceTrace(viewer.player.page, joinedAt)}`);
        }
      }
    });
    connectMs.set(pairKey(a, b), slowest);
    boundMs.set(pairKey(a, b), bound);
  }
  await expectLinks([...seats], (viewer, other) => pathOf(viewer as LabSeat, other as LabSeat));

  // On WebRTC, both sides must see the route the NAT types allow: a direct pair that went through TURN would
  // still work, but would cost a TURN server's bandwidth and a detour. The route is learned just after opening.
  // Where a network lets only one way out, the side behind it must reach TURN that way (e.g. TLS on 443).
  const routes = new Map<string, "direct" | "turn" | null>();
  const transports = new Map<string, PairResult["turnTransport"]>();
  for (const [a, b] of pairs) {
    const want = expected.get(pairKey(a, b));
    const route = want === "direct" || want === "turn" ? want : null;
    await explainingIce([a, b], Math.max(a.joinedAt, b.joinedAt), async () => {
      for (const [viewer, other] of [
        [a, b],
        [b, a],
      ] as const) {
        await expect
          .poll(async () => (await viewer.player.link(other.id))?.webrtcRoute, {
            message: `${viewer.player.label} -> ${other.player.label}: webrtcRoute`,
          })
          .toBe(route);
        const transport = route === "turn" ? expectedTurnTransport(viewer.nat, ice) : null;
        if (transport === null) continue;
        await expect
          .poll(async () => (await viewer.player.link(other.id))?.turnTransport, {
            message: `${viewer.player.label} -> ${other.player.label}: turnTransport`,
          })
          .toBe(transport);
      }
    });
    routes.set(pairKey(a, b), route);
    const [linkA, linkB] = await Promise.all([a.player.link(b.id), b.player.link(a.id)]);
    transports.set(pairKey(a, b), { a: linkA?.turnTransport ?? null, b: linkB?.turnTransport ?? null });
  }

  for (const sender of seats) await sender.player.sendNumbered("n", 0, EVENTS_PER_SENDER);
  for (const receiver of seats) {
    for (const sender of seats) {
      if (sender === receiver) continue;
      await expectExactlyOnceInOrder(receiver, sender, "n", EVENTS_PER_SENDER);
      const vias = (await receiver.player.receivedEvents())
        .filter((event) => event.from === sender.id && event.type === "n")
        .map((event) => event.via);
      expect(new Set(vias), `${sender.player.label} -> ${receiver.player.label}: paths`).toEqual(
        new Set([pathOf(sender, receiver)]),
      );
    }
  }

  for (const seat of seats) await answerPings(seat.player);
  const results: PairResult[] = [];
  for (const [a, b] of pairs) {
    const echo = await echoRoundTrips(a.player, b.id, ROUND_TRIPS);
    expect(echo.lost, `${a.player.label} <-> ${b.player.label}: unanswered pings`).toBe(0);
    expect(new Set(echo.vias)).toEqual(new Set([pathOf(a, b)]));
    results.push({
      kind: "pair",
      scope,
      ice,
      a: a.nat,
      b: b.nat,
      expected: expected.get(pairKey(a, b)) ?? "direct",
      path: pathOf(a, b),
      route: routes.get(pairKey(a, b)) ?? null,
      turnTransport: transports.get(pairKey(a, b)) ?? { a: null, b: null },
      connectMs: connectMs.get(pairKey(a, b)) ?? NaN,
      connectBoundMs: boundMs.get(pairKey(a, b)) ?? NaN,
      rttMs: Math.round(median(echo.rttsMs) * 100) / 100,
    });
  }
  return results;
}

/** `+ms state` for each change of `viewer`'s link to `other`, counted from `since`. */
async function linkHistory(viewer: Seat, other: Seat, since: number): Promise<string> {
  const changes = await viewer.player.page.evaluate(
    (peerId) =>
      (window.rallypoint.linkChanges as { peerId: string; state: string; at: number }[]).filter(
        (change) => change.peerId === peerId,
      ),
    other.id,
  );
  return changes.map((change) => `+${String(change.at - since)} ${change.state}`).join(", ");
}

/** Runs `check`; when it fails, the error also shows what ICE did in both players' pages since `since`. */
async function explainingIce(seats: readonly LabSeat[], since: number, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const traces = await Promise.all(
      seats.map(async ({ player }) => {
        const trace = await iceTrace(player.page, since).catch(() => "  (no page to read it from)");
        return `ICE in ${player.label}'s page, ms from the later join:\n${trace}`;
      }),
    );
    throw new Error(`${(error as Error).message}\n${traces.join("\n")}`, { cause: error });
  }
}

function pairKey(a: Seat, b: Seat): string {
  return [a.id, b.id].sort().join(" ");
}
