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
} from "@rallypoint/protocol";
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
  if (socket.data.isEntering) {
    reply(ack, ackError(ErrorCode.AlreadyInRoom, "Already entering a room; wait for its answer"));
    return false;
  }
  return true;
}

/**
 * Runs an admitted create, join or resume: while it waits on the room store, the socket counts as entering, so a
 * second request from it is refused as if it were already in a room.
 */
export async function entering(socket: SignalingSocket, enter: () => Promise<void>): Promise<void> {
  socket.data.isEntering = true;
  try {
    await enter();
  } finally {
    socket.data.isEntering = false;
  }
}

/**
 * Binds the socket to its member's seat and answers RoomJoined with the room as it is now. A socket that
 * disconnected while the store was busy never had its seat to drop: its seat is dropped here instead.
 */
export async function enterRoom(
  context: RealtimeContext,
  socket: SignalingSocket,
  room: Room,
  memberId: MemberId,
  ack: unknown,
): Promise<void> {
  const resumeToken = room.resumeTokenOf(memberId);
  if (resumeToken === undefined) throw new Error("enterRoom called for a member without a seat");
  // Kept across a resume: PeerJS lets a client with the same id and token replace its stale socket at once.
  const peerToken = await context.memberTokens.ensure(memberId);
  await context.seatBindings.bind(room.code, memberId, socket.id);
  if (socket.disconnected) {
    await seatGone(context, room.code, memberId, socket.id);
    return;
  }
  socket.data.memberId = memberId;
  socket.data.roomCode = room.code;
  socket.data.isSpectator = room.isSpectator(memberId);
  void socket.join([roomChannel(room.code), memberChannel(memberId)]);
  const joined: RoomJoined = {
    code: room.code,
    selfId: memberId,
    hostId: room.hostId,
    members: [...room.members],
    ...context.ice.forMember(memberId),
    resumeToken,
    resumeGraceMs: context.resumeGraceMs,
    peerToken,
    properties: room.properties,
    settings: room.settings,
  };
  reply(ack, ackOk(joined));
}

/** Unbinds the socket from its seat (the seat itself is the store's business). Returns what it was bound to. */
export function detach(
  context: RealtimeContext,
  socket: SignalingSocket,
): { roomCode: string; memberId: MemberId } | null {
  const { roomCode, memberId } = socket.data;
  if (!roomCode || !memberId) return null;
  socket.data.roomCode = undefined;
  socket.data.memberId = undefined;
  socket.data.isSpectator = undefined;
  socket.data.links = undefined;
  void socket.leave(roomChannel(roomCode));
  void socket.leave(memberChannel(memberId));
  context.inflight.track("unbinding a seat", context.seatBindings.unbind(roomCode, memberId, socket.id));
  return { roomCode, memberId };
}

/**
 * What a dropped socket means for the seat it was bound to: held for the grace window, or freed when there is none.
 * A socket that was replaced (its member resumed on another socket, perhaps on another server) changes nothing.
 */
export async function seatGone(
  context: RealtimeContext,
  roomCode: string,
  memberId: MemberId,
  connection: string,
): Promise<void> {
  if (context.resumeGraceMs > 0) await holdSeat(context, roomCode, memberId, connection);
  else await vacateSeat(context, roomCode, memberId, "disconnected", { connection });
}

/**
 * Holds a dropped member's seat for the grace window. The host role moves at once: a game cannot wait up to the
 * whole window on a host that closed its tab. The deadline is stored with the seat, so whichever server's timer or
 * sweep sees it first releases it, even when this one is gone by then.
 */
export async function holdSeat(
  context: RealtimeContext,
  roomCode: string,
  memberId: MemberId,
  connection: string,
): Promise<void> {
  const now = Date.now();
  const until = now + context.resumeGraceMs;
  // A shutdown drops everyone here at once: the host keeps its role, or the first member back would take it.
  const shuttingDown = context.shuttingDown();
  const result = await context.registry.hold(roomCode, memberId, now, {
    until,
    connection,
    ...(shuttingDown && { shuttingDown }),
  });
  if (!result) return;
  const room = context.io.to(roomChannel(roomCode));
  room.emit("peer:reconnecting", { id: memberId });
  if (result.newHostId) room.emit("host:changed", { hostId: result.newHostId });
  context.seatTimers.start(roomCode, memberId, context.resumeGraceMs, () =>
    context.inflight.track("releasing a held seat", vacateSeat(context, roomCode, memberId, "timeout", { until })),
  );
  context.log.info({ room: roomCode, member: memberId, graceMs: context.resumeGraceMs }, "seat held");
}

export interface VacateOptions {
  /** Leave or disconnect: only while the seat is bound to this socket. */
  connection?: string;
  /** Timeout: only the hold whose grace window ends at this time. */
  until?: number;
  /** Leave without a socket (a page's beacon): only for the holder of the seat's resume token. */
  resumeToken?: string;
}

/**
 * Frees a seat for good (leave, or the end of its grace window) and tells the room, host hand-off included. True
 * when it did (the seat was there and, given `connection`, `until` or `resumeToken`, matched).
 * Nothing happens when the seat is no longer in that state (it resumed, or another server freed it first).
 */
export async function vacateSeat(
  context: RealtimeContext,
  roomCode: string,
  memberId: MemberId,
  reason: PeerLeftReason,
  { connection, until, resumeToken }: VacateOptions = {},
): Promise<boolean> {
  const result =
    reason === "timeout"
      ? await context.registry.release(roomCode, memberId, until)
      : await context.registry.leave(roomCode, memberId, connection, resumeToken);
  if (!result) return false;
  context.seatTimers.cancel(roomCode, memberId);
  await context.memberTokens.revoke(memberId);
  // A page that said it was going away and did not come back in its reload window left; it did not time out.
  const told = result.wasLeaving ? "left" : reason;
  const room = context.io.to(roomChannel(roomCode));
  room.emit("peer:left", { id: memberId, reason: told });
  if (result.newHostId) room.emit("host:changed", { hostId: result.newHostId });
  context.log.info({ room: roomCode, member: memberId, reason: told, deleted: result.deleted }, "member left");
  return true;
}
