import type { Ack } from "./error-codes.js";
import type { CreateRoomRequest, HostChanged, JoinRoomRequest, Member, PeerLeft, RoomJoined } from "./messages/room.js";
import type { RelayMessage, RelaySend } from "./messages/relay.js";

/** Events a client emits. The server still validates every payload: these types are a promise, not a guarantee. */
export interface ClientToServerEvents {
  "room:create": (request: CreateRoomRequest, ack: (result: Ack<RoomJoined>) => void) => void;
  "room:join": (request: JoinRoomRequest, ack: (result: Ack<RoomJoined>) => void) => void;
  "room:leave": (ack?: (result: Ack<null>) => void) => void;
  "relay:send": (message: RelaySend, ack?: (result: Ack<null>) => void) => void;
}

/** Events the server emits to clients. */
export interface ServerToClientEvents {
  "peer:joined": (member: Member) => void;
  "peer:left": (event: PeerLeft) => void;
  "host:changed": (event: HostChanged) => void;
  "relay:message": (message: RelayMessage) => void;
}
