import type { MemberId } from "@rallypoint/protocol";
import type { Room } from "./room.js";

/**
 * Hands the host role away from a host whose page has been hidden too long, to the oldest member that is connected
 * (its seat not held), visible, and a player (never a spectator). Nothing changes when `from` is no longer the host (someone else moved it first)
 * or when no such member exists: a hidden host still beats no host. Returns the new host, or null.
 */
export function handOffHiddenHost(
  room: Room | undefined,
  from: MemberId,
  hidden: ReadonlySet<MemberId>,
): MemberId | null {
  if (!room || room.hostId !== from) return null;
  const next = room.members.find(
    (member) => member.id !== from && !member.spectator && !hidden.has(member.id) && !room.isHeld(member.id),
  );
  if (!next) return null;
  room.hostId = next.id;
  return next.id;
}
