import type { RelayReason } from "@rallypoint/protocol";
import type { LinkState } from "./link-policy.js";
import type { TurnTransport, WebRTCRoute } from "./webrtc-route.js";

/**
 * Which path carried a message: a WebRTC data channel or the server relay.
 * @example
 * net.on("event", ({ via }) => (via === "relay" ? relayed++ : direct++));
 */
export type Via = "webrtc" | "relay";

/**
 * Where a pair's game messages go right now: `none` in WEBRTC_ONLY while there is no data channel.
 * @example
 * const label = link.path === "none" ? "unreachable" : link.path;
 */
export type LinkPath = Via | "none";

/**
 * Message and byte counters of one channel of a link, since the link started.
 * @example
 * const { bytesOut } = link.stats.state; // state bytes sent to this peer
 */
export interface ChannelStats {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
}

/**
 * Per channel: `event` (reliable events, acks, heartbeats) and `state` (unreliable snapshots).
 * @example
 * const sent = link.stats.event.messagesOut + link.stats.state.messagesOut;
 */
export interface LinkStats {
  event: ChannelStats;
  state: ChannelStats;
}

export const emptyLinkStats = (): LinkStats => ({
  event: { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 },
  state: { messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0 },
});

/** Counts one frame on `channel`, in or out. */
export function countFrame(stats: LinkStats, channel: keyof LinkStats, direction: "In" | "Out", bytes: number): void {
  stats[channel][`messages${direction}`]++;
  stats[channel][`bytes${direction}`] += bytes;
}

/**
 * One entry of `net.getLinks()`, and the payload of `link-changed`.
 * @example
 * net.on("link-changed", ({ peerId, path, rttMs }) => console.log(peerId, path, rttMs));
 */
export interface LinkInfo {
  peerId: string;
  path: LinkPath;
  state: LinkState;
  /** Round-trip time on the path in use (smoothed), null until measured. */
  rttMs: number | null;
  /** When the path last changed (ms since the epoch), null if never. */
  lastSwitchAt: number | null;
  /**
   * While on WebRTC: whether the data channel goes peer to peer (`direct`) or through a TURN server (`turn`), from
   * the selected ICE candidate pair, followed when ICE selects another (a `link-changed` tells). Null off WebRTC, or
   * until known.
   */
  webrtcRoute: WebRTCRoute | null;
  /**
   * On a `turn` route, how this player reaches its TURN server: `udp`, `tcp` or `tls` (TURN over TLS, what gets
   * through networks that let out only TCP 443), from the local relay candidate's `relayProtocol`. Null when the
   * route is not `turn`, when only the peer's end is relayed (the peer's `turnTransport` tells), or when the browser
   * does not say.
   */
  turnTransport: TurnTransport | null;
  /**
   * Why the last WebRTC attempt or channel failed (e.g. `open timeout`, `connection failed`, `heartbeat timeout`,
   * with the ICE server's error when one reported it), null if none has.
   */
  lastFailure: string | null;
  /**
   * Why the pair is off WebRTC, in one word, null while on it: `signaling-only` (the mode), `connecting` (the first
   * attempt is running), `ice-failed`, `turn-refused` (a TURN server answered with an error: see `lastFailure`),
   * `timeout`, `signaling-failed` (PeerJS could not reach the peer) or `connection-lost` (a channel that worked
   * closed or went silent). After a failure it stays while the retries run.
   */
  relayReason: RelayReason | null;
  /** Reliable events sent but not yet acknowledged. */
  pendingEvents: number;
  stats: LinkStats;
}
