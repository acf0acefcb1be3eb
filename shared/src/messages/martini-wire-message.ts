import * as z from "zod/mini";

/** Every message type of martini-kit's transport contract (@martini-kit/core 0.1.1). */
export const MARTINI_WIRE_MESSAGE_TYPES = [
  "state_sync",
  "action",
  "player_join",
  "player_leave",
  "event",
  "heartbeat",
  "host_migration",
  "host_query",
  "host_announce",
] as const;

/** A martini-kit message from a peer, as the martini adapter validates it. Loose: martini allows extra properties. */
export const MartiniWireMessage = z.looseObject({
  type: z.enum(MARTINI_WIRE_MESSAGE_TYPES),
  payload: z.optional(z.unknown()),
  senderId: z.optional(z.string()),
  timestamp: z.optional(z.number()),
  sessionId: z.optional(z.string()),
  newHost: z.optional(z.string()),
  hostId: z.optional(z.string()),
});
