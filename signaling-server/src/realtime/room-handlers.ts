import { randomUUID } from "node:crypto";
import { ackError, ackOk, CreateRoomRequest, ErrorCode, JoinRoomRequest, type Member } from "@rallypoint/shared";
import { admit, detach, enterRoom, vacateSeat } from "./membership.js";
import { parseOrReply, reply } from "./reply.js";
import { holdSeat } from "./resume-handlers.js";
import { socketLog } from "./socket-log.js";
import { roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

const DEFAULT_NAME = "Player";

/** room:create, room:join, room:leave, and what a dropped socket means for its seat. */
export function registerRoomHandlers(context: RealtimeContext, socket: SignalingSocket): void {
  const { registry, log } = context;

  socket.on("room:create", (payload: unknown, ack: unknown) => {
    const request = parseOrReply(CreateRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    const member = newMember(request.name);
    const room = registry.create(member);
    enterRoom(context, socket, room, member.id, ack);
    socketLog(log, socket).info("room created");
  });

  socket.on("room:join", (payload: unknown, ack: unknown) => {
    const request = parseOrReply(JoinRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    const member = newMember(request.name);
    const result = registry.join(request.code, member);
    if (!result.ok) {
      const message =
        result.reason === "room-not-found" ? `No room with code ${request.code}` : `Room ${request.code} is full`;
      reply(ack, ackError(result.reason === "room-not-found" ? ErrorCode.RoomNotFound : ErrorCode.RoomFull, message));
      return;
    }
    socket.to(roomChannel(result.room.code)).emit("peer:joined", member);
    enterRoom(context, socket, result.room, member.id, ack);
    socketLog(log, socket).info("member joined");
  });

  socket.on("room:leave", (ack: unknown) => {
    const seat = detach(socket);
    if (!seat) {
      reply(ack, ackError(ErrorCode.NotInRoom, "Not in a room"));
      return;
    }
    vacateSeat(context, seat.roomCode, seat.memberId, "left");
    reply(ack, ackOk(null));
  });

  // Socket.IO reports a closed tab and a network cut alike ("transport close"), so both hold the seat.
  socket.on("disconnect", () => {
    const seat = detach(socket);
    if (!seat) return;
    if (context.resumeGraceMs > 0) holdSeat(context, seat.roomCode, seat.memberId);
    else vacateSeat(context, seat.roomCode, seat.memberId, "disconnected");
  });
}

function newMember(name: string | undefined): Member {
  return { id: randomUUID(), name: name ?? DEFAULT_NAME, joinedAt: Date.now() };
}
