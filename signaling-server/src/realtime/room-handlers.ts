import { randomUUID } from "node:crypto";
import {
  ackError,
  ackOk,
  checkProtocolVersion,
  CreateRoomRequest,
  ErrorCode,
  IncompatibilityReason,
  JoinRoomRequest,
  PROTOCOL_VERSION,
  type Member,
  type PeerLeftReason,
  type RoomJoined,
} from "@rallypoint/shared";
import type { Room } from "../rooms/room.js";
import { parseOrReply, reply } from "./reply.js";
import { memberChannel, roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

const DEFAULT_NAME = "Player";

/** room:create, room:join, room:leave, and leaving on disconnect. */
export function registerRoomHandlers(context: RealtimeContext, socket: SignalingSocket): void {
  const { registry, log } = context;

  socket.on("room:create", (payload: unknown, ack: unknown) => {
    const request = parseOrReply(CreateRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    const room = registry.create(newMember(request.name));
    enterRoom(context, socket, room, ack);
    log.info({ room: room.code, member: socket.data.memberId }, "room created");
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
    enterRoom(context, socket, result.room, ack);
    log.info({ room: result.room.code, member: member.id }, "member joined");
  });

  socket.on("room:leave", (ack: unknown) => {
    if (!socket.data.roomCode) {
      reply(ack, ackError(ErrorCode.NotInRoom, "Not in a room"));
      return;
    }
    leaveRoom(context, socket, "left");
    reply(ack, ackOk(null));
  });

  socket.on("disconnect", () => leaveRoom(context, socket, "disconnected"));
}

/** Checks that the socket may enter a room; answers the reason when it may not. */
function admit(socket: SignalingSocket, protocolVersion: number, ack: unknown): boolean {
  const incompatibility = checkProtocolVersion(protocolVersion);
  if (incompatibility) {
    const side = incompatibility === IncompatibilityReason.ClientTooOld ? "client" : "server";
    reply(
      ack,
      ackError(
        ErrorCode.IncompatibleVersion,
        `The ${side} is too old: client speaks protocol ${protocolVersion}, server speaks ${PROTOCOL_VERSION}`,
      ),
    );
    return false;
  }
  if (socket.data.roomCode) {
    reply(ack, ackError(ErrorCode.AlreadyInRoom, `Already in room ${socket.data.roomCode}; leave it first`));
    return false;
  }
  return true;
}

function newMember(name: string | undefined): Member {
  return { id: randomUUID(), name: name ?? DEFAULT_NAME, joinedAt: Date.now() };
}

function enterRoom(context: RealtimeContext, socket: SignalingSocket, room: Room, ack: unknown): void {
  const self = room.members[room.members.length - 1];
  if (!self) throw new Error("enterRoom called on a room without the new member");
  socket.data.memberId = self.id;
  socket.data.roomCode = room.code;
  void socket.join([roomChannel(room.code), memberChannel(self.id)]);
  const joined: RoomJoined = {
    code: room.code,
    selfId: self.id,
    hostId: room.hostId,
    members: [...room.members],
    ...context.ice.forMember(self.id),
    peerToken: context.memberTokens.issue(self.id),
  };
  reply(ack, ackOk(joined));
}

function leaveRoom(context: RealtimeContext, socket: SignalingSocket, reason: PeerLeftReason): void {
  const { roomCode, memberId } = socket.data;
  if (!roomCode || !memberId) return;
  socket.data.roomCode = undefined;
  socket.data.memberId = undefined;
  void socket.leave(roomChannel(roomCode));
  void socket.leave(memberChannel(memberId));
  context.memberTokens.revoke(memberId);
  const result = context.registry.leave(roomCode, memberId);
  if (!result) return;
  const room = context.io.to(roomChannel(roomCode));
  room.emit("peer:left", { id: memberId, reason });
  if (result.newHostId) room.emit("host:changed", { hostId: result.newHostId });
  context.log.info({ room: roomCode, member: memberId, reason, deleted: result.deleted }, "member left");
}
