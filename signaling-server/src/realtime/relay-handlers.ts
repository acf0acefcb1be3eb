import { ackError, ackOk, ErrorCode, RelaySend } from "@rallypoint/shared";
import { busySockets } from "../security/send-buffer.js";
import { parseOrReply, reply } from "./reply.js";
import { memberChannel, roomChannel, type RealtimeContext, type SignalingSocket } from "./types.js";

/** relay:send: forwards game messages for pairs whose WebRTC link is not open, within the sender's room only. */
export function registerRelayHandlers(context: RealtimeContext, socket: SignalingSocket): void {
  // A message to one member waits on the room store (is the recipient in the room?); the ones after it wait their
  // turn, so a socket's relayed messages leave in the order they came.
  let queue = Promise.resolve();

  const relay = async (message: RelaySend, ack: unknown): Promise<void> => {
    const { roomCode, memberId } = socket.data;
    if (!roomCode || !memberId) {
      reply(ack, ackError(ErrorCode.NotInRoom, "Join a room before relaying"));
      return;
    }
    const relayed = { from: memberId, channel: message.channel, data: message.data };
    if (message.to === null) {
      context.metrics.countRelayed(message.channel);
      const channel = roomChannel(roomCode);
      // State is latest-wins: a recipient that is behind skips it rather than queueing it.
      const skip = message.channel === "state" ? busySockets(context.io, channel) : [];
      socket.to(channel).except(skip).emit("relay:message", relayed);
      reply(ack, ackOk(null));
      return;
    }
    if (message.to === memberId || !(await context.registry.isMember(roomCode, message.to))) {
      reply(ack, ackError(ErrorCode.UnknownPeer, `No other member ${message.to} in room ${roomCode}`));
      return;
    }
    context.metrics.countRelayed(message.channel);
    const channel = memberChannel(message.to);
    const skip = message.channel === "state" ? busySockets(context.io, channel) : [];
    context.io.to(channel).except(skip).emit("relay:message", relayed);
    reply(ack, ackOk(null));
  };

  socket.on("relay:send", (payload: unknown, ack: unknown) => {
    const message = parseOrReply(RelaySend, payload, ack);
    if (!message) return;
    const relayed = queue.then(() => relay(message, ack));
    queue = relayed.catch(() => undefined);
    // The event guard answers `internal` (and logs) when it rejects.
    return relayed;
  });
}
