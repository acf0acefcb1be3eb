import { randomUUID } from "node:crypto";
import {
  ackError,
  ackOk,
  CreateRoomRequest,
  ErrorCode,
  JoinRoomRequest,
  scopedMemberId,
  type Member,
} from "@rallypoint/protocol";
import { admit, detach, entering, enterRoom, seatGone, vacateSeat } from "./membership.js";
import { parseOrReply, reply } from "./reply.js";
import { socketLog } from "./socket-log.js";
import { roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

const DEFAULT_NAME = "Player";

/** room:create, room:join, room:leave, and what a dropped socket means for its seat. */
export function registerRoomHandlers(context: RealtimeContext, socket: SignalingSocket): void {
  const { registry, log } = context;

  socket.on("room:create", async (payload: unknown, ack: unknown) => {
    const request = parseOrReply(CreateRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    await entering(socket, async () => {
      const room = await registry.create((code) => newMember(code, request.name), socket.id);
      await enterRoom(context, socket, room, room.hostId, ack);
      socketLog(log, socket).info("room created");
    });
  });

  socket.on("room:join", async (payload: unknown, ack: unknown) => {
    const request = parseOrReply(JoinRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    await entering(socket, async () => {
      const member = newMember(request.code, request.name);
      const result = await registry.join(request.code, member, socket.id);
      if (!result.ok) {
        const message =
          result.reason === "room-not-found" ? `No room with code ${request.code}` : `Room ${request.code} is full`;
        const code = result.reason === "room-not-found" ? ErrorCode.RoomNotFound : ErrorCode.RoomFull;
        reply(ack, ackError(code, message));
        return;
      }
      socket.to(roomChannel(result.room.code)).emit("peer:joined", member);
      await enterRoom(context, socket, result.room, member.id, ack);
      socketLog(log, socket).info("member joined");
    });
  });

  socket.on("room:leave", async (ack: unknown) => {
    const seat = detach(context, socket);
    if (!seat) {
      reply(ack, ackError(ErrorCode.NotInRoom, "Not in a room"));
      return;
    }
    await vacateSeat(context, seat.roomCode, seat.memberId, "left", { connection: socket.id });
    reply(ack, ackOk(null));
  });

  // Socket.IO reports a closed tab and a network cut alike ("transport close"), so both hold the seat.
  socket.on("disconnect", () => {
    const seat = detach(context, socket);
    if (!seat) return;
    context.inflight.track("dropping a seat", seatGone(context, seat.roomCode, seat.memberId, socket.id));
  });
}

function newMember(code: string, name: string | undefined): Member {
  return { id: scopedMemberId(code, randomUUID()), name: name ?? DEFAULT_NAME, joinedAt: Date.now() };
}
