import { LINK_ROUTES, RELAY_REASONS, type LinkReport, type LinkRoute, type RelayReason } from "@rallypoint/protocol";

/** A route of `peer_links`: how a pair on WebRTC goes (`unknown`: not read yet, or a client too old to say). */
export type PeerLinkRoute = LinkRoute | "unknown";
/** A reason of `peer_links_off_webrtc` (`unknown`: a client too old to say). */
export type OffWebRTCReason = RelayReason | "unknown";

export const PEER_LINK_ROUTES: readonly PeerLinkRoute[] = [...LINK_ROUTES, "unknown"];
export const OFF_WEBRTC_REASONS: readonly OffWebRTCReason[] = [...RELAY_REASONS, "unknown"];

/** Peer pairs as the members' latest reports tell: on WebRTC by route, off it by path and by reason. */
export interface PeerLinkTotals {
  webrtc: Record<PeerLinkRoute, number>;
  relay: number;
  none: number;
  offWebRTC: Record<OffWebRTCReason, number>;
}

const zeros = <Key extends string>(keys: readonly Key[]): Record<Key, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<Key, number>;

/**
 * Sums the members' reports into pairs. Both ends of a pair report it, so each report counts half of each link: a
 * pair both ends see on WebRTC counts 1, and a pair the two ends see differently (one switched, the other not yet;
 * one relayed through its TURN server over TLS, the other seeing only `turn`) counts ½ under each. What a report
 * leaves out of its breakdowns counts as `unknown`.
 */
export function sumLinkReports(reports: Iterable<LinkReport>): PeerLinkTotals {
  const totals: PeerLinkTotals = {
    webrtc: zeros(PEER_LINK_ROUTES),
    relay: 0,
    none: 0,
    offWebRTC: zeros(OFF_WEBRTC_REASONS),
  };
  for (const report of reports) {
    totals.relay += report.relay / 2;
    totals.none += report.none / 2;
    let known = 0;
    for (const route of LINK_ROUTES) {
      const count = report.routes?.[route] ?? 0;
      totals.webrtc[route] += count / 2;
      known += count;
    }
    totals.webrtc.unknown += (report.webrtc - known) / 2;
    known = 0;
    for (const reason of RELAY_REASONS) {
      const count = report.reasons?.[reason] ?? 0;
      totals.offWebRTC[reason] += count / 2;
      known += count;
    }
    totals.offWebRTC.unknown += (report.relay + report.none - known) / 2;
  }
  return totals;
}
