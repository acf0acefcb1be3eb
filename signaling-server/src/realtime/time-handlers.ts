import { ackOk, TimeSyncRequest } from "@rallypoint/protocol";
import { parseOrReply, reply } from "./reply.js";
import type { EventHandlers } from "./types.js";

/**
 * time:sync: stamps the server's clock for NTP-style clock sync, so every member of a room shares one time base.
 * Needs no room: a client may sync while it is still in the lobby.
 */
export const timeHandlers = {
  "time:sync": (_context, _socket, payload, ack) => {
    // Stamped before validation: the stamp should be as close to the moment of receipt as the handler can get.
    const receivedAt = Date.now();
    const request = parseOrReply(TimeSyncRequest, payload, ack);
    if (!request) return;
    reply(ack, ackOk({ t0: request.t0, t1: receivedAt }));
  },
} satisfies EventHandlers<"time:sync">;
