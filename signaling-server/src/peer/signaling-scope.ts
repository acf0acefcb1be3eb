import { roomCodeOfMember } from "@rallypoint/protocol";
import type { IMessage, PeerServerEvents } from "peer";

/** What one member sends another through the PeerJS server; EXPIRE comes from the server itself. */
const MEMBER_TO_MEMBER = new Set(["OFFER", "ANSWER", "CANDIDATE", "LEAVE"]);
/** A type PeerJS has no handler for: a message renamed to it is dropped by PeerJS (and ignored by the bridge). */
const OUT_OF_ROOM = "RALLYPOINT-OUT-OF-ROOM";

/**
 * Keeps PeerJS signaling inside rooms: an OFFER, ANSWER, CANDIDATE or LEAVE whose destination is not in the
 * sender's room is dropped before PeerJS (or, with Redis, the bridge) routes it, so nobody can make a stranger's
 * browser build a peer connection by knowing its id. Member ids carry their room (scopedMemberId), so this needs no
 * lookup and holds on every process. PeerJS sets `src` to the sender's admitted id; only `dst` is the sender's word.
 * Must be registered before the bridge's listener, which routes what is still of a routed type.
 */
export function keepSignalingInRooms(events: PeerServerEvents, onDropped: () => void): void {
  events.on("message", (_client, message: IMessage) => {
    if (!MEMBER_TO_MEMBER.has(message.type)) return;
    const room = roomCodeOfMember(message.src);
    if (room !== undefined && room === roomCodeOfMember(message.dst)) return;
    (message as { type: string }).type = OUT_OF_ROOM;
    onDropped();
  });
}
