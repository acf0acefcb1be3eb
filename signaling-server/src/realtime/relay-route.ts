import type { MemberId, RelaySend } from "@rallypoint/protocol";
import type { RoomStore } from "../rooms/room-store.js";
import { memberChannel, roomChannel } from "./types.js";

/** The Socket.IO channels a relay:send reaches, or the first id it names that is not another member of the room. */
export type RelayRoute = { channels: string[] } | { unknownId: MemberId };

/**
 * Where a relay:send from `senderId` goes: its room's channel for `to: null` (the sender is excluded when emitting),
 * else the channel of each member named. Names are checked against one read of the room's members, however many.
 */
export async function relayRoute(
  registry: RoomStore,
  roomCode: string,
  senderId: MemberId,
  to: RelaySend["to"],
): Promise<RelayRoute> {
  if (to === null) return { channels: [roomChannel(roomCode)] };
  const named = typeof to === "string" ? [to] : to;
  const members = new Set(await registry.memberIds(roomCode));
  members.delete(senderId);
  const unknownId = named.find((id) => !members.has(id));
  return unknownId === undefined ? { channels: named.map(memberChannel) } : { unknownId };
}
