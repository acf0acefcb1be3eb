/**
 * Which paths game messages may take. Switch at run time with `net.setMode(mode)`.
 * @example
 * const net = new GameNetworkManager({ mode: NetworkMode.SignalingOnly }); // relay only, e.g. behind strict NATs
 */
export const NetworkMode = {
  /** WebRTC where it works, the relay for pairs where it does not. The default. */
  Hybrid: "HYBRID",
  /** Everything through the server relay; no RTCPeerConnection is kept. */
  SignalingOnly: "SIGNALING_ONLY",
  /** Never relay game messages; pairs without a WebRTC path are reported `unreachable`. */
  WebRTCOnly: "WEBRTC_ONLY",
} as const;
export type NetworkMode = (typeof NetworkMode)[keyof typeof NetworkMode];
