import { ackError, ErrorCode, ResumeFailedReason, ResumeRoomRequest, type MemberId } from "@rallypoint/shared";
import { admit, detach, enterRoom, vacateSeat } from "./membership.js";
import { parseOrReply, reply } from "./reply.js";
import { socketLog } from "./socket-log.js";
import { memberChannel, roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

const FAILURE_MESSAGES: Record<ResumeFailedReason, string> = {
  [ResumeFailedReason.Unknown]: "The room no longer exists",
  [ResumeFailedReason.Expired]: "The seat was released: its grace window ended, or it left",
  [ResumeFailedReason.BadToken]: "The resume token does not match",
};

/** room:resume: a member whose socket dropped takes its held seat back, same id, with a new socket. */
export function registerResumeHandlers(context: RealtimeContext, socket: SignalingSocket): void {
  socket.on("room:resume", (payload: unknown, ack: unknown) => {
    const request = parseOrReply(ResumeRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    const { code, memberId } = request;
    const result = context.registry.resume(code, memberId, request.resumeToken);
    if (!result.ok) {
      reply(ack, ackError(ErrorCode.ResumeFailed, FAILURE_MESSAGES[result.reason], result.reason));
      socketLog(context.log, socket).info({ room: code, member: memberId, reason: result.reason }, "resume refused");
      return;
    }
    context.seatTimers.cancel(code, memberId);
    // The client may notice a dead connection before the server does: its old socket is still bound to the seat.
    if (!result.wasHeld) evictOldSockets(context, memberId, socket);
    socket.to(roomChannel(code)).emit("peer:resumed", { id: memberId });
    if (result.newHostId)
      context.io.to(roomChannel(code)).except(socket.id).emit("host:changed", { hostId: result.newHostId });
    enterRoom(context, socket, result.room, memberId, ack);
    socketLog(context.log, socket).info("member resumed");
  });
}

/**
 * Holds a dropped member's seat for the grace window. The host role moves at once: a game cannot wait up to the
 * whole window on a host that closed its tab.
 */
export function holdSeat(context: RealtimeContext, roomCode: string, memberId: MemberId): void {
  const result = context.registry.hold(roomCode, memberId, Date.now());
  if (!result) return;
  const room = context.io.to(roomChannel(roomCode));
  room.emit("peer:reconnecting", { id: memberId });
  if (result.newHostId) room.emit("host:changed", { hostId: result.newHostId });
  context.seatTimers.start(roomCode, memberId, context.resumeGraceMs, () =>
    vacateSeat(context, roomCode, memberId, "timeout"),
  );
  context.log.info({ room: roomCode, member: memberId, graceMs: context.resumeGraceMs }, "seat held");
}

function evictOldSockets(context: RealtimeContext, memberId: MemberId, current: SignalingSocket): void {
  for (const socketId of context.io.sockets.adapter.rooms.get(memberChannel(memberId)) ?? []) {
    const old = context.io.sockets.sockets.get(socketId);
    if (!old || old === current) continue;
    // Unbound first, so its disconnect handler does not hold the seat it no longer has.
    detach(old);
    old.disconnect(true);
  }
}
