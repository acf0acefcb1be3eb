import { emptyLinkStats, type LinkInfo } from "../links/link-info.js";

/** A link as `getLinks()` gives it, for tests that read links: on the relay after WebRTC failed, unless `fields` say. */
export function linkInfo(fields: Partial<LinkInfo> & Pick<LinkInfo, "peerId">): LinkInfo {
  return {
    path: "relay",
    state: "failed-webrtc",
    rttMs: null,
    lastSwitchAt: null,
    webrtcRoute: null,
    turnTransport: null,
    lastFailure: null,
    relayReason: null,
    pendingEvents: 0,
    stats: emptyLinkStats(),
    ...fields,
  };
}
