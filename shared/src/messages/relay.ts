import { z } from "zod";
import { Limits } from "../limits.js";
import { MemberId } from "./room.js";

/** `state` carries latest-wins snapshots, `event` carries reliable game events. */
export const RelayChannel = z.enum(["state", "event"]);
export type RelayChannel = z.infer<typeof RelayChannel>;

/** A game message a member asks the server to forward: to one member, or to every other member (`to: null`). */
export const RelaySend = z.object({
  to: MemberId.nullable(),
  channel: RelayChannel,
  data: z.unknown(),
});
export type RelaySend = z.infer<typeof RelaySend>;

/** What the receiver gets; `from` is set by the server, so a member cannot speak for another. */
export const RelayMessage = z.object({
  from: MemberId,
  channel: RelayChannel,
  data: z.unknown(),
});
export type RelayMessage = z.infer<typeof RelayMessage>;

/**
 * The decoded body of a `relay:batch`: state messages as `[from, data]` pairs, in the order the server relayed them.
 * Only binary state is batched, so `data` is always bytes.
 */
export const RelayBatch = z
  .array(
    z.tuple([
      MemberId,
      z.instanceof(Uint8Array).refine((data) => data.byteLength <= Limits.maxRelayPayloadBytes, "Relay data too large"),
    ]),
  )
  .min(1)
  .max(Limits.maxRelayBatchMessages);
export type RelayBatch = z.infer<typeof RelayBatch>;
