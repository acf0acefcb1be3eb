import * as z from "zod/mini";
import { Limits } from "../limits.js";

/**
 * What one player sends another, on a data channel or through the relay alike. Peers are untrusted:
 * every receiver parses with this schema before acting on a frame.
 */

/** A reliable game event, numbered per sender for exactly-once, in-order delivery across path switches. */
export const EventFrame = z.object({
  type: z.literal("event"),
  seq: z.number().check(z.int(), z.positive()),
  name: z.string().check(z.minLength(1), z.maxLength(Limits.maxEventTypeLength)),
  payload: z.unknown(),
});
export type EventFrame = z.infer<typeof EventFrame>;

/** Cumulative acknowledgement: every event up to and including `seq` arrived. */
export const AckFrame = z.object({ type: z.literal("ack"), seq: z.number().check(z.int(), z.nonnegative()) });
export type AckFrame = z.infer<typeof AckFrame>;

/**
 * A latest-wins state snapshot, sent unreliably. `seq` counts the sender's snapshots (receivers drop older ones than
 * they have); `time` is when it was taken, in the room's shared time base (`net.now()`, ms).
 */
export const StateFrame = z.object({
  type: z.literal("state"),
  seq: z.number().check(z.int(), z.nonnegative()),
  time: z.number(),
  payload: z.unknown(),
  /** The state jumped on purpose (respawn, portal): receivers snap to it instead of gliding. */
  teleport: z.optional(z.boolean()),
});
export type StateFrame = z.infer<typeof StateFrame>;

/** Heartbeat and RTT probe on the path in use; answered with a pong carrying the same id. */
export const PingFrame = z.object({ type: z.literal("ping"), id: z.number().check(z.int(), z.nonnegative()) });
export type PingFrame = z.infer<typeof PingFrame>;

export const PongFrame = z.object({ type: z.literal("pong"), id: z.number().check(z.int(), z.nonnegative()) });
export type PongFrame = z.infer<typeof PongFrame>;

/**
 * One piece of a reliable event too big for one frame. The event's body (the MessagePack of `[name, payload]`, `total`
 * bytes, at most Limits.maxEventBytes) is cut into pieces sent as chunk frames with consecutive sequence numbers: they
 * are acknowledged, resent and ordered like event frames, and the receiver joins the pieces in sequence order until it
 * has `total` bytes.
 */
export const ChunkFrame = z.object({
  type: z.literal("chunk"),
  seq: z.number().check(z.int(), z.positive()),
  total: z.number().check(z.int(), z.positive(), z.maximum(Limits.maxEventBytes)),
  piece: z
    .instanceof(Uint8Array)
    .check(z.refine((piece) => piece.byteLength > 0 && piece.byteLength <= Limits.maxFrameBytes, "Bad chunk size")),
});
export type ChunkFrame = z.infer<typeof ChunkFrame>;

export const PeerFrame = z.discriminatedUnion("type", [
  EventFrame,
  AckFrame,
  StateFrame,
  PingFrame,
  PongFrame,
  ChunkFrame,
]);
export type PeerFrame = z.infer<typeof PeerFrame>;
