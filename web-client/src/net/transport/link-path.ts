/** How messages to one peer travel right now. */
export const LinkPath = {
  /** WebRTC is being set up; messages go through the relay meanwhile. */
  Connecting: "connecting",
  /** A WebRTC data channel is open. */
  WebRTC: "webrtc",
  /** Through the server's Socket.IO relay. */
  Relay: "relay",
} as const;
export type LinkPath = (typeof LinkPath)[keyof typeof LinkPath];

/** One entry of `net.getLinks()`. */
export interface LinkInfo {
  peerId: string;
  path: LinkPath;
}
