/**
 * Rallypoint's browser library.
 * @example
 * import { GameNetworkManager } from "/rallypoint/rallypoint.js";
 * const net = new GameNetworkManager({ name: "Ada" });
 * const room = await net.createRoom();
 * net.on("event", (event) => console.log(event));
 */
export { GameNetworkManager } from "./game-network-manager.js";
export type { GameNetworkManagerOptions, RoomInfo, GameEvent, NetworkEvents } from "./game-network-manager.js";
export { SignalingClient } from "./signaling-client.js";
export type { SignalingClientOptions, SignalingEvents } from "./signaling-client.js";
export { WebRTCPeer } from "./webrtc-peer.js";
export type { WebRTCPeerOptions, WebRTCPeerEvents } from "./webrtc-peer.js";
export { NetworkError, ClientErrorCode } from "./network-error.js";
export type { NetworkErrorCode } from "./network-error.js";
export { LinkPath } from "./transport/link-path.js";
export type { LinkInfo } from "./transport/link-path.js";
export { ErrorCode, normalizeRoomCode, isRoomCode, PROTOCOL_VERSION } from "@rallypoint/shared";
export type { Member, PeerLeft, HostChanged } from "@rallypoint/shared";
