import type { LeaveBeacon } from "@rallypoint/protocol";
import { vacateSeat } from "./membership.js";
import { memberChannel, roomChannel, type RealtimeContext } from "./types.js";

/**
 * A page went away and said so by beacon (http/leave-beacon.ts), proving its seat with the resume token. The page
 * cannot tell a reload from a close, so one that kept its seat to come back (`mayReturn`) has it held for the short
 * reload window: its reload takes the seat back (the room sees `peer:reconnecting` then `peer:resumed`), and
 * otherwise it is released as a leave when the window ends. Without `mayReturn`, or with no window, it is freed
 * at once. Either way the page's remaining sockets are closed: it is gone.
 */
export async function leaveByBeacon(context: RealtimeContext, beacon: LeaveBeacon): Promise<void> {
  const { code, memberId, resumeToken, connection } = beacon;
  if (!beacon.mayReturn || context.reloadWindowMs === 0) {
    const left = await vacateSeat(context, code, memberId, "left", { resumeToken });
    if (left) context.io.in(memberChannel(memberId)).disconnectSockets(true);
    return;
  }
  const now = Date.now();
  const until = now + context.reloadWindowMs;
  const held = await context.registry.hold(code, memberId, now, {
    until,
    leavingWithToken: resumeToken,
    ...(connection !== undefined && { connection }),
  });
  if (!held) return;
  // Its socket's drop, seen after this, finds the seat held already and changes nothing.
  context.io.in(memberChannel(memberId)).disconnectSockets(true);
  const room = context.io.to(roomChannel(code));
  if (!held.wasHeld) room.emit("peer:reconnecting", { id: memberId });
  if (held.newHostId) room.emit("host:changed", { hostId: held.newHostId });
  const heldUntil = held.room.heldUntil(memberId) ?? until;
  context.seatTimers.start(code, memberId, Math.max(0, heldUntil - now), () =>
    context.inflight.track(
      "releasing a seat left by beacon",
      vacateSeat(context, code, memberId, "timeout", { until: heldUntil }),
    ),
  );
  context.log.info({ room: code, member: memberId, reloadWindowMs: context.reloadWindowMs }, "seat kept for a reload");
}
