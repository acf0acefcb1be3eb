import type { RelayReason } from "@rallypoint/protocol";
import type { LinkPath } from "../links/link-info.js";
import type { TurnTransport, WebRTCRoute } from "../links/webrtc-route.js";

/**
 * Options of `net.diagnose()`.
 * @example
 * const diagnosis = await net.diagnose({ timeoutMs: 8_000 });
 */
export interface DiagnoseOptions {
  /**
   * How long the whole diagnosis may take, fetching the ICE servers included; servers that have not answered by then
   * count as not answering. Default 5000.
   */
  timeoutMs?: number;
}

/**
 * What one STUN or TURN URL did when probed: `answers` (a STUN server answered), `relays` (a TURN server gave a relay
 * address), `refused` (the server answered with an error code, so it is reachable: see `errorCode`), `no-answer`
 * (nothing within the time limit, or the browser gave up on it: error 701) or `invalid` (the browser refused the URL).
 * @example
 * const deaf = diagnosis.servers.filter((server) => server.status === "no-answer");
 */
export type IceServerStatus = "answers" | "relays" | "refused" | "no-answer" | "invalid";

/**
 * The probe of one STUN or TURN URL of the server's ICE configuration.
 * @example
 * for (const server of diagnosis.servers) console.log(server.url, server.transport, server.status);
 */
export interface IceServerCheck {
  /** One URL of the ICE configuration, as the server lists it. */
  url: string;
  /** Whether it is a STUN or a TURN URL (`stun:`/`stuns:` or `turn:`/`turns:`). */
  kind: "stun" | "turn";
  /** How the browser talks to it: from the URL (`turns:` is TLS, `?transport=tcp` TCP, else UDP; STUN is UDP). */
  transport: TurnTransport;
  /** What it did (see `IceServerStatus`). */
  status: IceServerStatus;
  /** The server's error code (401 wrong credential, 403, 486 allocation quota...; 701 unreachable), else null. */
  errorCode: number | null;
  /** The text that came with `errorCode`, or why the browser refused the URL; else null. */
  errorText: string | null;
  /**
   * The address and port (`ip:port`) the server saw this player at: a STUN server's mapped address, or a TURN relay
   * candidate's related address. Null when a STUN server saw the local address itself (no NAT), or the browser
   * hides it.
   */
  mappedAddress: string | null;
  /** A relay candidate's `relayProtocol`, where the browser exposes it; else null. */
  relayProtocol: TurnTransport | null;
  /** The result in words. */
  sentence: string;
}

/**
 * This player's NAT, as far as a browser can tell from its ICE candidates.
 * @example
 * if (diagnosis.nat.mapping === "endpoint-dependent") console.log("symmetric NAT: TURN needed with some players");
 */
export interface NatBehaviour {
  /** `none`: STUN saw this player's own address; `present`: another one; `unknown`: no STUN server answered. */
  nat: "none" | "present" | "unknown";
  /**
   * `endpoint-independent`: the same public address and port towards every server (cone NATs, and no NAT);
   * `endpoint-dependent`: another port per destination (symmetric NATs); `unknown` with fewer than two STUN servers
   * at different addresses or ports answering.
   */
  mapping: "endpoint-independent" | "endpoint-dependent" | "unknown";
  /**
   * Which unsolicited packets the NAT lets in. A web page cannot test it (that takes a STUN server with a second
   * address, RFC 5780), so it is `unknown` unless UDP is blocked altogether (`blocks-udp`).
   */
  filtering: "unknown" | "blocks-udp";
  /** Whether the NAT kept the local port as the public one (usual for cone NATs), null when not seen. */
  portPreserved: boolean | null;
  /** The public addresses STUN servers saw this player at, without ports (empty without NAT). */
  publicAddresses: string[];
}

/**
 * What the diagnosis predicts for WebRTC with other players: `direct-likely` (peer to peer with most players),
 * `needs-turn` (a symmetric NAT: TURN, or the server relay without TURN, with players behind restrictive NATs),
 * `turn-only` (only through TURN: UDP blocked or a relay-only ICE policy), `relay-only` (no WebRTC path: the
 * server's relay carries everything) or `unknown` (the server offers no STUN or TURN server to learn from).
 * @example
 * if (diagnosis.outlook === "relay-only") showHint("Your network blocks WebRTC: games go through the server.");
 */
export type WebRTCOutlook = "direct-likely" | "needs-turn" | "turn-only" | "relay-only" | "unknown";

/**
 * Why one current pair is not peer to peer: on the server relay (or nowhere, in WEBRTC_ONLY), or through TURN.
 * @example
 * for (const pair of diagnosis.pairs) console.log(pair.peerId, pair.sentence);
 */
export interface PairDiagnosis {
  /** The other player. */
  peerId: string;
  /** The path the pair takes: `relay`, `none` (WEBRTC_ONLY without a channel) or `webrtc` (through TURN). */
  path: LinkPath;
  /** The link's `webrtcRoute`: `turn` for a pair on WebRTC here, null off WebRTC. */
  webrtcRoute: WebRTCRoute | null;
  /** The link's `turnTransport`: how this player reaches its TURN server on a `turn` route. */
  turnTransport: TurnTransport | null;
  /** The link's `relayReason`: why it is off WebRTC (null while on it). */
  relayReason: RelayReason | null;
  /** The code a TURN server refused with (e.g. 401), read from the link's last failure; else null. */
  turnErrorCode: number | null;
  /** What this player's diagnosis adds: its UDP is blocked, its NAT is symmetric, or it has no TURN server. */
  likelyCause: "udp-blocked" | "symmetric-nat" | "no-turn" | null;
  /** The pair in words: where it is, why, and the likely cause. */
  sentence: string;
}

/**
 * The result of `net.diagnose()`: data, and the same in words (`summary`, `findings`, each part's `sentence`).
 * @example
 * const diagnosis = await net.diagnose();
 * console.log(diagnosis.summary);
 * if (diagnosis.udp === "blocked") console.log("UDP is blocked here");
 */
export interface NetworkDiagnosis {
  /** When it started (ms since the epoch). */
  startedAt: number;
  /** How long it took, in ms. */
  durationMs: number;
  /** Whether some probe was still waiting when the time limit ended it. */
  timedOut: boolean;
  /**
   * `member`: TURN was probed with this member's credentials (in a room); `none`: before a room, without any, so a
   * TURN server's 401 shows it is reachable but not that it would relay.
   */
  credentials: "member" | "none";
  /** One entry per STUN and TURN URL the server's ICE configuration lists. */
  servers: IceServerCheck[];
  /** This player's NAT, as far as its ICE candidates tell. */
  nat: NatBehaviour;
  /**
   * Whether UDP gets out to the ICE servers: `blocked` when none answered over UDP (while TCP or TLS ones did, or
   * nothing answered at all); `unknown` when the configuration has no server to reach over UDP.
   */
  udp: "works" | "blocked" | "unknown";
  /** What this predicts for WebRTC with other players (see `WebRTCOutlook`). */
  outlook: WebRTCOutlook;
  /** The current pairs that are not peer to peer, and why (empty outside a room). */
  pairs: PairDiagnosis[];
  /** Every finding in words: the servers, the NAT, UDP, the outlook and the pairs. */
  findings: string[];
  /** The verdict in one or two sentences, for a player. */
  summary: string;
}
