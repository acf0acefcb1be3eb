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
import type { NewRoomOptions } from "../rooms/room-types.js";
import type { JoinResult } from "../rooms/seat-rules.js";
import { admit, detach, entering, enterRoom, seatGone, vacateSeat } from "./membership.js";
import { parseOrReply, reply } from "./reply.js";
import { socketLog } from "./socket-log.js";
import { roomChannel, type EventHandlers, type RealtimeContext, type SignalingSocket } from "./types.js";

const DEFAULT_NAME = "Player";

type JoinRefusal = Exclude<JoinResult, { ok: true }>["reason"];

/** Why a join was refused, as the client is told (`%s`: the room's code). */
const JOIN_REFUSALS: Record<JoinRefusal, [ErrorCode, string]> = {
  "room-not-found": [ErrorCode.RoomNotFound, "No room with code %s"],
  "room-full": [ErrorCode.RoomFull, "Room %s is full"],
  "spectators-full": [ErrorCode.RoomFull, "Room %s has no spectator places left"],
  "room-locked": [ErrorCode.RoomLocked, "Room %s is locked: its host lets nobody in for now"],
  kicked: [ErrorCode.Kicked, "The host of room %s removed you; try again later"],
};

/** room:create, room:join and room:leave; what a dropped socket means for its seat is `dropSeat`. */
export const roomHandlers = {
  "room:create": async (context, socket, payload, ack) => {
    const request = parseOrReply(CreateRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    const options = { isPublic: request.public ?? false, properties: request.properties ?? {} };
    await entering(socket, () => createAndEnter(context, socket, request.name, options, ack));
  },

  "room:join": async (context, socket, payload, ack) => {
    const request = parseOrReply(JoinRoomRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    await entering(socket, async () => {
      const who = { name: request.name, spectator: request.spectator === true };
      const refusal = await joinAndEnter(context, socket, request.code, who, ack);
      if (refusal) {
        const [code, message] = JOIN_REFUSALS[refusal];
        reply(ack, ackError(code, message.replace("%s", request.code)));
      }
    });
  },

  "room:leave": async (context, socket, ack) => {
    const seat = detach(context, socket);
    if (!seat) {
      reply(ack, ackError(ErrorCode.NotInRoom, "Not in a room"));
      return;
    }
    await vacateSeat(context, seat.roomCode, seat.memberId, "left", { connection: socket.id });
    reply(ack, ackOk(null));
  },
} satisfies EventHandlers<"room:create" | "room:join" | "room:leave">;

/** What a socket's disconnection means for its seat: held for the grace window, or freed (membership.ts seatGone). */
export function dropSeat(context: RealtimeContext, socket: SignalingSocket): void {
  const seat = detach(context, socket);
  if (!seat) return;
  context.inflight.track("dropping a seat", seatGone(context, seat.roomCode, seat.memberId, socket.id));
}

/** Creates a room with this socket's member as its host, and answers RoomJoined. Call it within entering(). */
export async function createAndEnter(
  context: RealtimeContext,
  socket: SignalingSocket,
  name: string | undefined,
  options: NewRoomOptions,
  ack: unknown,
): Promise<void> {
  const room = await context.registry.create((code) => newMember(code, name), socket.id, {
    ...options,
    maxSpectators: context.maxSpectators,
    origin: { address: context.addressOf(socket), userId: socket.data.userId },
  });
  await enterRoom(context, socket, room, room.hostId, ack);
  socketLog(context.log, socket).info({ public: room.isPublic }, "room created");
}

/**
 * Joins room `code`, tells its members and answers RoomJoined; answers nothing when the room refused, and returns
 * why. Call it within entering().
 */
export async function joinAndEnter(
  context: RealtimeContext,
  socket: SignalingSocket,
  code: string,
  who: { name: string | undefined; spectator?: boolean },
  ack: unknown,
): Promise<JoinRefusal | null> {
  const member = newMember(code, who.name, who.spectator);
  const admission = {
    address: context.addressOf(socket),
    userId: socket.data.userId,
    now: Date.now(),
    maxSpectators: context.maxSpectators,
  };
  const result = await context.registry.join(code, member, socket.id, admission);
  if (!result.ok) return result.reason;
  const channel = socket.to(roomChannel(result.room.code));
  channel.emit("peer:joined", member);
  if (result.newHostId) channel.emit("host:changed", { hostId: result.newHostId });
  await enterRoom(context, socket, result.room, member.id, ack);
  socketLog(context.log, socket).info("member joined");
  return null;
}

function newMember(code: string, name: string | undefined, spectator = false): Member {
  const member: Member = { id: scopedMemberId(code, randomUUID()), name: name ?? DEFAULT_NAME, joinedAt: Date.now() };
  return spectator ? { ...member, spectator: true } : member;
}
