import * as z from "zod/mini";

/**
 * time:sync, one NTP-style round trip. The client stamps `t0` on its own clock when it sends; the server answers
 * with `t0` echoed and `t1`, its Date.now() on receipt. The client stamps `t3` when the answer arrives and
 * estimates offset = t1 - (t0 + t3) / 2, good to within (t3 - t0) / 2.
 *
 * NTP sends two server stamps, t1 on receipt and t2 on reply, so that the server's time in between does not
 * count as network delay. Here the handler answers synchronously in the same tick it receives, so t2 - t1 is
 * below Date.now()'s 1 ms resolution: a second stamp would always equal the first, and t1 = t2 loses nothing.
 */
export const TimeSyncRequest = z.object({
  /** The client's send time, in ms on its own clock; only echoed, never interpreted by the server. */
  t0: z.number(),
});
export type TimeSyncRequest = z.infer<typeof TimeSyncRequest>;

export const TimeSyncReply = z.object({
  t0: z.number(),
  /** The server's Date.now() (ms since the epoch, whole ms) when the request arrived: the room's time base. */
  t1: z.number(),
});
export type TimeSyncReply = z.infer<typeof TimeSyncReply>;
