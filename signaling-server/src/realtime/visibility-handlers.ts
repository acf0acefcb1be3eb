import { ackOk, MemberVisibility } from "@rallypoint/protocol";
import { parseOrReply, reply } from "./reply.js";
import { roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

/**
 * member:visibility: a member says whether its page is hidden. While it is, every `hiddenHostHandoffMs` this
 * socket checks whether its member is the host and, if so, hands the role to the oldest visible connected member
 * (host:changed): a host in a background tab, throttled or frozen by the browser, would stall everyone's game.
 * Checking again each period (not only once) also covers a hidden member that becomes host later. 0 turns it off.
 */
export function registerVisibilityHandlers(context: RealtimeContext, socket: SignalingSocket): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = (): void => {
    clearInterval(timer);
    timer = undefined;
  };
  socket.on("member:visibility", (payload: unknown, ack: unknown) => {
    const visibility = parseOrReply(MemberVisibility, payload, ack);
    if (!visibility) return;
    socket.data.isHidden = visibility.hidden;
    stop();
    if (visibility.hidden && context.hiddenHostHandoffMs > 0) {
      timer = setInterval(() => {
        context.inflight.track("handing off a hidden host", handOff(context, socket));
      }, context.hiddenHostHandoffMs);
    }
    reply(ack, ackOk(null));
  });
  socket.on("disconnect", stop);
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
