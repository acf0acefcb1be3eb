import type { LibraryPlayer } from "./library-player.js";

/** Round trips of game events, as a game would see them: sent with sendEvent, answered with sendEvent. */
export interface EchoResult {
  rttsMs: number[];
  /** The paths the answers came back on. */
  vias: string[];
  /** Pings that got no answer within the timeout. */
  lost: number;
}

/** Makes `player` answer every `echo-ping` event with a `echo-pong` carrying the same payload, to the sender. */
export async function answerPings(player: LibraryPlayer): Promise<void> {
  await player.page.evaluate(() => {
    const { net } = window.rallypoint;
    net.on("event", (event) => {
      const { from, type, payload } = event as { from: string; type: string; payload: unknown };
      if (type === "echo-ping") net.sendEvent("echo-pong", payload, from);
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
            if (from !== peerId || type !== "echo-pong" || payload !== id) return;
            clearTimeout(timer);
            stop();
            resolve(via);
          });
        });
        const sentAt = performance.now();
        net.sendEvent("echo-ping", id, peerId);
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
