import type { Ack, WireError } from "./error-codes.js";
import type {
  CreateRoomRequest,
  HostChanged,
  JoinRoomRequest,
  Member,
  PeerLeft,
  PeerReconnecting,
  PeerResumed,
  ResumeRoomRequest,
  RoomJoined,
  ServerShutdown,
} from "./messages/room.js";
import type { RelayMessage, RelaySend } from "./messages/relay.js";
import type { TimeSyncReply, TimeSyncRequest } from "./messages/time-sync.js";
import type { LinkReport } from "./messages/link-report.js";
import type { MemberVisibility } from "./messages/visibility.js";
import type {
  ConfigureRoom,
  Kicked,
  KickMember,
  MemberPropertiesChanged,
  RoomPropertiesChanged,
  RoomSettings,
  SetMemberProperties,
  SetRoomProperties,
  TransferHost,
} from "./messages/lobby.js";
import type { ListRoomsRequest, QuickJoined, QuickJoinRequest, RoomList } from "./messages/room-directory.js";

/** Events a client emits. The server still validates every payload: these types are a promise, not a guarantee. */
export interface ClientToServerEvents {
  "room:create": (request: CreateRoomRequest, ack: (result: Ack<RoomJoined>) => void) => void;
  "room:join": (request: JoinRoomRequest, ack: (result: Ack<RoomJoined>) => void) => void;
  /** Takes a held seat back after the socket dropped: same member id, fresh socket. */
  "room:resume": (request: ResumeRoomRequest, ack: (result: Ack<RoomJoined>) => void) => void;
  "room:leave": (ack?: (result: Ack<null>) => void) => void;
  "relay:send": (message: RelaySend, ack?: (result: Ack<null>) => void) => void;
  /** Allowed before joining a room: a client may sync its clock as soon as it connects. */
  "time:sync": (request: TimeSyncRequest, ack: (result: Ack<TimeSyncReply>) => void) => void;
  /** How many of this member's peer links take each path; the library sends it every few seconds in a room. */
  "links:report": (report: LinkReport, ack?: (result: Ack<null>) => void) => void;
  /** Whether this member's page is hidden; the library sends it on entering a room and on every change. */
  "member:visibility": (visibility: MemberVisibility, ack?: (result: Ack<null>) => void) => void;
  /** Patches the room's properties: the host, or any member when the room's settings allow. */
  "room:set-properties": (request: SetRoomProperties, ack?: (result: Ack<null>) => void) => void;
  /** Patches this member's own properties. */
  "member:set-properties": (request: SetMemberProperties, ack?: (result: Ack<null>) => void) => void;
  /** Host only: lock or unlock the room, change its capacity, let members set its properties. */
  "room:configure": (request: ConfigureRoom, ack?: (result: Ack<RoomSettings>) => void) => void;
  /** Host only: removes a member, who may not join again for a while. */
  "room:kick": (request: KickMember, ack?: (result: Ack<null>) => void) => void;
  /** Host only: hands the host role to another connected member. */
  "room:transfer-host": (request: TransferHost, ack?: (result: Ack<null>) => void) => void;
  /** A page of the public rooms one can join; allowed outside a room. Rate-limited per connection. */
  "room:list": (request: ListRoomsRequest, ack: (result: Ack<RoomList>) => void) => void;
  /** Joins the fullest matching public room, or creates one when asked. Rate-limited per connection. */
  "room:quick-join": (request: QuickJoinRequest, ack: (result: Ack<QuickJoined>) => void) => void;
}

/** Events the server emits to clients. */
export interface ServerToClientEvents {
  "peer:joined": (member: Member) => void;
  "peer:left": (event: PeerLeft) => void;
  "peer:reconnecting": (event: PeerReconnecting) => void;
  "peer:resumed": (event: PeerResumed) => void;
  "host:changed": (event: HostChanged) => void;
  "room:properties": (event: RoomPropertiesChanged) => void;
  "member:properties": (event: MemberPropertiesChanged) => void;
  "room:settings": (settings: RoomSettings) => void;
  /** This member was removed by the host; its sockets close right after. */
  "room:kicked": (event: Kicked) => void;
  /** Sent to every client just before the server closes their sockets. */
  "server:shutdown": (event: ServerShutdown) => void;
  "relay:message": (message: RelayMessage) => void;
  /**
   * Several relayed state messages at once (`encodeRelayBatch`), sent instead of one `relay:message` each when they
   * leave the server together. A batch to the whole room can carry the recipient's own messages: drop those.
   */
  "relay:batch": (batch: Uint8Array) => void;
  /** Why the server is about to drop this socket (e.g. `too-many-invalid-messages`); the disconnect follows. */
  "server:error": (error: WireError) => void;
}
