import { ackError, ackOk, ErrorCode, LinkReport } from "@rallypoint/protocol";
import { sumLinkReports, type PeerLinkTotals } from "../observability/peer-link-totals.js";
import { parseOrReply, reply } from "./reply.js";
import type { EventHandlers, SignalingServer } from "./types.js";

/**
 * links:report: a member tells how many of its peer links take each path (and, from newer clients, by route and
 * reason). Kept as the socket's latest report, for the `peer_links` gauges only; it goes when the socket leaves its
 * room or disconnects.
 */
export const linkReportHandlers = {
  "links:report": (_context, socket, payload, ack) => {
    const report = parseOrReply(LinkReport, payload, ack);
    if (!report) return;
    if (!socket.data.roomCode) {
      reply(ack, ackError(ErrorCode.NotInRoom, "Join a room before reporting links"));
      return;
    }
    socket.data.links = report;
    reply(ack, ackOk(null));
  },
} satisfies EventHandlers<"links:report">;

/** Peer pairs by path, route and reason over the members in a room on this server (see sumLinkReports). */
export function peerLinkTotals(io: SignalingServer): PeerLinkTotals {
  return sumLinkReports(latestReports(io));
}

function* latestReports(io: SignalingServer): Iterable<LinkReport> {
  for (const socket of io.of("/").sockets.values()) {
    const { links, roomCode } = socket.data;
    if (links && roomCode) yield links;
  }
}
