export { PROTOCOL_VERSION, IncompatibilityReason, checkProtocolVersion } from "./protocol-version.js";
export { ErrorCode, ResumeFailedReason, ackOk, ackError } from "./error-codes.js";
export type { Ack, WireError } from "./error-codes.js";
export { Limits } from "./limits.js";
export { socketIoParser } from "./codec/socket-io-parser.js";
export type { SocketIoPacket, SocketIoPacketDecoder, SocketIoPacketEncoder } from "./codec/socket-io-parser.js";
export { ServerPaths } from "./server-paths.js";
export { scopedMemberId, roomCodeOfMember } from "./member-id.js";
export { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, generateRoomCode, normalizeRoomCode, isRoomCode } from "./room-code.js";
export {
  MemberId,
  Member,
  CreateRoomRequest,
  JoinRoomRequest,
  IceServer,
  IceGrant,
  RoomJoined,
  ResumeToken,
  ResumeRoomRequest,
  LeaveBeacon,
  RoomView,
  PeerLeftReason,
  PeerLeft,
  PeerReconnecting,
  PeerResumed,
  HostChanged,
  ServerShutdown,
} from "./messages/room.js";
export { RelayBatch, RelayChannel, RelayMessage, RelayRecipients, RelaySend } from "./messages/relay.js";
export { TimeSyncRequest, TimeSyncReply } from "./messages/time-sync.js";
export { LinkReport, LINK_ROUTES, RELAY_REASONS } from "./messages/link-report.js";
export type { LinkRoute, RelayReason } from "./messages/link-report.js";
export { MemberVisibility } from "./messages/visibility.js";
export {
  Properties,
  RoomProperties,
  SetRoomProperties,
  SetMemberProperties,
  RoomSettings,
  ConfigureRoom,
  KickMember,
  TransferHost,
  jsonBytes,
} from "./messages/lobby.js";
export type { RoomPropertiesChanged, MemberPropertiesChanged, Kicked, JsonValue } from "./messages/lobby.js";
export {
  RoomFilter,
  RoomListCursor,
  ListRoomsRequest,
  RoomListing,
  RoomList,
  QuickJoinRequest,
  QuickJoined,
} from "./messages/room-directory.js";
export { MARTINI_WIRE_MESSAGE_TYPES, MartiniWireMessage } from "./messages/martini-wire-message.js";
export {
  EventFrame,
  AckFrame,
  StateFrame,
  PingFrame,
  PongFrame,
  ChunkFrame,
  PeerFrame,
} from "./messages/peer-message.js";
export type { ClientToServerEvents, ServerToClientEvents } from "./socket-events.js";
export {
  encodeFrame,
  decodeFrame,
  asBytes,
  encodeEventBody,
  eventFrameOfBody,
  decodeEventBody,
} from "./codec/peer-frame-codec.js";
export type { FrameBytes } from "./codec/peer-frame-codec.js";
export { encodeRelayBatch, decodeRelayBatch } from "./codec/relay-batch-codec.js";
export type { RelayBatchItem } from "./codec/relay-batch-codec.js";
