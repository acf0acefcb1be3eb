import type { EventDispatch } from "../security/event-guard.js";
import { directoryHandlers } from "./directory-handlers.js";
import { linkReportHandlers } from "./link-report-handlers.js";
import { lobbyHandlers } from "./lobby-handlers.js";
import { relayHandlers } from "./relay-handlers.js";
import { resumeHandlers } from "./resume-handlers.js";
import { roomHandlers } from "./room-handlers.js";
import { timeHandlers } from "./time-handlers.js";
import type { EventHandlers, RealtimeContext } from "./types.js";
import { visibilityHandlers } from "./visibility-handlers.js";

/** Every client event's handler: one function each for all sockets, typed so that no event can be left without one. */
export const EVENT_HANDLERS: EventHandlers = {
  ...roomHandlers,
  ...resumeHandlers,
  ...relayHandlers,
  ...timeHandlers,
  ...linkReportHandlers,
  ...visibilityHandlers,
  ...lobbyHandlers,
  ...directoryHandlers,
};

/**
 * How the event guard hands a server's events to their handlers. No client event takes more than a payload and its
 * answer (security/answer.ts ACK_POSITION), so the handler gets packet[1] and packet[2] without a copy of the packet.
 */
export function dispatchTo(context: RealtimeContext): EventDispatch {
  return (socket, event, packet) => EVENT_HANDLERS[event](context, socket, packet[1], packet[2]);
}
