import type { LinkInfo } from "../net/index.js";

/**
 * How the overlay names the path a peer's messages take: "WebRTC direct", "WebRTC via TURN", "Socket.IO relay", or
 * "No path" (WEBRTC_ONLY without a data channel). Plain "WebRTC" until the browser has said which route it selected.
 * @example pathLabel({ path: "webrtc", webrtcRoute: "turn" }) // "WebRTC via TURN"
 */
export function pathLabel(link: Pick<LinkInfo, "path" | "webrtcRoute">): string {
  switch (link.path) {
    case "webrtc":
      if (link.webrtcRoute === "direct") return "WebRTC direct";
      if (link.webrtcRoute === "turn") return "WebRTC via TURN";
      return "WebRTC";
    case "relay":
      return "Socket.IO relay";
    case "none":
      return "No path";
  }
}
