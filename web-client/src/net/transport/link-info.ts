import type { LinkState } from "./link-policy.js";

/** Which path carried a message. */
export type Via = "webrtc" | "relay";

/** Where a pair's game messages go right now: `none` in WEBRTC_ONLY while there is no data channel. */
export type LinkPath = Via | "none";

export interface ChannelStats {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
}

/** Per channel: `event` (reliable events, acks, heartbeats) and `state` (unreliable snapshots). */
export interface LinkStats {
  event: ChannelStats;
  state: ChannelStats;
}

export const emptyLinkStats = (): LinkStats => ({
  event: { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 },
  state: { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 },
});

/** One entry of `net.getLinks()`, and the payload of `link-changed`. */
export interface LinkInfo {
  peerId: string;
  path: LinkPath;
  state: LinkState;
  /** Round-trip time on the path in use (smoothed), null until measured. */
  rttMs: number | null;
  /** When the path last changed (ms since the epoch), null if never. */
  lastSwitchAt: number | null;
  /** Reliable events sent but not yet acknowledged. */
  pendingEvents: number;
  stats: LinkStats;
}
