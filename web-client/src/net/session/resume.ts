import type { RoomJoined } from "@rallypoint/protocol";
import type { RoomViewChange } from "../transport/signaling-session.js";
import type { RoomInfo } from "../network-events.js";

/**
 * What to do, in this order, once this member's seat is back after its connection to the server dropped: a change of
 * the room it missed (as the server event that would have told it), or
 * - `restart-webrtc`: our PeerJS endpoint lost its signaling socket, so no dial gets through it: start a new one;
 * - `start-over`: every pair starts over on the relay, resends what is unacknowledged and upgrades again
 *   (PeerLink.restart), and what needs the server (clock sync, the page's visibility) starts again.
 */
export type ResumeAction = RoomViewChange | ["restart-webrtc"] | ["start-over"];

/**
 * The resume decision, pure like the link policy's `decide()`: from the room as this member knew it before the drop
 * and the room the server gave back, what happened meanwhile (members gone, reason `timeout`; members new; a new
 * host, last, after the pairs started over), and what to restart.
 */
export function decideResume(known: RoomInfo, resumed: RoomJoined, webrtcLost: boolean): ResumeAction[] {
  const now = new Set(resumed.members.map((member) => member.id));
  const before = new Set(known.members.map((member) => member.id));
  const actions: ResumeAction[] = [];
  for (const { id } of known.members) {
    if (id !== known.selfId && !now.has(id)) actions.push(["peer:left", { id, reason: "timeout" }]);
  }
  for (const member of resumed.members) if (!before.has(member.id)) actions.push(["peer:joined", member]);
  if (webrtcLost) actions.push(["restart-webrtc"]);
  actions.push(["start-over"]);
  if (resumed.hostId !== known.hostId) actions.push(["host:changed", { hostId: resumed.hostId }]);
  return actions;
}
