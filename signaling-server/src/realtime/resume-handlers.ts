import { ackError, ErrorCode, ResumeFailedReason, ResumeRoomRequest, type MemberId } from "@rallypoint/protocol";
import { admit, entering, enterRoom } from "./membership.js";
import { parseOrReply, reply } from "./reply.js";
import { endHostWindowLater, restoreLostRoom } from "./restore-handler.js";
import { socketLog } from "./socket-log.js";
import { memberChannel, roomChannel, type EventHandlers, type RealtimeContext, type SignalingSocket } from "./types.js";

const FAILURE_MESSAGES: Record<ResumeFailedReason, string> = {
  [ResumeFailedReason.Unknown]: "The room no longer exists",
  [ResumeFailedReason.Expired]: "The seat was released: its grace window ended, or it left",
  [ResumeFailedReason.BadToken]: "The resume token does not match",
};

/** room:resume: a member whose socket dropped takes its held seat back, same id, with a new socket. */
export const resumeHandlers = {
  "room:resume": async (context, socket, payload, ack) => {
    const request = parseOrReply(ResumeRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    const { code, memberId } = request;
    await entering(socket, async () => {
      // Binds the seat to this socket in the same step: the old socket's drop, whenever it is seen, changes nothing.
      let result = await context.registry.resume(code, memberId, request.resumeToken, socket.id);
      if (!result.ok && result.reason === ResumeFailedReason.Unknown && request.room) {
        // The server restarted and lost the room: this member's view may put it back.
        const restored = await restoreLostRoom(context, socket, request, ack);
        if (restored === null) return;
        if (restored) {
          await enterRoom(context, socket, restored, memberId, ack);
          socketLog(context.log, socket).info("member resumed");
          return;
        }
        // Another member restored it meanwhile: its seat is there, held.
        result = await context.registry.resume(code, memberId, request.resumeToken, socket.id);
      }
      if (!result.ok) {
        reply(ack, ackError(ErrorCode.ResumeFailed, FAILURE_MESSAGES[result.reason], result.reason));
        socketLog(context.log, socket).info({ room: code, member: memberId, reason: result.reason }, "resume refused");
        return;
      }
      context.seatTimers.cancel(code, memberId);
      // Back after a restart before the host: the host keeps its role for the restore window only.
      const { reservedHostId } = result.room;
      if (reservedHostId !== null && reservedHostId !== memberId) endHostWindowLater(context, code);
      // The client may notice a dead connection before the server does: its old socket is still bound to the seat.
      if (!result.wasHeld) evictOldSockets(context, memberId, socket);
      // Before the answer: the others start their links with a restarted page over before it can send them anything.
      socket
        .to(roomChannel(code))
        .emit("peer:resumed", { id: memberId, ...(request.restarted && { restarted: true }) });
      if (result.newHostId)
        context.io.to(roomChannel(code)).except(socket.id).emit("host:changed", { hostId: result.newHostId });
      await enterRoom(context, socket, result.room, memberId, ack);
      socketLog(context.log, socket).info("member resumed");
    });
  },
} satisfies EventHandlers<"room:resume">;

/** Disconnects the member's other sockets, on whichever server they are (through the adapter). */
function evictOldSockets(context: RealtimeContext, memberId: MemberId, current: SignalingSocket): void {
  context.io.in(memberChannel(memberId)).except(current.id).disconnectSockets(true);
}
