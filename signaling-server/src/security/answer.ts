/**
 * The answer to each client event (its ack, sent at most once and seen by the guard), and where handlers find it.
 * Used by event-guard.ts.
 */
import type { ClientToServerEvents } from "@rallypoint/protocol";

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
  "room:set-properties": 1,
  "member:set-properties": 1,
  "room:configure": 1,
  "room:kick": 1,
  "room:transfer-host": 1,
  "room:list": 1,
  "room:quick-join": 1,
};

type Callback = (...args: unknown[]) => unknown;

/** The Answer behind the ack a handler got, kept on the ack function itself. */
const ANSWER = Symbol("answer");
type AnswerSend = ((result: unknown) => void) & { [ANSWER]?: Answer };

/** The answer to one client event: its ack (when the client asked for one), sent at most once. */
export class Answer {
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
export function answerOf(ack: unknown): Answer | undefined {
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
 * Puts an Answer where the event's handler expects its ack. Socket.IO appends the client's ack (the only function
 * a decoded packet can hold) last; the arguments are cut to what the handler reads, so a client that left out its
 * ack still has its results observed, and one that sent extra arguments cannot move the ack.
 */
export function attachAnswer(packet: unknown[], observe: (result: unknown) => void): Answer {
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

export function isClientEvent(event: string): event is keyof ClientToServerEvents {
  return Object.hasOwn(ACK_POSITION, event);
}
