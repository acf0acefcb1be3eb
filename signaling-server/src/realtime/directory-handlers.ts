import {
  ackError,
  ackOk,
  ErrorCode,
  ListRoomsRequest,
  QuickJoinRequest,
  type Ack,
  type RoomJoined,
} from "@rallypoint/protocol";
import { listRooms, quickJoinCandidates } from "../rooms/room-directory.js";
import { admit, entering } from "./membership.js";
import { parseOrReply, reply } from "./reply.js";
import { createAndEnter, joinAndEnter } from "./room-handlers.js";
import type { EventHandlers } from "./types.js";

/**
 * The directory of public rooms (rooms/room-directory.ts): `room:list`, allowed outside a room, and `room:quick-join`.
 * Both are rate-limited per socket by the event guard. A quick join enters through the join path, whose capacity
 * and lock checks stay the authority: a candidate that filled or locked since it was listed is skipped for the next.
 */
export const directoryHandlers = {
  "room:list": async (context, _socket, payload, ack) => {
    const request = parseOrReply(ListRoomsRequest, payload, ack);
    if (!request) return;
    reply(ack, ackOk(await listRooms(context.registry, request)));
  },

  "room:quick-join": async (context, socket, payload, ack) => {
    const request = parseOrReply(QuickJoinRequest, payload, ack);
    if (!request || !admit(socket, request.protocolVersion, ack)) return;
    await entering(socket, async () => {
      for (const code of await quickJoinCandidates(context.registry, request.filter)) {
        const refusal = await joinAndEnter(context, socket, code, { name: request.name }, answered(ack, false));
        if (refusal === null) return;
      }
      if (!request.create) {
        reply(ack, ackError(ErrorCode.NoRoomFound, "No public room with a free seat matches; try again or create one"));
        return;
      }
      const options = { isPublic: true, properties: request.create.properties ?? {} };
      await createAndEnter(context, socket, request.name, options, answered(ack, true));
    });
  },
} satisfies EventHandlers<"room:list" | "room:quick-join">;

/** The ack of a quick join, as enterRoom answers it: RoomJoined, plus whether this quick join created the room. */
function answered(ack: unknown, created: boolean): (result: Ack<RoomJoined>) => void {
  return (result) => reply(ack, result.ok ? ackOk({ ...result.data, created }) : result);
}
