import type { IceServerCheck, NatBehaviour, NetworkDiagnosis, WebRTCOutlook } from "./diagnosis-types.js";
import { parseIceUrl } from "./ice-url.js";
import { endpointOf, isTranslated, type ProbeObservation } from "./server-checks.js";

/** The verdicts about this player's network, each with its sentence. */
export interface NatVerdict {
  nat: NatBehaviour;
  udp: NetworkDiagnosis["udp"];
  outlook: WebRTCOutlook;
  /** Whether some TURN server will relay for this player (before a room: answers and only wants a credential). */
  hasTurn: boolean;
  sentences: { nat: string; udp: string; outlook: string };
}

export interface NatVerdictInput {
  checks: IceServerCheck[];
  /** The probes behind `checks`, one per URL. */
  probes: ProbeObservation[];
  /** Every STUN URL in one connection, so one local socket asks them all; null with fewer than two STUN URLs. */
  mappingProbe: ProbeObservation | null;
  credentials: NetworkDiagnosis["credentials"];
  iceTransportPolicy: RTCIceTransportPolicy;
}

const reached = (check: IceServerCheck): boolean => check.status !== "no-answer" && check.status !== "invalid";

/** Whether a TURN check shows a server that relays for a member: it did, or (before a room) it asked for a credential. */
const turnWorks = (check: IceServerCheck, credentials: NetworkDiagnosis["credentials"]): boolean =>
  check.kind === "turn" &&
  (check.status === "relays" || (credentials === "none" && check.status === "refused" && check.errorCode === 401));

const hostOf = (endpoint: string): string => endpoint.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");

/**
 * Mapping from the mapping probe: one local socket asked two STUN destinations; a symmetric NAT gives it a mapped
 * port per destination (two srflx candidates of one base), a cone NAT the same one (the browser keeps one candidate).
 */
function mappingOf(input: NatVerdictInput, nat: NatBehaviour["nat"]): NatBehaviour["mapping"] {
  if (nat === "none") return "endpoint-independent";
  const answering = new Set(
    input.checks
      .filter((check) => check.kind === "stun" && check.status === "answers")
      .map((check) => parseIceUrl(check.url).destination),
  );
  answering.delete(null);
  const translated = input.mappingProbe?.candidates.filter(isTranslated) ?? [];
  if (answering.size < 2 || translated.length === 0) return "unknown";
  const mappedByBase = new Map<string, Set<string>>();
  for (const candidate of translated) {
    const base = String(candidate.relatedPort ?? "hidden");
    const mapped = mappedByBase.get(base) ?? new Set<string>();
    mapped.add(`${String(candidate.address)}:${String(candidate.port)}`);
    mappedByBase.set(base, mapped);
  }
  return [...mappedByBase.values()].some((mapped) => mapped.size > 1) ? "endpoint-dependent" : "endpoint-independent";
}

function natOf(input: NatVerdictInput, udp: NetworkDiagnosis["udp"]): NatBehaviour {
  const stun = input.checks.filter((check) => check.kind === "stun" && check.status === "answers");
  const nat: NatBehaviour["nat"] =
    stun.length === 0 ? "unknown" : stun.some((check) => check.mappedAddress !== null) ? "present" : "none";
  const translated = input.probes.flatMap((probe) => probe.candidates.filter(isTranslated));
  // Browsers hide the base as 0.0.0.0 port 0 where the page may not see local addresses.
  const withBase = translated.filter(
    (candidate) => endpointOf(candidate.relatedAddress, candidate.relatedPort) !== null,
  );
  const portPreserved =
    withBase.length === 0 ? null : withBase.every((candidate) => candidate.port === candidate.relatedPort);
  const mapped = stun.flatMap((check) => (check.mappedAddress === null ? [] : [hostOf(check.mappedAddress)]));
  return {
    nat,
    mapping: mappingOf(input, nat),
    filtering: udp === "blocked" ? "blocks-udp" : "unknown",
    portPreserved: nat === "none" ? true : portPreserved,
    publicAddresses: [...new Set(mapped)],
  };
}

function udpOf(checks: IceServerCheck[]): NetworkDiagnosis["udp"] {
  const overUdp = checks.filter((check) => check.transport === "udp");
  if (overUdp.some(reached)) return "works";
  return overUdp.length === 0 ? "unknown" : "blocked";
}

function outlookOf(
  input: NatVerdictInput,
  nat: NatBehaviour,
  udp: NetworkDiagnosis["udp"],
  hasTurn: boolean,
): WebRTCOutlook {
  const turnOverStream = input.checks.some((check) => check.transport !== "udp" && turnWorks(check, input.credentials));
  if (input.iceTransportPolicy === "relay") return hasTurn ? "turn-only" : "relay-only";
  if (udp === "blocked") return turnOverStream ? "turn-only" : "relay-only";
  if (udp === "unknown") return input.checks.length === 0 ? "unknown" : turnOverStream ? "turn-only" : "relay-only";
  // A changed port is the mark of a symmetric NAT (not proof of one): without two STUN servers to tell, expect the worst.
  if (nat.mapping === "endpoint-dependent" || (nat.mapping === "unknown" && nat.portPreserved === false)) {
    return "needs-turn";
  }
  return "direct-likely";
}

const NAT_WORDS: Record<NatBehaviour["mapping"], string> = {
  "endpoint-independent": "keeps one public port towards everyone (endpoint-independent mapping, a cone NAT)",
  "endpoint-dependent": "gives each destination another public port (endpoint-dependent mapping, a symmetric NAT)",
  unknown: "maps ports in a way this check cannot tell",
};

function natSentence(nat: NatBehaviour, input: NatVerdictInput): string {
  if (nat.nat === "unknown") return "NAT: unknown, no STUN server answered.";
  if (nat.nat === "none") return "NAT: none, STUN servers see this player at its own address.";
  const address = nat.publicAddresses.length > 0 ? ` (public address ${nat.publicAddresses.join(", ")})` : "";
  const stunCount = input.checks.filter((check) => check.kind === "stun").length;
  const why =
    nat.mapping !== "unknown"
      ? ""
      : stunCount < 2
        ? "; telling cone from symmetric takes two STUN servers at different addresses or ports, and the server lists one"
        : "; the STUN servers did not both answer";
  const port =
    nat.portPreserved === null ? "" : nat.portPreserved ? "; it kept the local port" : "; it changed the local port";
  return `NAT: this player is behind one${address} that ${NAT_WORDS[nat.mapping]}${why}${port}.`;
}

function udpSentence(udp: NetworkDiagnosis["udp"], checks: IceServerCheck[]): string {
  if (udp === "works") return "UDP: gets out to the ICE servers.";
  if (udp === "unknown") return "UDP: unknown, the server lists no ICE server to reach over UDP.";
  return checks.some((check) => check.transport !== "udp" && reached(check))
    ? "UDP: blocked, no server answered over UDP while TCP or TLS ones did."
    : "UDP: blocked or the servers are down, no ICE server answered at all.";
}

const OUTLOOK_WORDS: Record<WebRTCOutlook, string> = {
  "direct-likely": "WebRTC: peer to peer with most players is likely.",
  "needs-turn":
    "WebRTC: peer to peer with players behind open or cone NATs; with players behind restrictive or symmetric NATs it needs TURN.",
  "turn-only": "WebRTC: only through TURN.",
  "relay-only": "WebRTC: no path is likely; the server's relay will carry the game.",
  unknown:
    "WebRTC: the server offers no STUN or TURN server, so only players on the same network can connect peer to peer; the others play through the server's relay.",
};

function outlookSentence(outlook: WebRTCOutlook, input: NatVerdictInput, hasTurn: boolean): string {
  const policy = input.iceTransportPolicy === "relay" ? " (the iceTransportPolicy option allows TURN only)" : "";
  const noTurn =
    outlook === "needs-turn" && !hasTurn
      ? " No TURN server works for this player, so those pairs will use the server's relay."
      : "";
  return `${OUTLOOK_WORDS[outlook]}${policy}${noTurn}`;
}

/** This player's NAT, UDP and WebRTC outlook, from the server checks and the mapping probe. */
export function natVerdict(input: NatVerdictInput): NatVerdict {
  const udp = udpOf(input.checks);
  const nat = natOf(input, udp);
  const hasTurn = input.checks.some((check) => turnWorks(check, input.credentials));
  const outlook = outlookOf(input, nat, udp, hasTurn);
  return {
    nat,
    udp,
    outlook,
    hasTurn,
    sentences: {
      nat: natSentence(nat, input),
      udp: udpSentence(udp, input.checks),
      outlook: outlookSentence(outlook, input, hasTurn),
    },
  };
}
