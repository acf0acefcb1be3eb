import {
  PROTOCOL_VERSION,
  type HostChanged,
  type Member,
  type PeerLeft,
  type ResumeRoomRequest,
  type RoomJoined,
  type RoomView,
} from "@rallypoint/protocol";

/** What it takes to come back to a room: kept from the last RoomJoined, the room view kept up to date. */
export interface SignalingSession {
  code: string;
  memberId: string;
  resumeToken: string;
  resumeGraceMs: number;
  /**
   * The room as this member sees it, members in join order. Sent with `room:resume`: a server that restarted
   * without the room (no Redis) puts it back from this view, so it follows every join, leave and host change.
   */
  room: RoomView;
}

/** The server events that change what a member knows of its room, with their payloads. */
export type RoomViewChange = ["peer:joined", Member] | ["peer:left", PeerLeft] | ["host:changed", HostChanged];

/** The session a RoomJoined (or a resume's answer) starts. */
export function sessionOf(joined: RoomJoined): SignalingSession {
  const { code, selfId: memberId, resumeToken, resumeGraceMs } = joined;
  const room = { hostId: joined.hostId, members: [...joined.members] };
  return { code, memberId, resumeToken, resumeGraceMs, room };
}

/**
 * A member as the room view keeps it: without its properties, which a restarted server does not take back, and
 * which would make `room:resume` too big for the server's event limit in a full room.
 */
function viewed({ id, name, joinedAt, spectator }: Member): Member {
  return spectator ? { id, name, joinedAt, spectator } : { id, name, joinedAt };
}

/** What `room:resume` sends to take the seat back, the room view included. */
export function resumeRequestOf(session: SignalingSession): ResumeRoomRequest {
  const { code, memberId, resumeToken, room } = session;
  const view = { hostId: room.hostId, members: room.members.map(viewed) };
  return { code, memberId, resumeToken, protocolVersion: PROTOCOL_VERSION, room: view };
}

/** The room after a change, members kept in join order (a member already known does not join twice). */
export function nextRoomView<View extends RoomView>(view: View, change: RoomViewChange): View {
  switch (change[0]) {
    case "peer:joined": {
      const joined = change[1];
      if (view.members.some((member) => member.id === joined.id)) return view;
      return { ...view, members: [...view.members, joined] };
    }
    case "peer:left": {
      const { id } = change[1];
      return { ...view, members: view.members.filter((member) => member.id !== id) };
    }
    case "host:changed":
      return { ...view, hostId: change[1].hostId };
  }
}
