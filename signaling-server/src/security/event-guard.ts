import { ackError, ErrorCode, type ClientToServerEvents } from "@rallypoint/protocol";
import type { Logger } from "pino";
import type { LimitsConfig } from "../config.js";
import type { ServerMetrics } from "../observability/metrics.js";
import { socketLog } from "../realtime/socket-log.js";
import type { SignalingServer, SignalingSocket } from "../realtime/types.js";
import { clientAddress } from "./client-address.js";
import { dropSocket } from "./drop-socket.js";
import { EVENT_POLICIES, type Caller } from "./event-policies.js";
import { payloadBytes } from "./payload-size.js";
import type { LimitCheck, RateLimits } from "./rate-limits.js";
import { pauseReading } from "./read-pause.js";
import { fullRelayBudget, takeRelayBudget } from "./relay-budget.js";
import { dropSlowRecipients } from "./slow-consumers.js";
import type { Answer } from "./answer.js";
import { answerOf, attachAnswer, isClientEvent } from "./answer.js";
import { SerialQueue } from "../realtime/serial-queue.js";

export interface EventGuardContext {
  io: SignalingServer;
  limits: LimitsConfig;
  rateLimits: RateLimits;
  metrics: ServerMetrics;
  log: Logger;
}

/** Hands an event the guard let through to its handler: `packet` is `[event, ...arguments, answer]`. */
export type EventDispatch = (
  socket: SignalingSocket,
  event: keyof ClientToServerEvents,
  packet: unknown[],
) => void | Promise<void>;

/**
 * Polices every socket's events before any handler sees them, so the handlers stay about the protocol:
 * - unknown events are answered `invalid-payload`; events over the size limits `payload-too-large`;
 * - events are charged to their rate limits as event-policies.ts says (per address or per socket), and relay:send
 *   to the socket's relay budget (state over budget is dropped silently);
 * - invalid messages (those, and every `invalid-payload` a handler answers) are counted, and a socket over
 *   MAX_INVALID_MESSAGES per window gets `server:error` `too-many-invalid-messages` and is disconnected;
 * - a relay recipient whose send buffer is past its bound gets `server:error` `slow-consumer` and is disconnected
 *   (checked as events are relayed to it, and for every socket once a second: slow-consumers.ts);
 * - a handler that throws is logged and answered `internal` instead of taking the process down.
 *
 * One guard per server, and one listener of its own for all sockets (`watch`): a connection keeps no closure here,
 * only its relay budget in its data once it relays.
 */
export class EventGuard {
  /** A socket's events are inspected one after another, so the rate limiters' promises cannot reorder them. */
  private readonly inspections = new SerialQueue<SignalingSocket>();
  private readonly receive: (this: SignalingSocket, ...packet: unknown[]) => void;

  constructor(
    private readonly context: EventGuardContext,
    private readonly dispatch: EventDispatch,
  ) {
    this.receive = receiverFor(this);
  }

  /** Puts a new socket's events through the guard: the only way they reach a handler. */
  watch(socket: SignalingSocket): void {
    socket.onAny(this.receive);
    // Every event is handled from onAny above, none by the socket's own listeners: this middleware keeps them all
    // from Socket.IO's dispatch, so that an event a client names "error" cannot throw there.
    socket.use(holdBack);
  }

  /**
   * Typed as [string, ...any[]], but the parser also lets numeric event names through. A relay:send with nothing
   * queued before it is inspected at once, without a promise: the relay's per-message path allocates nothing here.
   */
  enqueue(socket: SignalingSocket, packet: unknown[]): void {
    const answer = attachAnswer(packet, (result) => this.observe(socket, String(packet[0]), result));
    if (packet[0] === "relay:send" && !this.inspections.isBusy(socket)) {
      try {
        if (this.inspectRelay(socket, packet[1], answer)) this.handle(socket, packet);
      } catch (error) {
        this.guardFailed(socket, packet, answer, error);
      }
      return;
    }
    this.inspections
      .run(socket, () => this.inspect(socket, packet, answer))
      .then(
        (isAllowed) => {
          if (isAllowed) this.handle(socket, packet);
        },
        (error: unknown) => this.guardFailed(socket, packet, answer, error),
      );
  }

  /** Runs the event's handler; what it throws or rejects with is logged and answered `internal`. */
  private handle(socket: SignalingSocket, packet: unknown[]): void {
    const event = packet[0] as keyof ClientToServerEvents;
    if (!socket.connected) return;
    try {
      const result = this.dispatch(socket, event, packet);
      if (result instanceof Promise) result.catch((error: unknown) => this.handlerThrew(socket, event, error, packet));
    } catch (error) {
      this.handlerThrew(socket, event, error, packet);
    }
  }

  private guardFailed(socket: SignalingSocket, packet: unknown[], answer: Answer, error: unknown): void {
    socketLog(this.context.log, socket).error({ err: error, event: String(packet[0]) }, "event guard failed");
    this.context.metrics.countHandlerError(String(packet[0]));
    answer.refuse(ackError(ErrorCode.Internal, "Internal server error"));
  }

  private handlerThrew(socket: SignalingSocket, event: string, error: unknown, args: readonly unknown[]): void {
    socketLog(this.context.log, socket).error({ err: error, event }, "handler threw");
    this.context.metrics.countHandlerError(event);
    for (const arg of args) {
      answerOf(arg)?.refuse(ackError(ErrorCode.Internal, "Internal server error"));
    }
  }

  /** Resolves true when the event may go on to its handler. */
  private async inspect(socket: SignalingSocket, packet: unknown[], answer: Answer): Promise<boolean> {
    const { limits, rateLimits } = this.context;
    const event = String(packet[0]);
    if (!isClientEvent(event))
      return this.refuseInvalid(socket, answer, "unknown-event", `Unknown event "${event.slice(0, 64)}"`);

    if (event === "relay:send") return this.inspectRelay(socket, packet[1], answer);

    const bytes = payloadBytes(packet.slice(1, -1), limits.maxEventPayloadBytes);
    if (bytes > limits.maxEventPayloadBytes) {
      const message = `Payload is over ${limits.maxEventPayloadBytes} bytes`;
      return this.refuseInvalid(socket, answer, "payload-too-large", message);
    }
    const policy = EVENT_POLICIES[event];
    const check = policy?.charge ? await policy.charge(rateLimits, this.callerOf(socket), packet[1]) : undefined;
    return check && !check.ok ? this.refuseLimited(answer, check) : true;
  }

  /** Size, budget (pausing the socket past it) and slow recipients of one relay:send; true when it may go on. */
  private inspectRelay(socket: SignalingSocket, request: unknown, answer: Answer): boolean {
    const { limits, metrics } = this.context;
    const bytes = payloadBytes(isRecord(request) ? request.data : request, limits.maxRelayPayloadBytes);
    if (bytes > limits.maxRelayPayloadBytes) {
      const message = `Relay data is over ${limits.maxRelayPayloadBytes} bytes`;
      return this.refuseInvalid(socket, answer, "payload-too-large", message);
    }
    const now = performance.now();
    socket.data.relayBudget ??= fullRelayBudget(limits, now);
    const check = takeRelayBudget(socket.data.relayBudget, limits, bytes, now);
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
    if (isRecord(request) && request.channel !== "state") dropSlowRecipients(this.context, socket, request.to);
    return true;
  }

  private observe(socket: SignalingSocket, event: string, result: unknown): void {
    if (!isRecord(result)) return;
    const { rateLimits, metrics, log } = this.context;
    if (isRecord(result.error) && result.error.code === ErrorCode.InvalidPayload) {
      metrics.countInvalid("invalid-payload");
      this.strike(socket);
      return;
    }
    const settle = isClientEvent(event) ? EVENT_POLICIES[event]?.settle : undefined;
    settle?.(rateLimits, this.callerOf(socket), result)?.catch(logFailure(log, `recording the answer to ${event}`));
  }

  /** Who sent an event, as the rate limits count it: worked out when a limit asks, not kept per socket. */
  private callerOf(socket: SignalingSocket): Caller {
    const { address, headers } = socket.handshake;
    return { socketId: socket.id, address: clientAddress(address, headers, this.context.limits.trustProxyHops) };
  }

  private strike(socket: SignalingSocket): void {
    const { limits, rateLimits, log } = this.context;
    rateLimits.invalidMessage(socket.id).then(
      (isWithinAllowance) => {
        if (isWithinAllowance) return;
        const { points, windowSeconds } = limits.invalidMessages;
        const message = `More than ${points} invalid messages within ${windowSeconds} s; disconnecting`;
        dropSocket(this.context, socket, {
          code: ErrorCode.TooManyInvalidMessages,
          message,
          reason: "too-many-invalid-messages",
        });
      },
      logFailure(log, "counting an invalid message"),
    );
  }

  private refuseInvalid(
    socket: SignalingSocket,
    answer: Answer,
    reason: "unknown-event" | "payload-too-large",
    message: string,
  ): false {
    this.context.metrics.countInvalid(reason);
    const code = reason === "unknown-event" ? ErrorCode.InvalidPayload : ErrorCode.PayloadTooLarge;
    answer.refuse(ackError(code, message));
    this.strike(socket);
    return false;
  }

  private refuseLimited(answer: Answer, check: Exclude<LimitCheck, { ok: true }>): false {
    this.context.metrics.countRateLimited(check.limit);
    const seconds = Math.max(1, Math.ceil(check.retryAfterMs / 1000));
    answer.refuse(ackError(ErrorCode.RateLimited, `Too many requests (${check.limit}); retry in ${seconds} s`));
    return false;
  }
}

/** The guard's onAny listener: one function for every socket, which Socket.IO calls with the socket as `this`. */
function receiverFor(guard: EventGuard): (this: SignalingSocket, ...packet: unknown[]) => void {
  return function (this: SignalingSocket, ...packet: unknown[]) {
    guard.enqueue(this, packet);
  };
}

/** Socket.IO middleware that lets no event through to the socket's listeners (the guard has handled it already). */
function holdBack(): void {
  // Not calling next() is how a Socket.IO middleware keeps an event from the socket's listeners.
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function logFailure(log: Logger, doing: string): (error: unknown) => void {
  return (error) => log.error({ err: error }, `failed ${doing}`);
}
