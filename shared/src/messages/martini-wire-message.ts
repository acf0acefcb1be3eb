import { z } from "zod";

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
  payload: z.unknown().optional(),
  senderId: z.string().optional(),
  timestamp: z.number().optional(),
  sessionId: z.string().optional(),
  newHost: z.string().optional(),
  hostId: z.string().optional(),
});
