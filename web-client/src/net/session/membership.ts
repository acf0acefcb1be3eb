import { nextRoomView, type RoomViewChange } from "../transport/signaling-session.js";
import type { RoomInfo } from "../network-events.js";

/** What one change of the room means for this member, beside the room it leaves. */
export interface MembershipStep {
  room: RoomInfo;
  /** The host left: its newest state is worth keeping for the host change that follows. */
  hostLeft?: string;
  /** The role came to this member from this previous host: the game takes its authority over. */
  migratedFrom?: string;
}

/**
 * The membership and host reducer: the room after a server's `peer:joined`, `peer:left` or `host:changed` (members in
 * join order, a member already known joining twice changes nothing), and whether the host left or this member just
 * became host.
 */
export function nextMembership(room: RoomInfo, change: RoomViewChange): MembershipStep {
  const next = nextRoomView(room, change);
  const { hostId, selfId } = room;
  if (change[0] === "peer:left" && change[1].id === hostId) return { room: next, hostLeft: hostId };
  if (change[0] === "host:changed" && change[1].hostId === selfId && hostId !== selfId) {
    return { room: next, migratedFrom: hostId };
  }
  return { room: next };
}
