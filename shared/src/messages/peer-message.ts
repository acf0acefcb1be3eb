import { z } from "zod";
import { Limits } from "../limits.js";

/**
 * What one player sends another, on a data channel or through the relay alike. Peers are untrusted:
 * every receiver parses with this schema before acting on a message.
 */
export const GameEventMessage = z.object({
  type: z.literal("event"),
  name: z.string().min(1).max(Limits.maxEventTypeLength),
  payload: z.unknown(),
});
export type GameEventMessage = z.infer<typeof GameEventMessage>;

export const PeerMessage = z.discriminatedUnion("type", [GameEventMessage]);
export type PeerMessage = z.infer<typeof PeerMessage>;
