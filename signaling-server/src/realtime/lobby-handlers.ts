import {
  ackError,
  ackOk,
  ConfigureRoom,
  ErrorCode,
  KickMember,
  SetMemberProperties,
  SetRoomProperties,
  TransferHost,
} from "@rallypoint/protocol";
import type * as z from "zod/mini";
import {
  configureRoom,
  kickMember,
  setMemberProperties,
  setRoomProperties,
  transferHost,
  type LobbyOutcome,
  type LobbyRule,
} from "../rooms/lobby-rules.js";
import { parseOrReply, reply } from "./reply.js";
import { socketLog } from "./socket-log.js";
import { memberChannel, roomChannel, type EventHandlers, type RealtimeContext, type SignalingSocket } from "./types.js";

/**
 * The lobby: room and member properties and the host's controls. Each request is validated, applied atomically to
 * the room by the rules in rooms/lobby-rules.ts (in memory or in Redis alike), answered, and told to the room.
 */
export const lobbyHandlers = {
  "room:set-properties": async (context, socket, payload, ack) => {
    const done = await apply(context, socket, SetRoomProperties, payload, ack, (r, self) =>
      setRoomProperties(self, r.properties),
    );
    if (!done) return;
    context.io.to(roomChannel(done.code)).emit("room:properties", { properties: done.value, by: done.self });
    reply(ack, ackOk(null));
  },

  "member:set-properties": async (context, socket, payload, ack) => {
    const done = await apply(context, socket, SetMemberProperties, payload, ack, (r, self) =>
      setMemberProperties(self, r.properties),
    );
    if (!done) return;
    context.io.to(roomChannel(done.code)).emit("member:properties", { id: done.self, properties: done.value });
    reply(ack, ackOk(null));
  },

  "room:configure": async (context, socket, payload, ack) => {
    const done = await apply(context, socket, ConfigureRoom, payload, ack, (change, self) =>
      configureRoom(self, change, { capacity: context.roomCapacity, maxSpectators: context.maxSpectators }),
    );
    if (!done) return;
    context.io.to(roomChannel(done.code)).emit("room:settings", done.value);
    reply(ack, ackOk(done.value));
  },

  "room:kick": async (context, socket, payload, ack) => {
    const now = Date.now();
    const done = await apply(context, socket, KickMember, payload, ack, (request, self) =>
      kickMember(self, request.memberId, now, now + context.kickBanMs),
    );
    if (!done) return;
    const { memberId: target, reason } = done.request;
    context.seatTimers.cancel(done.code, target);
    await context.memberTokens.revoke(target);
    // Told first, then cut: its sockets, on whichever process, leave the room before the others hear it left.
    const kicked = context.io.in(memberChannel(target));
    kicked.emit("room:kicked", reason === undefined ? {} : { reason });
    kicked.disconnectSockets(true);
    context.io.to(roomChannel(done.code)).emit("peer:left", { id: target, reason: "kicked" });
    socketLog(context.log, socket).info({ room: done.code, kicked: target }, "member kicked");
    reply(ack, ackOk(null));
  },

  "room:transfer-host": async (context, socket, payload, ack) => {
    const done = await apply(context, socket, TransferHost, payload, ack, (request, self) =>
      transferHost(self, request.memberId),
    );
    if (!done) return;
    context.io.to(roomChannel(done.code)).emit("host:changed", { hostId: done.value });
    reply(ack, ackOk(null));
  },
} satisfies EventHandlers<
  "room:set-properties" | "member:set-properties" | "room:configure" | "room:kick" | "room:transfer-host"
>;

/** Parses the request, applies the rule it makes for this member's room, and answers; the outcome when applied. */
async function apply<S extends z.ZodMiniType, T>(
  context: RealtimeContext,
  socket: SignalingSocket,
  schema: S,
  payload: unknown,
  ack: unknown,
  ruleOf: (request: z.output<S>, self: string) => LobbyRule<T>,
): Promise<{ request: z.output<S>; value: T; code: string; self: string } | null> {
  const request = parseOrReply(schema, payload, ack);
  if (request === null) return null;
  const { roomCode: code, memberId: self } = socket.data;
  if (!code || !self) {
    reply(ack, ackError("not-in-room", "Join a room first"));
    return null;
  }
  if (socket.data.isSpectator) {
    reply(ack, ackError(ErrorCode.Spectator, "Spectators only watch: no properties or host controls"));
    return null;
  }
  const outcome: LobbyOutcome<T> = await context.registry.applyLobbyRule(code, ruleOf(request, self));
  if (!outcome.ok) {
    reply(ack, ackError(outcome.code, outcome.message));
    return null;
  }
  return { request, value: outcome.value, code, self };
}
