import type { LibraryPlayer } from "../support/library-player.js";

/** Round trips of game events, as a game would see them: sent with sendEvent, answered with sendEvent. */
export interface EchoResult {
  rttsMs: number[];
  /** The paths the answers came back on. */
  vias: string[];
  /** Pings that got no answer within the timeout. */
  lost: number;
}

/** Makes `player` answer every `lab-ping` event with a `lab-pong` carrying the same payload, to the sender. */
export async function answerPings(player: LibraryPlayer): Promise<void> {
  await player.page.evaluate(() => {
    const { net } = window.rallypoint;
    net.on("event", (event) => {
      const { from, type, payload } = event as { from: string; type: string; payload: unknown };
      if (type === "lab-ping") net.sendEvent("lab-pong", payload, from);
    });
  });
}

/** Sends `count` pings to `peerId` one after the other (each waits for its answer) and times them in the page. */
export async function echoRoundTrips(
  player: LibraryPlayer,
  peerId: string,
  count: number,
  timeoutMs = 5_000,
): Promise<EchoResult> {
  return player.page.evaluate(
    async ({ peerId, count, timeoutMs }) => {
      const { net } = window.rallypoint;
      const result = { rttsMs: [] as number[], vias: [] as string[], lost: 0 };
      for (let n = 0; n < count; n++) {
        const id = `${String(Date.now())}-${String(n)}`;
        const answered = new Promise<string | null>((resolve) => {
          const timer = setTimeout(() => {
            stop();
            resolve(null);
          }, timeoutMs);
          const stop = net.on("event", (event) => {
            const { from, type, payload, via } = event as { from: string; type: string; payload: unknown; via: string };
            if (from !== peerId || type !== "lab-pong" || payload !== id) return;
            clearTimeout(timer);
            stop();
            resolve(via);
          });
        });
        const sentAt = performance.now();
        net.sendEvent("lab-ping", id, peerId);
        const via = await answered;
        if (via === null) result.lost++;
        else {
          result.rttsMs.push(performance.now() - sentAt);
          result.vias.push(via);
        }
      }
      return result;
    },
    { peerId, count, timeoutMs },
  );
}

/** Starts recording when each state from `peerId` arrives (performance.now()), with its sequence number and path. */
export async function recordStateArrivals(player: LibraryPlayer, peerId: string): Promise<void> {
  await player.page.evaluate((peerId) => {
    const arrivals: { seq: number; at: number; via: string }[] = [];
    window.rallypoint.net.on("state", (state) => {
      const { from, seq, via } = state as { from: string; seq: number; via: string };
      if (from === peerId) arrivals.push({ seq, at: performance.now(), via });
    });
    (window as unknown as { labArrivals: typeof arrivals }).labArrivals = arrivals;
  }, peerId);
}

/** The arrivals recorded since `recordStateArrivals`. */
export async function stateArrivals(player: LibraryPlayer): Promise<{ seq: number; at: number; via: string }[]> {
  return player.page.evaluate(
    () => (window as unknown as { labArrivals: { seq: number; at: number; via: string }[] }).labArrivals,
  );
}

/** The interpolation counters of `peerId` in `player`'s view (underruns and samples so far). */
export async function interpolationCounters(
  player: LibraryPlayer,
  peerId: string,
): Promise<{ underruns: number; samples: number } | undefined> {
  return player.page.evaluate((peerId) => {
    const stats = window.rallypoint.net.getRemoteStats(peerId) as { underruns?: number; samples?: number } | undefined;
    return stats && { underruns: stats.underruns ?? 0, samples: stats.samples ?? 0 };
  }, peerId);
}

/** The median of some numbers (NaN for none). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of some numbers (NaN for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
