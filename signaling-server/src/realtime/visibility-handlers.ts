import { ackOk, MemberVisibility } from "@rallypoint/protocol";
import { parseOrReply, reply } from "./reply.js";
import { roomChannel, type EventHandlers, type RealtimeContext, type SignalingSocket } from "./types.js";

/** The hidden-host check of each hidden socket: only hidden members have one (a WeakMap: nothing outlives its socket). */
const hiddenChecks = new WeakMap<SignalingSocket, ReturnType<typeof setInterval>>();

/**
 * member:visibility: a member says whether its page is hidden. While it is, every `hiddenHostHandoffMs` this
 * socket checks whether its member is the host and, if so, hands the role to the oldest visible connected member
 * (host:changed): a host in a background tab, throttled or frozen by the browser, would stall everyone's game.
 * Checking again each period (not only once) also covers a hidden member that becomes host later. 0 turns it off.
 */
export const visibilityHandlers = {
  "member:visibility": (context, socket, payload, ack) => {
    const visibility = parseOrReply(MemberVisibility, payload, ack);
    if (!visibility) return;
    socket.data.isHidden = visibility.hidden;
    stopHiddenHostCheck(socket);
    if (visibility.hidden && context.hiddenHostHandoffMs > 0) {
      hiddenChecks.set(socket, setInterval(checkHiddenHost, context.hiddenHostHandoffMs, context, socket));
    }
    reply(ack, ackOk(null));
  },
} satisfies EventHandlers<"member:visibility">;

/** Ends the socket's hidden-host check: it became visible, or disconnected. */
export function stopHiddenHostCheck(socket: SignalingSocket): void {
  clearInterval(hiddenChecks.get(socket));
  hiddenChecks.delete(socket);
}

function checkHiddenHost(context: RealtimeContext, socket: SignalingSocket): void {
  context.inflight.track("handing off a hidden host", handOff(context, socket));
}

async function handOff(context: RealtimeContext, socket: SignalingSocket): Promise<void> {
  const { roomCode, memberId, isHidden } = socket.data;
  if (!roomCode || !memberId || !isHidden) return;
  // Every socket of the room, on every server: visibility lives with the socket, the seats in the room store.
  const sockets = await context.io.in(roomChannel(roomCode)).fetchSockets();
  const hidden = new Set(sockets.flatMap(({ data }) => (data.isHidden && data.memberId ? [data.memberId] : [])));
  hidden.add(memberId);
  const newHostId = await context.registry.handOffHiddenHost(roomCode, memberId, hidden);
  if (!newHostId) return;
  context.io.to(roomChannel(roomCode)).emit("host:changed", { hostId: newHostId });
  context.log.info({ room: roomCode, from: memberId, to: newHostId }, "hidden host handed off");
}
