import { NatType } from "./nat.js";
import type { TurnTransport } from "@rallypoint/client";
import type { IceOffer } from "./lab-services.js";

/** How a pair's game messages travel: a direct data channel, a data channel through TURN, or the Socket.IO relay. */
export type PairPath = "direct" | "turn" | "relay";

/**
 * Where a pair should end up, from the two routers' NAT types and what the server's ICE configuration offers:
 * - only TCP 443 let out on either side: only TURN over TLS on 443 reaches the other player, so TURN if offered;
 * - UDP blocked on either side: only TURN over TCP reaches the other player, so TURN, or the relay without it;
 * - symmetric against symmetric or port-restricted: the symmetric side reaches the other from a port nobody could
 *   predict, and the other's router lets in only the port it sent to, so TURN, or the relay without it;
 * - anything else connects directly (STUN gives each side's mapped address; port-restricted routers open up as both
 *   sides send to each other's mapped port at once; full cone and no NAT accept a symmetric peer's fresh port, and
 *   a symmetric peer's own router lets the answers back in).
 */
export function expectedPath(a: NatType, b: NatType, ice: IceOffer): PairPath {
  const hasTurn = ice !== "stun";
  if (a === NatType.Tcp443Only || b === NatType.Tcp443Only) return ice === "stun+turn+tls" ? "turn" : "relay";
  if (a === NatType.UdpBlocked || b === NatType.UdpBlocked) return hasTurn ? "turn" : "relay";
  const filtersStrictly = (nat: NatType): boolean => nat === NatType.Symmetric || nat === NatType.PortRestricted;
  const oneSymmetric = a === NatType.Symmetric || b === NatType.Symmetric;
  if (oneSymmetric && filtersStrictly(a) && filtersStrictly(b)) return hasTurn ? "turn" : "relay";
  return "direct";
}

/**
 * How a player behind `nat` must reach the TURN server when its pair goes through TURN, where only one way gets out:
 * TLS from `tcp-443-only`, TCP from `udp-blocked` when TLS is not offered. Null: not determined by the network.
 */
export function expectedTurnTransport(nat: NatType, ice: IceOffer): TurnTransport | null {
  if (nat === NatType.Tcp443Only) return "tls";
  if (nat === NatType.UdpBlocked && ice === "stun+turn") return "tcp";
  return null;
}
