import { ackError, ackOk, ErrorCode, LinkReport } from "@rallypoint/protocol";
import type { PeerLinkPath } from "../observability/metrics.js";
import { parseOrReply, reply } from "./reply.js";
import type { RealtimeContext, SignalingServer, SignalingSocket } from "./types.js";

/**
 * links:report: a member tells how many of its peer links take each path. Kept as the socket's latest report, for
 * the `peer_links` gauge only; it goes when the socket leaves its room or disconnects.
 */
export function registerLinkReportHandlers(_context: RealtimeContext, socket: SignalingSocket): void {
  socket.on("links:report", (payload: unknown, ack: unknown) => {
    const report = parseOrReply(LinkReport, payload, ack);
    if (!report) return;
    if (!socket.data.roomCode) {
      reply(ack, ackError(ErrorCode.NotInRoom, "Join a room before reporting links"));
      return;
    }
    socket.data.links = report;
    reply(ack, ackOk(null));
  });
}

/**
 * Peer pairs by path over the members connected to this server. Both ends of a pair report it, so each report
 * counts half of each link: a pair both ends see on WebRTC counts 1 under `webrtc`, and a pair the two ends see
 * differently for a moment (one switched, the other not yet) counts ½ under each path.
 */
export function peerLinkTotals(io: SignalingServer): Record<PeerLinkPath, number> {
  const totals = { webrtc: 0, relay: 0, none: 0 };
  for (const socket of io.of("/").sockets.values()) {
    const { links, roomCode } = socket.data;
    if (!links || !roomCode) continue;
    totals.webrtc += links.webrtc / 2;
    totals.relay += links.relay / 2;
    totals.none += links.none / 2;
  }
  return totals;
}
