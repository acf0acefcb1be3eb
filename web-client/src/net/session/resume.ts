import type { RoomJoined } from "@rallypoint/protocol";
import type { RoomViewChange } from "../transport/signaling-session.js";
import type { RoomInfo } from "../network-events.js";

/** What to do, in this order, once this member's seat is back after its connection to the server dropped. */
export type ResumeAction =
  | { type: "room-changed"; change: RoomViewChange }
  /** Our PeerJS endpoint lost its signaling socket: no dial gets through it, so start a new one. */
  | { type: "restart-webrtc" }
  /**
   * Every pair starts over on the relay, resends what is unacknowledged and upgrades again (PeerLink.restart), and
   * what needs the server (clock sync, the page's visibility) starts again.
   */
  | { type: "start-over" };

/**
 * The resume decision, pure like the link policy's `decide()`: from the room as this member knew it before the drop
 * and the room the server gave back, what happened meanwhile as the server events that would have told it
 * (members gone, reason `timeout`; members new; a new host, last, after the pairs started over), and what to restart.
 */
export function decideResume(known: RoomInfo, resumed: RoomJoined, webrtcLost: boolean): ResumeAction[] {
  const now = new Set(resumed.members.map((member) => member.id));
  const before = new Set(known.members.map((member) => member.id));
  const actions: ResumeAction[] = [];
  const changed = (change: RoomViewChange): number => actions.push({ type: "room-changed", change });
  for (const { id } of known.members) {
    if (id !== known.selfId && !now.has(id)) changed(["peer:left", { id, reason: "timeout" }]);
  }
  for (const member of resumed.members) if (!before.has(member.id)) changed(["peer:joined", member]);
  if (webrtcLost) actions.push({ type: "restart-webrtc" });
  actions.push({ type: "start-over" });
  if (resumed.hostId !== known.hostId) changed(["host:changed", { hostId: resumed.hostId }]);
  return actions;
}
