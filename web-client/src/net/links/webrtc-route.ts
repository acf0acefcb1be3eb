/**
 * How a pair's data channel reaches the other side: peer to peer, or through a TURN server.
 * @example
 * const viaTurn = net.getLinks().filter((link) => link.webrtcRoute === "turn").length;
 */
export type WebRTCRoute = "direct" | "turn";

/**
 * How this player reaches its TURN server when its end of the pair is relayed: UDP, TCP, or TLS over TCP (the
 * one that gets through networks that let out only TCP 443).
 * @example
 * const needsTls = net.getLinks().some((link) => link.turnTransport === "tls");
 */
export type TurnTransport = "udp" | "tcp" | "tls";

/** The route of a selected candidate pair; `turnTransport` is null unless this end's candidate is relayed. */
export interface SelectedRoute {
  route: WebRTCRoute;
  turnTransport: TurnTransport | null;
}

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
  /** Local relay candidates only: how the browser talks to the TURN server (`protocol` is the peer side's, UDP). */
  relayProtocol?: string;
}

const TURN_TRANSPORTS: readonly (string | undefined)[] = ["udp", "tcp", "tls"] satisfies TurnTransport[];

const isTurnTransport = (value: string | undefined): value is TurnTransport => TURN_TRANSPORTS.includes(value);

/**
 * The route of the candidate pair ICE selected: `turn` when either end of it is a relay candidate, with the local
 * relay candidate's `relayProtocol` as the transport to our TURN server. Null when no pair is selected (yet). Takes
 * the transport's `selectedCandidatePairId` (Chromium, Firefox), else the nominated pair that succeeded.
 */
export function routeFromStats(entries: Iterable<unknown>): SelectedRoute | null {
  const stats = [...entries] as StatsEntry[];
  const byId = new Map(stats.map((entry) => [entry.id, entry]));
  const selectedId = stats.find(
    (entry) => entry.type === "transport" && entry.selectedCandidatePairId,
  )?.selectedCandidatePairId;
  const pair =
    byId.get(selectedId ?? "") ??
    stats.find((entry) => entry.type === "candidate-pair" && entry.nominated === true && entry.state === "succeeded");
  const local = byId.get(pair?.localCandidateId ?? "");
  const remote = byId.get(pair?.remoteCandidateId ?? "");
  if (!local || !remote) return null;
  const isLocalRelay = local.candidateType === "relay";
  if (!isLocalRelay && remote.candidateType !== "relay") return { route: "direct", turnTransport: null };
  const turnTransport = isLocalRelay && isTurnTransport(local.relayProtocol) ? local.relayProtocol : null;
  return { route: "turn", turnTransport };
}

/**
 * Tells the connection's selected route once one is selected, and again whenever ICE selects another pair: Chromium
 * may move to a relay candidate after the channel opened. Where the ICE transport is not exposed, only the first
 * reading comes; a reading whose stats cannot be read is skipped. Returns the function that stops it.
 */
export function watchSelectedRoute(
  peerConnection: RTCPeerConnection,
  onRoute: (route: SelectedRoute) => void,
): () => void {
  const read = (): void => {
    peerConnection.getStats().then(
      (report) => {
        const route = routeFromStats(report.values());
        if (route) onRoute(route);
      },
      () => undefined,
    );
  };
  const iceTransport = peerConnection.sctp?.transport.iceTransport;
  iceTransport?.addEventListener("selectedcandidatepairchange", read);
  read();
  return () => iceTransport?.removeEventListener("selectedcandidatepairchange", read);
}
