import * as z from "zod/mini";
import { Limits } from "../limits.js";

/** A member has a link to each other member of its room. */
const MAX_PEER_LINKS = Limits.maxRoomCapacity - 1;
const linkCount = z.number().check(z.int(), z.nonnegative(), z.lte(MAX_PEER_LINKS));

/**
 * links:report, what a member's library sees of its own peer links: how many take each path right now (the
 * client's `LinkInfo.path`: `webrtc`, `relay`, or `none` in WEBRTC_ONLY while no data channel is open). The server
 * keeps each member's latest report for its `peer_links` metric only; nothing else depends on it, and it is not
 * trusted for anything else.
 */
export const LinkReport = z.object({ webrtc: linkCount, relay: linkCount, none: linkCount }).check(
  z.refine((report) => report.webrtc + report.relay + report.none <= MAX_PEER_LINKS, {
    message: `a member has at most ${MAX_PEER_LINKS} peer links`,
  }),
);
export type LinkReport = z.infer<typeof LinkReport>;
