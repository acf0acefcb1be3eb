import { ErrorCode, type ClientToServerEvents } from "@rallypoint/protocol";
import type { LimitCheck, RateLimits } from "./rate-limits.js";

/** Who sent an event: per-socket limits count by the socket, per-household ones by its address. */
export interface Caller {
  socketId: string;
  address: string;
}

/**
 * What the event guard does about one client event besides its size checks: the rate limit it is charged to before
 * its handler runs, and what its answer changes in the limits afterwards. Payloads are not validated yet when
 * `charge` reads them (the handler does that), so it reads them defensively.
 */
export interface EventPolicy {
  charge?: (limits: RateLimits, caller: Caller, payload: unknown) => Promise<LimitCheck>;
  settle?: (limits: RateLimits, caller: Caller, answer: Record<string, unknown>) => Promise<void> | undefined;
}

const LOBBY_CHANGE: EventPolicy = { charge: (limits, { socketId }) => limits.lobbyChange(socketId) };

/**
 * The events with a policy; the others are only size-checked. relay:send is not here: the guard inspects it
 * synchronously against the socket's relay budget, on the path every relayed message takes.
 */
export const EVENT_POLICIES: Partial<Record<keyof ClientToServerEvents, EventPolicy>> = {
  "room:create": {
    charge: (limits, { address }) => limits.roomCreate(address),
    settle: recordCreatedRoom,
  },
  "room:join": {
    charge: (limits, { address }) => limits.join(address),
    // Guessing codes is what the daily allowance of failed joins is for.
    settle: (limits, { address }, answer) =>
      isRecord(answer.error) && answer.error.code === ErrorCode.RoomNotFound ? limits.joinFailed(address) : undefined,
  },
  "room:quick-join": {
    // One that may create a room is charged as a creation too, whether it ends up creating one or not.
    charge: (limits, { socketId, address }, payload) =>
      limits.quickJoin(socketId, address, isRecord(payload) && payload.create !== undefined),
    settle: (limits, caller, answer) =>
      isRecord(answer.data) && answer.data.created === true ? recordCreatedRoom(limits, caller, answer) : undefined,
  },
  "room:list": { charge: (limits, { socketId }) => limits.roomList(socketId) },
  // Everything the lobby changes is told to the whole room: one budget, so spamming one toggle cannot flood it.
  "room:set-properties": LOBBY_CHANGE,
  "member:set-properties": LOBBY_CHANGE,
  "room:configure": LOBBY_CHANGE,
  "room:kick": LOBBY_CHANGE,
  "room:transfer-host": LOBBY_CHANGE,
  "links:report": { charge: (limits, { socketId }) => limits.linkReport(socketId) },
};

/** A room the caller created counts toward its address's live rooms (MAX_ROOMS_PER_IP) until it closes. */
function recordCreatedRoom(
  limits: RateLimits,
  { address }: Caller,
  answer: Record<string, unknown>,
): Promise<void> | undefined {
  const code = answer.ok === true && isRecord(answer.data) ? answer.data.code : undefined;
  return typeof code === "string" ? limits.roomCreated(address, code) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
