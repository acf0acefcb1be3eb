import * as z from "zod/mini";
import { Limits } from "../limits.js";

/** A member has a link to each other member of its room, spectators included. */
const MAX_PEER_LINKS = Limits.maxRoomCapacity + Limits.maxSpectators - 1;
const linkCount = z.number().check(z.int(), z.nonnegative(), z.lte(MAX_PEER_LINKS));

/**
 * How a pair on WebRTC reaches the other side, as one end sees it: peer to peer (`direct`), or through its own TURN
 * server over UDP, TCP or TLS (`turn-udp`, `turn-tcp`, `turn-tls`), or through TURN whose transport this end cannot
 * tell (`turn`: only the other end's candidate is relayed, so that end knows the transport; or a browser that does
 * not say).
 */
export const LINK_ROUTES = ["direct", "turn-udp", "turn-tcp", "turn-tls", "turn"] as const;
/**
 * One of LINK_ROUTES.
 * @example
 * const isTurn = (route: LinkRoute) => route.startsWith("turn");
 */
export type LinkRoute = (typeof LINK_ROUTES)[number];

/**
 * Why a pair is not on WebRTC (on the relay, or nowhere in WEBRTC_ONLY), as the client library knows it:
 * - `signaling-only`: the mode is SIGNALING_ONLY, WebRTC is not attempted;
 * - `connecting`: the first WebRTC attempt is still running;
 * - `ice-failed`: ICE found no candidate pair that works (connectionState `failed`);
 * - `turn-refused`: a TURN server answered with an error (401 for a wrong or expired credential, 403, 486...) and
 *   the attempt failed;
 * - `timeout`: the attempt did not open in time, with no ICE server error to explain it;
 * - `signaling-failed`: WebRTC signaling could not reach the peer (PeerJS: peer unavailable, or its socket failed);
 * - `connection-lost`: the data connection closed or stopped answering (heartbeats), on either side.
 */
export const RELAY_REASONS = [
  "signaling-only",
  "connecting",
  "ice-failed",
  "turn-refused",
  "timeout",
  "signaling-failed",
  "connection-lost",
] as const;
/**
 * One of RELAY_REASONS: why a pair is off WebRTC (the client's `LinkInfo.relayReason`).
 * @example
 * const refused = net.getLinks().filter((link) => link.relayReason === "turn-refused");
 */
export type RelayReason = (typeof RELAY_REASONS)[number];

/** Counts by key, every key optional (absent is 0); unknown keys are dropped, so a newer client's are not refused. */
const breakdown = <Key extends string>(keys: readonly Key[]) =>
  z.partial(z.object(Object.fromEntries(keys.map((key) => [key, linkCount])) as Record<Key, typeof linkCount>));

const sum = (counts: Partial<Record<string, number>> | undefined): number =>
  Object.values(counts ?? {}).reduce<number>((total, count) => total + (count ?? 0), 0);

/**
 * links:report, what a member's library sees of its own peer links: how many take each path right now (the
 * client's `LinkInfo.path`: `webrtc`, `relay`, or `none` in WEBRTC_ONLY while no data channel is open); and, since
 * it is optional, older clients leave it out: `routes` splits the `webrtc` links by route (those whose route is not
 * known yet are left out), `reasons` splits the `relay` and `none` links by why they are not on WebRTC. The server
 * keeps each member's latest report for its `peer_links` metrics only; nothing else depends on it, and it is not
 * trusted for anything else.
 */
export const LinkReport = z
  .object({
    webrtc: linkCount,
    relay: linkCount,
    none: linkCount,
    routes: z.optional(/* @__PURE__ */ breakdown(LINK_ROUTES)),
    reasons: z.optional(/* @__PURE__ */ breakdown(RELAY_REASONS)),
  })
  .check(
    z.refine((report) => report.webrtc + report.relay + report.none <= MAX_PEER_LINKS, {
      message: `a member has at most ${MAX_PEER_LINKS} peer links`,
    }),
    z.refine((report) => sum(report.routes) <= report.webrtc, {
      message: "routes count more links than are on webrtc",
    }),
    z.refine((report) => sum(report.reasons) <= report.relay + report.none, {
      message: "reasons count more links than are off webrtc",
    }),
  );
export type LinkReport = z.infer<typeof LinkReport>;
