import { ackError, ErrorCode, Limits } from "@rallypoint/protocol";
import type { Logger } from "pino";
import type { LimitsConfig } from "../config.js";
import type { ServerMetrics } from "../observability/metrics.js";
import { socketLog } from "../realtime/socket-log.js";
import { memberChannel, roomChannel, type SignalingServer, type SignalingSocket } from "../realtime/types.js";
import { clientAddress } from "./client-address.js";
import { EVENT_POLICIES, type Caller } from "./event-policies.js";
import { payloadBytes } from "./payload-size.js";
import type { LimitCheck, RateLimits } from "./rate-limits.js";
import { pauseReading } from "./read-pause.js";
import { RelayBudget } from "./relay-budget.js";
import { isBackedUp } from "./send-buffer.js";
import type { Answer } from "./answer.js";
import { answerOf, attachAnswer, isClientEvent, type Callback } from "./answer.js";

export interface EventGuardContext {
  io: SignalingServer;
  limits: LimitsConfig;
  rateLimits: RateLimits;
  metrics: ServerMetrics;
  log: Logger;
}

/**
 * Polices one socket before any handler sees its events, so the handler groups stay about the protocol:
 * - unknown events are answered `invalid-payload`; events over the size limits `payload-too-large`;
 * - events are charged to their rate limits as event-policies.ts says (per address or per socket), and relay:send
 *   to the socket's relay budget (state over budget is dropped silently);
 * - invalid messages (those, and every `invalid-payload` a handler answers) are counted, and a socket over
 *   MAX_INVALID_MESSAGES per window gets `server:error` `too-many-invalid-messages` and is disconnected;
 * - a relay recipient whose send buffer is past its bound gets `server:error` `slow-consumer` and is disconnected
 *   (checked as events are relayed to it, and for every socket once a second: slow-consumer-sweep.ts);
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
  private readonly caller: Caller;
  /** Events are inspected one after another, so the rate limiters' promises cannot reorder a socket's events. */
  private queue = Promise.resolve();
  /** Events waiting in `queue`: while there are any, a relay:send waits its turn behind them. */
  private queued = 0;
  private readonly relayBudget: RelayBudget;

  constructor(
    private readonly context: EventGuardContext,
    private readonly socket: SignalingSocket,
  ) {
    const { handshake } = socket;
    const address = clientAddress(handshake.address, handshake.headers, context.limits.trustProxyHops);
    this.caller = { socketId: socket.id, address };
    this.relayBudget = new RelayBudget(context.limits, performance.now());
  }

  /**
   * Typed as [string, ...any[]], but the parser also lets numeric event names through. A relay:send with nothing
   * queued before it is inspected at once, without a promise: the relay's per-message path allocates nothing here.
   */
  enqueue(packet: unknown[], next: () => void): void {
    const answer = attachAnswer(packet, (result) => this.observe(String(packet[0]), result));
    if (this.queued === 0 && packet[0] === "relay:send") {
      try {
        if (this.inspectRelay(packet[1], answer) && this.socket.connected) next();
      } catch (error) {
        this.guardFailed(packet, answer, error);
      }
      return;
    }
    this.queued++;
    this.queue = this.queue
      .then(() => this.inspect(packet, answer))
      .then(
        (isAllowed) => {
          this.queued--;
          if (isAllowed && this.socket.connected) next();
        },
        (error: unknown) => {
          this.queued--;
          this.guardFailed(packet, answer, error);
        },
      );
  }

  private guardFailed(packet: unknown[], answer: Answer, error: unknown): void {
    socketLog(this.context.log, this.socket).error({ err: error, event: String(packet[0]) }, "event guard failed");
    this.context.metrics.countHandlerError(String(packet[0]));
    answer.refuse(ackError(ErrorCode.Internal, "Internal server error"));
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
    const { limits, rateLimits } = this.context;
    const event = String(packet[0]);
    if (!isClientEvent(event))
      return this.refuseInvalid(answer, "unknown-event", `Unknown event "${event.slice(0, 64)}"`);

    if (event === "relay:send") return this.inspectRelay(packet[1], answer);

    const bytes = payloadBytes(packet.slice(1, -1), limits.maxEventPayloadBytes);
    if (bytes > limits.maxEventPayloadBytes) {
      return this.refuseInvalid(answer, "payload-too-large", `Payload is over ${limits.maxEventPayloadBytes} bytes`);
    }
    const check = await EVENT_POLICIES[event]?.charge?.(rateLimits, this.caller, packet[1]);
    return check && !check.ok ? this.refuseLimited(answer, check) : true;
  }

  /** Size, budget (pausing the socket past it) and slow recipients of one relay:send; true when it may go on. */
  private inspectRelay(request: unknown, answer: Answer): boolean {
    const { context, socket } = this;
    const { limits, metrics } = context;
    const bytes = payloadBytes(isRecord(request) ? request.data : request, limits.maxRelayPayloadBytes);
    if (bytes > limits.maxRelayPayloadBytes) {
      return this.refuseInvalid(answer, "payload-too-large", `Relay data is over ${limits.maxRelayPayloadBytes} bytes`);
    }
    const check = this.relayBudget.take(bytes, performance.now());
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
    // State is never queued for a recipient that is behind (send-buffer.ts busySockets skips it), so only events can
    // fill a send buffer here; the once-a-second sweep still checks everyone.
    if (isRecord(request) && request.channel !== "state") dropSlowRecipients(context, socket, request.to);
    return true;
  }

  private observe(event: string, result: unknown): void {
    if (!isRecord(result)) return;
    const { rateLimits, metrics, log } = this.context;
    if (isRecord(result.error) && result.error.code === ErrorCode.InvalidPayload) {
      metrics.countInvalid("invalid-payload");
      this.strike();
      return;
    }
    const settled = isClientEvent(event) ? EVENT_POLICIES[event]?.settle?.(rateLimits, this.caller, result) : undefined;
    settled?.catch(logFailure(log, `recording the answer to ${event}`));
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

/** A successful room:create, or a room:quick-join that created its room. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function logFailure(log: Logger, doing: string): (error: unknown) => void {
  return (error) => log.error({ err: error }, `failed ${doing}`);
}
