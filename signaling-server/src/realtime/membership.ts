import {
  ackError,
  ackOk,
  checkProtocolVersion,
  ErrorCode,
  IncompatibilityReason,
  PROTOCOL_VERSION,
  type MemberId,
  type PeerLeftReason,
  type RoomJoined,
} from "@rallypoint/shared";
import type { Room } from "../rooms/room.js";
import { reply } from "./reply.js";
import { memberChannel, roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

/** Checks that the socket may enter a room; answers the reason when it may not. */
export function admit(socket: SignalingSocket, protocolVersion: number, ack: unknown): boolean {
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

/** Binds the socket to its member's seat and answers RoomJoined with the room as it is now. */
export function enterRoom(
  context: RealtimeContext,
  socket: SignalingSocket,
  room: Room,
  memberId: MemberId,
  ack: unknown,
): void {
  const resumeToken = room.resumeTokenOf(memberId);
  if (resumeToken === undefined) throw new Error("enterRoom called for a member without a seat");
  socket.data.memberId = memberId;
  socket.data.roomCode = room.code;
  void socket.join([roomChannel(room.code), memberChannel(memberId)]);
  const joined: RoomJoined = {
    code: room.code,
    selfId: memberId,
    hostId: room.hostId,
    members: [...room.members],
    ...context.ice.forMember(memberId),
    resumeToken,
    resumeGraceMs: context.resumeGraceMs,
    // Kept across a resume: PeerJS lets a client with the same id and token replace its stale socket at once.
    peerToken: context.memberTokens.tokenOf(memberId) ?? context.memberTokens.issue(memberId),
  };
  reply(ack, ackOk(joined));
}

/** Unbinds the socket from its seat (the seat itself is the registry's business). Returns what it was bound to. */
export function detach(socket: SignalingSocket): { roomCode: string; memberId: MemberId } | null {
  const { roomCode, memberId } = socket.data;
  if (!roomCode || !memberId) return null;
  socket.data.roomCode = undefined;
  socket.data.memberId = undefined;
  socket.data.links = undefined;
  void socket.leave(roomChannel(roomCode));
  void socket.leave(memberChannel(memberId));
  return { roomCode, memberId };
}

/** Frees a seat for good (leave, or the end of its grace window) and tells the room, host hand-off included. */
export function vacateSeat(
  context: RealtimeContext,
  roomCode: string,
  memberId: MemberId,
  reason: PeerLeftReason,
): void {
  context.seatTimers.cancel(roomCode, memberId);
  context.memberTokens.revoke(memberId);
  const result =
    reason === "timeout" ? context.registry.release(roomCode, memberId) : context.registry.leave(roomCode, memberId);
  if (!result) return;
  const room = context.io.to(roomChannel(roomCode));
  room.emit("peer:left", { id: memberId, reason });
  if (result.newHostId) room.emit("host:changed", { hostId: result.newHostId });
  context.log.info({ room: roomCode, member: memberId, reason, deleted: result.deleted }, "member left");
}
