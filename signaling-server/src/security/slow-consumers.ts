import { ErrorCode, Limits } from "@rallypoint/protocol";
import type { Logger } from "pino";
import type { LimitsConfig } from "../config.js";
import type { ServerMetrics } from "../observability/metrics.js";
import { memberChannel, roomChannel, type SignalingServer, type SignalingSocket } from "../realtime/types.js";
import { dropSocket } from "./drop-socket.js";
import { isBackedUp } from "./send-buffer.js";

/**
 * Slow consumers: a socket whose send buffer is past its bounds is sent `server:error` `slow-consumer` and
 * disconnected, checked for a relay's recipients as the event guard lets the relay through, and for every socket
 * of the process once a second.
 */

/** What finding and dropping slow consumers needs of the server. */
export interface SlowConsumerContext {
  io: SignalingServer;
  limits: LimitsConfig;
  metrics: ServerMetrics;
  log: Logger;
}

/** How often every socket of this process has its send buffer checked. */
const SWEEP_INTERVAL_MS = 1_000;

/**
 * Drops this process's sockets whose send buffers are past their bounds, once a second. The event guard checks a
 * relay's recipients as it sends, but only those on the sender's process: with several processes a member can be fed
 * entirely by senders on others, and only its own process sees its buffer. Returns what stops the sweep.
 */
export function sweepSlowConsumers(context: SlowConsumerContext): () => void {
  const timer = setInterval(() => {
    for (const socket of context.io.of("/").sockets.values()) dropIfBackedUp(context, socket);
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Disconnects the socket as `slow-consumer` if its send buffer is past its bounds. */
export function dropIfBackedUp(context: SlowConsumerContext, socket: SignalingSocket): void {
  if (!isBackedUp(socket, context.limits.sendBuffer)) return;
  const message = "Not reading fast enough: the send buffer is full; disconnecting";
  dropSocket(context, socket, { code: ErrorCode.SlowConsumer, message, reason: "slow-consumer" });
}

/** Disconnects recipients of a relay (the members named, or the sender's room) whose send buffers are past their bounds. */
export function dropSlowRecipients(context: SlowConsumerContext, socket: SignalingSocket, to: unknown): void {
  const namespace = context.io.of("/");
  for (const channel of recipientChannels(socket, to)) {
    for (const id of namespace.adapter.rooms.get(channel) ?? []) {
      const recipient = namespace.sockets.get(id);
      if (recipient && recipient !== socket) dropIfBackedUp(context, recipient);
    }
  }
}

/**
 * The channels a relay:send's `to` names, before it is validated: names that are not strings are skipped, and no
 * more are looked at than a room holds (the handler refuses a longer list anyway).
 */
function recipientChannels(socket: SignalingSocket, to: unknown): string[] {
  if (typeof to === "string") return [memberChannel(to)];
  if (Array.isArray(to)) {
    return to
      .slice(0, Limits.maxRoomCapacity)
      .filter((id): id is string => typeof id === "string")
      .map(memberChannel);
  }
  const roomCode = socket.data.roomCode;
  return roomCode ? [roomChannel(roomCode)] : [];
}
