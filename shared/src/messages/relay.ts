import * as z from "zod/mini";
import { Limits } from "../limits.js";
import { MemberId } from "./room.js";

/** `state` carries latest-wins snapshots, `event` carries reliable game events. */
export const RelayChannel = z.enum(["state", "event"]);
export type RelayChannel = z.infer<typeof RelayChannel>;

/**
 * Several members of the sender's room, each at most once: from 1 to every other member (players and spectators) of the largest room. One
 * send to a list costs the server one message however many it names, where a send per member costs one each.
 */
export const RelayRecipients = /* @__PURE__ */ z.array(MemberId).check(
  z.minLength(1),
  z.maxLength(Limits.maxRoomCapacity + Limits.maxSpectators - 1),
  z.refine((ids) => new Set(ids).size === ids.length, { message: "a member is listed twice" }),
);
export type RelayRecipients = z.infer<typeof RelayRecipients>;

/**
 * A game message a member asks the server to forward: to one member (`to: memberId`), to several (`to: [ids]`), or
 * to every other member (`to: null`). Every member named must be another member of the sender's room, or the whole
 * send is refused `unknown-peer` and nobody gets it.
 */
export const RelaySend = z.object({
  to: z.nullable(z.union([MemberId, RelayRecipients])),
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
      z
        .instanceof(Uint8Array)
        .check(z.refine((data) => data.byteLength <= Limits.maxRelayPayloadBytes, "Relay data too large")),
    ]),
  )
  .check(z.minLength(1), z.maxLength(Limits.maxRelayBatchMessages));
export type RelayBatch = z.infer<typeof RelayBatch>;
