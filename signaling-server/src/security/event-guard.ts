import { ackError, ErrorCode, Limits, type ClientToServerEvents } from "@rallypoint/protocol";
import type { Logger } from "pino";
import type { LimitsConfig } from "../config.js";
import type { ServerMetrics } from "../http/metrics.js";
import { socketLog } from "../realtime/socket-log.js";
import { memberChannel, roomChannel, type SignalingServer, type SignalingSocket } from "../realtime/types.js";
import { clientAddress } from "./client-address.js";
import { payloadBytes } from "./payload-size.js";
import type { LimitCheck, RateLimits } from "./rate-limits.js";
import { pauseReading } from "./read-pause.js";
import { isBackedUp } from "./send-buffer.js";

/** Every event a client may send, with the position of its ack callback among the event's arguments. */
const ACK_POSITION: Record<keyof ClientToServerEvents, number> = {
  "room:create": 1,
  "room:join": 1,
  "room:leave": 0,
  "room:resume": 1,
  "relay:send": 1,
  "time:sync": 1,
  "links:report": 1,
  "member:visibility": 1,
};

export interface EventGuardContext {
  io: SignalingServer;
  limits: LimitsConfig;
  rateLimits: RateLimits;
  metrics: ServerMetrics;
  log: Logger;
}

type Callback = (...args: unknown[]) => unknown;

/** The Answer behind the ack a handler got, kept on the ack function itself. */
const ANSWER = Symbol("answer");
type AnswerSend = ((result: unknown) => void) & { [ANSWER]?: Answer };

/** The answer to one client event: its ack (when the client asked for one), sent at most once. */
class Answer {
  private isAnswered = false;
  /** When the event reached the guard (performance.now()): the start of its time in the server. */
  readonly receivedAt = performance.now();

  constructor(
    private readonly callback: Callback | undefined,
    private readonly observe: (result: unknown) => void,
  ) {}

  /** What handlers get in place of the client's ack: the guard sees every result they send. */
  readonly send: AnswerSend = (result: unknown): void => {
    if (this.isAnswered) return;
    this.observe(result);
    this.refuse(result);
  };

  /** The guard's own answer, not observed (it has counted what it refused already). */
  refuse(result: unknown): void {
    if (this.isAnswered) return;
    this.isAnswered = true;
    this.callback?.(result);
  }
}

/**
 * Finds the Answer behind a handler's ack argument, to answer `internal` when the handler throws. A property of the
 * ack rather than a WeakMap entry: V8's young-generation collector keeps a WeakMap's values alive, so every relayed
 * message (its Answer, packet and data) was promoted to the old generation, about 1 KB each, and the old generation
 * filled at the relay's rate, paying for itself in full collections that stall the event loop.
 */
function answerOf(ack: unknown): Answer | undefined {
  return typeof ack === "function" ? (ack as AnswerSend)[ANSWER] : undefined;
}

/**
 * When the event whose ack a handler got reached the guard (performance.now()), or undefined for an ack the guard
 * did not make. Handlers time their work from it, queueing in the guard included.
 */
export function eventReceivedAt(ack: unknown): number | undefined {
  return answerOf(ack)?.receivedAt;
}

/**
 * Polices one socket before any handler sees its events, so the handler groups stay about the protocol:
 * - unknown events are answered `invalid-payload`; events over the size limits `payload-too-large`;
 * - room creation and joins are rate-limited per IP, relay:send and links:report per socket (state over budget is
 *   dropped silently);
 * - invalid messages (those, and every `invalid-payload` a handler answers) are counted, and a socket over
 *   MAX_INVALID_MESSAGES per window gets `server:error` `too-many-invalid-messages` and is disconnected;
 * - a relay recipient whose send buffer is past its bound gets `server:error` `slow-consumer` and is disconnected;
 * - a handler that throws is logged and answered `internal` instead of taking the process down.
 *
 * Call it before the handler groups register: it wraps the socket's `on` (so `off` with the original listener
 * does not work on this socket).
 */
export function guardSocket(context: EventGuardContext, socket: SignalingSocket): void {
  const guard = new SocketGuard(context, socket);
  socket.use((event, next) => guard.enqueue(event, next));
  guardListeners(socket, (event, error, args) => guard.handlerThrew(event, error, args));
}

/**
 * One socket's guard. A class rather than closures in guardSocket: its methods are shared by every socket, so an
 * idle connection keeps one small object instead of a closure and context for each (about 0.7 KB).
 */
class SocketGuard {
  private readonly address: string;
  /** Events are inspected one after another, so the rate limiters' promises cannot reorder a socket's events. */
  private queue = Promise.resolve();

  constructor(
    private readonly context: EventGuardContext,
    private readonly socket: SignalingSocket,
  ) {
    const { handshake } = socket;
    this.address = clientAddress(handshake.address, handshake.headers, context.limits.trustProxyHops);
  }

  /** Typed as [string, ...any[]], but the parser also lets numeric event names through. */
  enqueue(packet: unknown[], next: () => void): void {
    const answer = attachAnswer(packet, (result) => this.observe(String(packet[0]), result));
    this.queue = this.queue
      .then(() => this.inspect(packet, answer))
      .then(
        (isAllowed) => {
          if (isAllowed && this.socket.connected) next();
        },
        (error: unknown) => {
          socketLog(this.context.log, this.socket).error(
            { err: error, event: String(packet[0]) },
            "event guard failed",
          );
          this.context.metrics.countHandlerError(String(packet[0]));
          answer.refuse(ackError(ErrorCode.Internal, "Internal server error"));
        },
      );
  }

  handlerThrew(event: string, error: unknown, args: readonly unknown[]): void {
    socketLog(this.context.log, this.socket).error({ err: error, event }, "handler threw");
    this.context.metrics.countHandlerError(event);
    for (const arg of args) {
      answerOf(arg)?.refuse(ackError(ErrorCode.Internal, "Internal server error"));
    }
  }

  /** Resolves true when the event may go on to its handler. */
  private async inspect(packet: unknown[], answer: Answer): Promise<boolean> {
    const { context, socket, address } = this;
    const { limits, rateLimits, metrics } = context;
    const event = String(packet[0]);
    if (!isClientEvent(event))
      return this.refuseInvalid(answer, "unknown-event", `Unknown event "${event.slice(0, 64)}"`);

    if (event === "relay:send") {
      const request = packet[1];
      const bytes = payloadBytes(isRecord(request) ? request.data : request, limits.maxRelayPayloadBytes);
      if (bytes > limits.maxRelayPayloadBytes) {
        return this.refuseInvalid(
          answer,
          "payload-too-large",
          `Relay data is over ${limits.maxRelayPayloadBytes} bytes`,
        );
      }
      const check = await rateLimits.relay(socket.id, bytes);
      if (!check.ok) {
        // Past its budget, the socket is not read until the budget has room again: what it sends meanwhile waits
        // in TCP instead of being parsed here only to be refused.
        if (pauseReading(socket, check.retryAfterMs)) metrics.countSocketPaused();
        // State is latest-wins and sent many times a second: dropping it is what a volatile send would do anyway.
        if (isRecord(request) && request.channel === "state") {
          metrics.countRateLimited(check.limit);
          metrics.countRelayDropped("rate-limited");
          return false;
        }
        return this.refuseLimited(answer, check);
      }
      dropSlowRecipients(context, socket, isRecord(request) ? request.to : undefined);
      return true;
    }

    const bytes = payloadBytes(packet.slice(1, -1), limits.maxEventPayloadBytes);
    if (bytes > limits.maxEventPayloadBytes) {
      return this.refuseInvalid(answer, "payload-too-large", `Payload is over ${limits.maxEventPayloadBytes} bytes`);
    }
    const check =
      event === "room:create"
        ? await rateLimits.roomCreate(address)
        : event === "room:join"
          ? await rateLimits.join(address)
          : event === "links:report"
            ? await rateLimits.linkReport(socket.id)
            : undefined;
    return check && !check.ok ? this.refuseLimited(answer, check) : true;
  }

  private observe(event: string, result: unknown): void {
    if (!isRecord(result)) return;
    const { rateLimits, metrics, log } = this.context;
    const error = isRecord(result.error) ? result.error : undefined;
    if (error?.code === ErrorCode.InvalidPayload) {
      metrics.countInvalid("invalid-payload");
      this.strike();
    } else if (event === "room:create" && result.ok === true && isRecord(result.data)) {
      if (typeof result.data.code === "string") {
        rateLimits.roomCreated(this.address, result.data.code).catch(logFailure(log, "recording a created room"));
      }
    } else if (event === "room:join" && error?.code === ErrorCode.RoomNotFound) {
      rateLimits.joinFailed(this.address).catch(logFailure(log, "counting a failed join"));
    }
  }

  private strike(): void {
    const { limits, rateLimits, log } = this.context;
    rateLimits.invalidMessage(this.socket.id).then(
      (isWithinAllowance) => {
        if (isWithinAllowance) return;
        const { points, windowSeconds } = limits.invalidMessages;
        const message = `More than ${points} invalid messages within ${windowSeconds} s; disconnecting`;
        dropSocket(this.context, this.socket, {
          code: ErrorCode.TooManyInvalidMessages,
          message,
          reason: "too-many-invalid-messages",
        });
      },
      logFailure(log, "counting an invalid message"),
    );
  }

  private refuseInvalid(answer: Answer, reason: "unknown-event" | "payload-too-large", message: string): false {
    this.context.metrics.countInvalid(reason);
    const code = reason === "unknown-event" ? ErrorCode.InvalidPayload : ErrorCode.PayloadTooLarge;
    answer.refuse(ackError(code, message));
    this.strike();
    return false;
  }

  private refuseLimited(answer: Answer, check: Exclude<LimitCheck, { ok: true }>): false {
    this.context.metrics.countRateLimited(check.limit);
    const seconds = Math.max(1, Math.ceil(check.retryAfterMs / 1000));
    answer.refuse(ackError(ErrorCode.RateLimited, `Too many requests (${check.limit}); retry in ${seconds} s`));
    return false;
  }
}

/** Sends `server:error` and disconnects; `slow-consumer` discards what is still queued instead of waiting for it. */
export function dropSocket(
  context: Pick<EventGuardContext, "metrics" | "log">,
  socket: SignalingSocket,
  drop: { code: ErrorCode; message: string; reason: "too-many-invalid-messages" | "slow-consumer" },
): void {
  if (!socket.connected) return;
  context.metrics.countSocketDropped(drop.reason);
  socketLog(context.log, socket).warn({ address: socket.handshake.address, reason: drop.reason }, "dropping socket");
  socket.emit("server:error", { code: drop.code, message: drop.message });
  socket.disconnect(true);
  // A consumer that does not read would never drain the buffer that the close otherwise waits for.
  if (drop.reason === "slow-consumer") socket.conn.close(true);
}

/** Disconnects the socket as `slow-consumer` if its send buffer is past its bounds. */
export function dropIfBackedUp(
  context: Pick<EventGuardContext, "limits" | "metrics" | "log">,
  socket: SignalingSocket,
): void {
  if (!isBackedUp(socket, context.limits.sendBuffer)) return;
  const message = "Not reading fast enough: the send buffer is full; disconnecting";
  dropSocket(context, socket, { code: ErrorCode.SlowConsumer, message, reason: "slow-consumer" });
}

/** Disconnects recipients of a relay (the members named, or the sender's room) whose send buffers are past their bounds. */
function dropSlowRecipients(context: EventGuardContext, socket: SignalingSocket, to: unknown): void {
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

/**
 * Puts an Answer where the event's handler expects its ack. Socket.IO appends the client's ack (the only function
 * a decoded packet can hold) last; the arguments are cut to what the handler reads, so a client that left out its
 * ack still has its results observed, and one that sent extra arguments cannot move the ack.
 */
function attachAnswer(packet: unknown[], observe: (result: unknown) => void): Answer {
  const last = packet[packet.length - 1];
  const callback = packet.length > 1 && typeof last === "function" ? (last as Callback) : undefined;
  if (callback) packet.pop();
  const answer = new Answer(callback, observe);
  const event = String(packet[0]);
  if (isClientEvent(event)) {
    const argumentCount = 1 + ACK_POSITION[event];
    packet.length = Math.min(packet.length, argumentCount);
    while (packet.length < argumentCount) packet.push(undefined);
    answer.send[ANSWER] = answer;
    packet.push(answer.send);
  }
  return answer;
}

/** Makes every listener registered on the socket from now on safe: what it throws goes to `onError`. */
function guardListeners(
  socket: SignalingSocket,
  onError: (event: string, error: unknown, args: readonly unknown[]) => void,
): void {
  const register = socket.on.bind(socket) as (event: string, listener: Callback) => SignalingSocket;
  const guardedOn = (event: string, listener: Callback): SignalingSocket =>
    register(event, (...args: unknown[]) => {
      try {
        const result = listener(...args);
        if (result instanceof Promise) result.catch((error: unknown) => onError(event, error, args));
      } catch (error) {
        onError(event, error, args);
      }
    });
  socket.on = guardedOn as SignalingSocket["on"];
}

function isClientEvent(event: string): event is keyof ClientToServerEvents {
  return Object.hasOwn(ACK_POSITION, event);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function logFailure(log: Logger, doing: string): (error: unknown) => void {
  return (error) => log.error({ err: error }, `failed ${doing}`);
}
