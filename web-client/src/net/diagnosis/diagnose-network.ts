import type { LinkInfo } from "../links/link-info.js";
import type { NetworkDiagnosis, WebRTCOutlook } from "./diagnosis-types.js";
import { natVerdict } from "./nat-verdict.js";
import { relayPairs } from "./relay-pairs.js";
import { checkServer, type ProbeObservation } from "./server-checks.js";

/** Everything the diagnosis is made from: plain data, gathered by `gather-probes.ts` or written by a test. */
export interface DiagnosisInput {
  /** One probe per STUN and TURN URL of the ICE configuration, in its order. */
  probes: ProbeObservation[];
  /** Every STUN URL asked from one connection; null with fewer than two STUN URLs. */
  mappingProbe: ProbeObservation | null;
  credentials: NetworkDiagnosis["credentials"];
  iceTransportPolicy: RTCIceTransportPolicy;
  links: readonly LinkInfo[];
  startedAt: number;
  durationMs: number;
}

const SUMMARY: Record<WebRTCOutlook, string> = {
  "direct-likely": "Your network should connect peer to peer with most players.",
  "needs-turn": "Your network connects peer to peer with some players only; with the others it needs a TURN server.",
  "turn-only": "Your network connects to other players only through a TURN server.",
  "relay-only": "Your network lets no WebRTC through: games go through the server's relay, which works but adds delay.",
  unknown: "The server offers no STUN or TURN server, so this check cannot tell how your network connects.",
};

/** Why the summary's verdict holds, in a few words, when a finding explains it. */
function summaryReason(verdict: ReturnType<typeof natVerdict>): string {
  if (verdict.udp === "blocked") return " UDP is blocked here.";
  if (verdict.nat.mapping === "endpoint-dependent") return " You are behind a symmetric NAT.";
  return "";
}

/**
 * The diagnosis from its probes, pure: what each STUN and TURN URL did, this player's NAT and UDP, the outlook for
 * WebRTC and why each pair not peer to peer is where it is, in data and in words.
 * @example
 * const diagnosis = diagnoseNetwork({ probes, mappingProbe: null, credentials: "member", ... });
 */
export function diagnoseNetwork(input: DiagnosisInput): NetworkDiagnosis {
  const servers = input.probes.map((probe) => checkServer(probe, input.credentials));
  const verdict = natVerdict({
    checks: servers,
    probes: input.probes,
    mappingProbe: input.mappingProbe,
    credentials: input.credentials,
    iceTransportPolicy: input.iceTransportPolicy,
  });
  const pairs = relayPairs(input.links, verdict);
  const timedOut = [...input.probes, ...(input.mappingProbe ? [input.mappingProbe] : [])].some(
    (probe) => !probe.completed,
  );
  const findings = [
    ...servers.map((server) => server.sentence),
    verdict.sentences.nat,
    verdict.sentences.udp,
    verdict.sentences.outlook,
    ...pairs.map((pair) => pair.sentence),
  ];
  return {
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    timedOut,
    credentials: input.credentials,
    servers,
    nat: verdict.nat,
    udp: verdict.udp,
    outlook: verdict.outlook,
    pairs,
    findings,
    summary: `${SUMMARY[verdict.outlook]}${summaryReason(verdict)}`,
  };
}
