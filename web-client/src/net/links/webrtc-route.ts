/**
 * How a pair's data channel reaches the other side: peer to peer, or through a TURN server.
 * @example
 * const viaTurn = net.getLinks().filter((link) => link.webrtcRoute === "turn").length;
 */
export type WebRTCRoute = "direct" | "turn";

/** The fields of RTCStatsReport entries this reads; `RTCStatsReport.values()` gives objects of this shape. */
interface StatsEntry {
  id: string;
  type: string;
  selectedCandidatePairId?: string;
  nominated?: boolean;
  state?: string;
  localCandidateId?: string;
  remoteCandidateId?: string;
  candidateType?: string;
}

/**
 * The route of the candidate pair ICE selected: `turn` when either end of it is a relay candidate. Null when no pair
 * is selected (yet). Takes the transport's `selectedCandidatePairId` (Chromium, Firefox), else the nominated pair
 * that succeeded.
 */
export function routeFromStats(entries: Iterable<unknown>): WebRTCRoute | null {
  const byId = new Map<string, StatsEntry>();
  for (const entry of entries) {
    const stats = entry as StatsEntry;
    byId.set(stats.id, stats);
  }
  const stats = [...byId.values()];
  const selectedId = stats.find(
    (entry) => entry.type === "transport" && entry.selectedCandidatePairId,
  )?.selectedCandidatePairId;
  const pair =
    (selectedId === undefined ? undefined : byId.get(selectedId)) ??
    stats.find((entry) => entry.type === "candidate-pair" && entry.nominated === true && entry.state === "succeeded");
  if (!pair?.localCandidateId || !pair.remoteCandidateId) return null;
  const local = byId.get(pair.localCandidateId);
  const remote = byId.get(pair.remoteCandidateId);
  if (!local || !remote) return null;
  return local.candidateType === "relay" || remote.candidateType === "relay" ? "turn" : "direct";
}

/** Reads the selected route of a live connection; null when it has none or the stats cannot be read. */
export async function selectedRoute(peerConnection: RTCPeerConnection): Promise<WebRTCRoute | null> {
  try {
    const report = await peerConnection.getStats();
    return routeFromStats(report.values());
  } catch {
    return null;
  }
}
