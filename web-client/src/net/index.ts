/**
 * Rallypoint's browser library.
 * @example
 * import { GameNetworkManager } from "/rallypoint/rallypoint.js";
 * const net = new GameNetworkManager({ name: "Ada" });
 * const room = await net.createRoom();
 * net.on("event", (event) => console.log(event));
 */
export { GameNetworkManager } from "./game-network-manager.js";
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
export type { GameNetworkManagerOptions } from "./manager-options.js";
export { SignalingClient } from "./signaling-client.js";
export type { SignalingClientOptions, SignalingEvents, DisconnectReason } from "./signaling-client.js";
export { WebRTCPeer } from "./webrtc-peer.js";
export type { WebRTCPeerOptions, WebRTCPeerEvents } from "./webrtc-peer.js";
export { NetworkError, ClientErrorCode } from "./network-error.js";
export type { NetworkErrorCode } from "./network-error.js";
export { NetworkMode } from "./transport/network-mode.js";
export { LinkState } from "./transport/link-policy.js";
export type { RetryConfig } from "./transport/link-policy.js";
export type { LinkInfo, LinkPath, LinkStats, ChannelStats, Via } from "./transport/link-info.js";
export type { WebRTCRoute } from "./transport/webrtc-route.js";
export { NETWORK_CONDITION_LIMITS } from "./transport/network-conditioner.js";
export type { NetworkConditions } from "./transport/network-conditioner.js";
export { ErrorCode, normalizeRoomCode, isRoomCode, PROTOCOL_VERSION } from "@rallypoint/protocol";
export type { Member, PeerLeft, HostChanged, ServerShutdown } from "@rallypoint/protocol";
export { MartiniTransport } from "./adapters/martini-transport.js";
export type {
  MartiniNetwork,
  MartiniTransportOptions,
  Transport as MartiniTransportContract,
  WireMessage as MartiniWireMessage,
  TransportMetrics as MartiniTransportMetrics,
} from "./adapters/martini-transport.js";
export { defineSchema, FieldKind } from "./sync/interpolation-schema.js";
export type { InterpolationSchema, FieldRule, StateOf, Vector, Quaternion } from "./sync/interpolation-schema.js";
export { ANGLE_16_BITS, UNIT_16_BITS } from "./sync/state-codec.js";
export type { RemoteViewOptions, RemoteViewStats } from "./sync/remote-view.js";
export type { ClockEstimate } from "./sync/clock-sync.js";
