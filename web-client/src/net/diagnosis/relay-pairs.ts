import type { RelayReason } from "@rallypoint/protocol";
import type { LinkInfo } from "../links/link-info.js";
import type { PairDiagnosis } from "./diagnosis-types.js";
import type { NatVerdict } from "./nat-verdict.js";

const REASON_WORDS: Record<RelayReason, string> = {
  "signaling-only": "the mode is SIGNALING_ONLY, so WebRTC is not attempted",
  connecting: "its first WebRTC attempt is still running",
  "ice-failed": "ICE found no path that works between the two players",
  "turn-refused": "a TURN server refused",
  timeout: "the WebRTC attempt did not open in time, and no ICE server said why",
  "signaling-failed": "WebRTC signaling could not reach the other player",
  "connection-lost": "a data channel that worked closed or went silent",
};

/** Reasons that NATs, firewalls and missing TURN explain; the others have their own cause. */
const NETWORK_REASONS: readonly (RelayReason | null)[] = ["ice-failed", "timeout", "turn-refused"];

/** The code in a link's lastFailure, as `webrtc-channel.ts` words it: `ICE server <url> answered 401 ...`. */
function turnErrorCodeOf(lastFailure: string | null): number | null {
  const match = /answered (\d{3})\b/.exec(lastFailure ?? "");
  return match ? Number(match[1]) : null;
}

function likelyCauseOf(link: LinkInfo, verdict: NatVerdict): PairDiagnosis["likelyCause"] {
  if (!NETWORK_REASONS.includes(link.relayReason)) return null;
  if (verdict.udp === "blocked") return "udp-blocked";
  if (!verdict.hasTurn) return verdict.nat.mapping === "endpoint-dependent" ? "symmetric-nat" : "no-turn";
  return verdict.nat.mapping === "endpoint-dependent" ? "symmetric-nat" : null;
}

const CAUSE_WORDS: Record<NonNullable<PairDiagnosis["likelyCause"]>, string> = {
  "udp-blocked": "this player's network blocks UDP",
  "symmetric-nat": "this player is behind a symmetric NAT",
  "no-turn": "no TURN server works for this player, so a restrictive NAT on either side leaves no path",
};

function sentenceOf(link: LinkInfo, turnErrorCode: number | null, cause: PairDiagnosis["likelyCause"]): string {
  if (link.path === "webrtc") {
    const over = link.turnTransport ? ` over ${link.turnTransport.toUpperCase()}` : "";
    return `${link.peerId}: on WebRTC through a TURN server${over}${link.turnTransport ? "" : " (on the other player's side)"}.`;
  }
  const where = link.path === "relay" ? "on the server's relay" : "not connected (WEBRTC_ONLY)";
  const reason = link.relayReason ? REASON_WORDS[link.relayReason] : "its WebRTC link is not open";
  const code = link.relayReason === "turn-refused" && turnErrorCode !== null ? ` with ${String(turnErrorCode)}` : "";
  const likely = cause ? `; likely because ${CAUSE_WORDS[cause]}` : "";
  return `${link.peerId}: ${where} because ${reason}${code}${likely}.`;
}

/**
 * Each current pair that is not peer to peer (on the relay, unreachable, or on WebRTC through TURN) and why, from
 * the link's own telemetry and what this player's diagnosis adds.
 */
export function relayPairs(links: readonly LinkInfo[], verdict: NatVerdict): PairDiagnosis[] {
  return links
    .filter((link) => link.path !== "webrtc" || link.webrtcRoute === "turn")
    .map((link) => {
      const turnErrorCode = link.relayReason === "turn-refused" ? turnErrorCodeOf(link.lastFailure) : null;
      const likelyCause = link.path === "webrtc" ? null : likelyCauseOf(link, verdict);
      return {
        peerId: link.peerId,
        path: link.path,
        webrtcRoute: link.webrtcRoute,
        turnTransport: link.turnTransport,
        relayReason: link.relayReason,
        turnErrorCode,
        likelyCause,
        sentence: sentenceOf(link, turnErrorCode, likelyCause),
      };
    });
}
