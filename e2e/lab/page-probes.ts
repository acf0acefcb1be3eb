import type { LibraryPlayer } from "../support/library-player.js";

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
