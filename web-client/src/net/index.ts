/**
 * Rallypoint's browser library: a `GameNetworkManager` for rooms by code, the mesh between their members and the
 * state sync, plus the types its API hands out. Engine adapters are subpaths of their own (martini-kit:
 * `@rallypoint/client/martini`); the pieces the manager is built from (signaling client, PeerJS endpoint, links)
 * stay inside it.
 * @example
 * import { GameNetworkManager } from "@rallypoint/client"; // or "/rallypoint/rallypoint.js" without a bundler
 * const net = new GameNetworkManager<Ship, { chat: { text: string } }>({ name: "Ada" });
 * const room = await net.createRoom();
 * net.on("event", ({ from, payload }) => console.log(from, payload.text));
 * @packageDocumentation
 */

// The manager, its options and what it emits.
export { GameNetworkManager } from "./game-network-manager.js";
export type { GameNetworkManagerOptions } from "./manager-options.js";
export type {
  RoomInfo,
  GameEvent,
  StateUpdate,
  NetworkEvents,
  HostMigration,
  EventType,
  LooseState,
  LooseEvents,
} from "./network-events.js";
export type { DisconnectReason } from "./transport/signaling-types.js";
export { NetworkError, ClientErrorCode } from "./network-error.js";
export { RoomLobby } from "./session/room-lobby.js";
export type { PropertiesOf, PropertiesPatch } from "./session/room-lobby.js";
export type {
  CreateRoomOptions,
  ListRoomsOptions,
  QuickJoinOptions,
  PublicRoom,
  RoomListPage,
  RoomFilterOf,
} from "./session/room-directory.js";
export type { JoinRoomOptions } from "./session/room-entry.js";
export type { NetworkErrorCode } from "./network-error.js";

// Paths and links.
export { NetworkMode } from "./links/network-mode.js";
export { LinkState } from "./links/link-policy.js";
export type { RetryConfig } from "./links/link-policy.js";
export type { LinkInfo, LinkPath, LinkStats, ChannelStats, Via } from "./links/link-info.js";
export type { TurnTransport, WebRTCRoute } from "./links/webrtc-route.js";
export type {
  DiagnoseOptions,
  NetworkDiagnosis,
  IceServerCheck,
  IceServerStatus,
  NatBehaviour,
  WebRTCOutlook,
  PairDiagnosis,
} from "./diagnosis/diagnosis-types.js";
export { NETWORK_CONDITION_LIMITS } from "./links/network-conditioner.js";
export type { NetworkConditions } from "./links/network-conditioner.js";

// State sync: how states travel and are shown.
export { defineSchema, FieldKind } from "./sync/interpolation-schema.js";
export type { InterpolationSchema, FieldRule, StateOf, Vector, Quaternion } from "./sync/interpolation-schema.js";
export { ANGLE_16_BITS, UNIT_16_BITS } from "./sync/state-codec.js";
export type { RemoteViewOptions, RemoteViewStats } from "./sync/remote-view.js";
export type { SnapshotBufferOptions, SnapshotBufferStats } from "./sync/snapshot-buffer.js";
export type { AdaptiveDelayOptions } from "./sync/adaptive-delay.js";
export type { ConvergenceOptions } from "./sync/convergence.js";
export type { ClockEstimate } from "./sync/clock-sync.js";

// From the protocol, for games loaded without a bundler (they cannot import @rallypoint/protocol).
export { ErrorCode, normalizeRoomCode, isRoomCode, PROTOCOL_VERSION } from "@rallypoint/protocol";
export type {
  Member,
  PeerLeft,
  HostChanged,
  Properties,
  JsonValue,
  RoomSettings,
  RoomPropertiesChanged,
  MemberPropertiesChanged,
  RelayReason,
} from "@rallypoint/protocol";
