import { ackError, ackOk, ErrorCode, RelaySend, type MemberId, type RelayMessage } from "@rallypoint/protocol";
import { eventReceivedAt } from "../security/answer.js";
import { payloadBytes } from "../security/payload-size.js";
import { parseOrReply, reply } from "./reply.js";
import { socketLog } from "./socket-log.js";
import { relayRoute } from "./relay-route.js";
import { isSpectatorRelayAllowed } from "./spectator-relay.js";
import { SerialQueue } from "./serial-queue.js";
import { roomChannel, type EventHandlers, type RealtimeContext, type SignalingSocket } from "./types.js";

/**
 * A message to named members waits on the room store (are they in the room?); a socket's messages after it wait their
 * turn, so its relayed messages leave in the order they came.
 */
const relayOrder = new SerialQueue<SignalingSocket>();

/** relay:send: forwards game messages for pairs whose WebRTC link is not open, within the sender's room only. */
export const relayHandlers = {
  "relay:send": (context, socket, payload, ack) => {
    const startedAt = performance.now();
    const message = parseOrReply(RelaySend, payload, ack);
    if (!message) return;
    if (socket.data.isSpectator && !isSpectatorRelayAllowed(message)) {
      reply(ack, ackError(ErrorCode.Spectator, "Spectators only watch: they send no state or events"));
      return;
    }
    // To the room, with nothing waiting before it: no room store to ask, so it leaves now, without a promise.
    const { roomCode, memberId } = socket.data;
    if (message.to === null && !relayOrder.isBusy(socket) && roomCode && memberId) {
      deliver(context, socket, message, memberId, roomChannels(socket, roomCode), ack, startedAt);
      return;
    }
    // The event guard answers `internal` (and logs) when it rejects.
    return relayOrder.run(socket, () => relay(context, socket, message, ack, startedAt));
  },
} satisfies EventHandlers<"relay:send">;

/** The sender's room channel, as the one-element list emits take: made on its first relay, again if its room changed. */
function roomChannels(socket: SignalingSocket, roomCode: string): readonly string[] {
  let { relayTo } = socket.data;
  if (relayTo?.code !== roomCode) socket.data.relayTo = relayTo = { code: roomCode, channels: [roomChannel(roomCode)] };
  return relayTo.channels;
}

async function relay(
  context: RealtimeContext,
  socket: SignalingSocket,
  message: RelaySend,
  ack: unknown,
  startedAt: number,
): Promise<void> {
  const { roomCode, memberId } = socket.data;
  if (!roomCode || !memberId) {
    reply(ack, ackError(ErrorCode.NotInRoom, "Join a room before relaying"));
    return;
  }
  const route = await relayRoute(context.registry, roomCode, memberId, message.to);
  if ("unknownId" in route) {
    reply(ack, ackError(ErrorCode.UnknownPeer, `No other member ${route.unknownId} in room ${roomCode}`));
    return;
  }
  deliver(context, socket, message, memberId, route.channels, ack, startedAt);
}

/**
 * State goes through the batcher (latest-wins, batched when the server is busy); events leave at once. Either way one
 * emit reaches every recipient (never the sender): Socket.IO encodes the packet once for all of them.
 */
function deliver(
  context: RealtimeContext,
  socket: SignalingSocket,
  message: RelaySend,
  from: MemberId,
  channels: readonly string[],
  ack: unknown,
  startedAt: number,
): void {
  const relayed: RelayMessage = { from, channel: message.channel, data: message.data };
  if (relayed.channel === "state") context.stateBatcher.add(channels, socket.id, relayed);
  else socket.to([...channels]).emit("relay:message", relayed);
  // From the guard's receipt of the packet, so time queued behind the rate limiters counts too.
  const latencyMs = performance.now() - (eventReceivedAt(ack) ?? startedAt);
  context.metrics.countRelayed(message.channel);
  context.metrics.observeLatency("relay-server", latencyMs);
  // Checked first: at game rates even finding the connection's logger is worth skipping when nobody reads the line.
  if (context.log.isLevelEnabled("debug")) {
    const log = socketLog(context.log, socket);
    const packetSize = payloadBytes(message.data, Number.POSITIVE_INFINITY);
    const fields = {
      channel: message.channel,
      to: message.to,
      latency_ms: Math.round(latencyMs * 1000) / 1000,
      packet_size: packetSize,
    };
    log.debug(fields, "relayed");
  }
  reply(ack, ackOk(null));
}

/**
 * Counts relayed bytes per recipient as Socket.IO writes to it, so a broadcast counts once for each member it
 * reaches, and members skipped for being behind do not count. Made once per server and given to every socket's
 * `onAnyOutgoing`: it runs for every packet each of them is sent.
 */
export function relayBytesCounter(metrics: RealtimeContext["metrics"]): (event: string, ...args: unknown[]) => void {
  return (event, ...args) => {
    if (event === "relay:batch") metrics.countBytesSent("state", bytesOf(args[0]));
    else if (event === "relay:message") {
      const { channel, data } = args[0] as RelayMessage;
      metrics.countBytesSent(channel, bytesOf(data));
    }
  };
}

/** Relayed data is nearly always bytes: their length, without walking them as payloadBytes would. */
function bytesOf(data: unknown): number {
  return data instanceof Uint8Array ? data.byteLength : payloadBytes(data, Number.POSITIVE_INFINITY);
}
