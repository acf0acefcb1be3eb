import { ackError, ErrorCode, ResumeFailedReason, type MemberId, type ResumeRoomRequest } from "@rallypoint/protocol";
import { restoreRoom } from "../rooms/room-restore.js";
import type { Room } from "../rooms/room.js";
import { vacateSeat } from "./membership.js";
import { reply } from "./reply.js";
import { socketLog } from "./socket-log.js";
import { roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

/**
 * How long a restored room keeps its original host while that host's seat is held: long enough for every player's
 * client to reconnect after a restart (they all retry within a few seconds), short enough that a host that never
 * comes back does not stall the game for the whole grace window. Capped by the grace window.
 */
export const RESTORE_HOST_WINDOW_MS = 10_000;

type ResumeRequest = ResumeRoomRequest & { code: string };

/**
 * After a restart with no Redis, the first member back finds its room gone: when its signed token proves its seat,
 * the room is put back from the view it sent (rooms/room-restore.ts). Returns the room to enter, or null after
 * answering the refusal; `undefined` when another member restored the room first (resume into it instead).
 */
export async function restoreLostRoom(
  context: RealtimeContext,
  socket: SignalingSocket,
  request: ResumeRequest,
  ack: unknown,
): Promise<Room | null | undefined> {
  const { code, memberId, room: view } = request;
  if (!view || context.resumeGraceMs === 0) return null;
  const now = Date.now();
  const until = now + context.resumeGraceMs;
  const result = restoreRoom({
    code,
    capacity: context.roomCapacity,
    maxSpectators: context.maxSpectators,
    memberId,
    resumeToken: request.resumeToken,
    view,
    connection: socket.id,
    now,
    until,
    restoreUntil: context.startedAt + context.resumeGraceMs,
    tokens: (roomCode, id) => context.seatSigner.tokenFor(roomCode, id),
  });
  const log = socketLog(context.log, socket);
  if (!result.ok) {
    const reason = result.reason === "bad-token" ? ResumeFailedReason.BadToken : ResumeFailedReason.Unknown;
    reply(ack, ackError(ErrorCode.ResumeFailed, result.detail, reason));
    log.info({ room: code, member: memberId, reason: result.reason }, "room restore refused");
    return null;
  }
  if (!(await context.registry.restore(result.room, until))) return undefined;
  for (const heldId of result.held) holdRestoredSeat(context, code, heldId, until);
  if (result.room.reservedHostId !== null) endHostWindowLater(context, code);
  log.info({ room: code, member: memberId, held: result.held.length }, "room restored after a restart");
  return result.room;
}

/** The same timer a dropped seat gets (membership.ts holdSeat): peer-left `timeout` if nobody comes back. */
function holdRestoredSeat(context: RealtimeContext, code: string, memberId: MemberId, until: number): void {
  context.seatTimers.start(code, memberId, until - Date.now(), () =>
    context.inflight.track("releasing a held seat", vacateSeat(context, code, memberId, "timeout", { until })),
  );
}

/**
 * Ends a restarted room's host reservation after the restore window, telling the room if the role moves. Started
 * by each member that comes back before the host: the first timer ends it, the others then find nothing to end.
 */
export function endHostWindowLater(context: RealtimeContext, code: string): void {
  const ms = Math.min(RESTORE_HOST_WINDOW_MS, context.resumeGraceMs);
  const timer = setTimeout(() => {
    const ending = context.registry.endHostReservation(code).then((hostId) => {
      if (hostId) context.io.to(roomChannel(code)).emit("host:changed", { hostId });
    });
    context.inflight.track("ending a restored room's host window", ending);
  }, ms);
  // A closing server must not wait for it; a room it never ends keeps its host until that host's seat is released.
  timer.unref();
}
