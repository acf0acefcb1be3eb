/**
 * Artificial latency, jitter and loss on this client's game messages, for trying a game on a bad network without
 * leaving the browser. It sits where a peer link meets the wire, on both paths (WebRTC and the relay) and in both
 * directions: every message this client sends waits half the latency, every message it receives waits the other
 * half, so a round trip to any peer grows by `latencyMs` (± `jitterMs`), whichever side measures it.
 *
 * Only unreliable messages (state) can be lost. Reliable ones (events, acks, heartbeats) are delayed, never lost,
 * and leave in the order they came in: jitter may reorder state, as a real network would, but never events.
 */

/**
 * Simulated network conditions, as `net.setConditions` takes them and `net.getConditions` reports them.
 * @example const bad3G: NetworkConditions = { latencyMs: 300, jitterMs: 80, lossPercent: 3 };
 */
export interface NetworkConditions {
  /** Added round-trip time in ms: half on the way out, half on the way in. 0-5000. */
  readonly latencyMs: number;
  /** Each message's delay varies uniformly by up to ± half this, each way, so a round trip by ± this. 0-5000. */
  readonly jitterMs: number;
  /** Chance in percent that an unreliable message (state) is dropped, each way. 0-100. */
  readonly lossPercent: number;
}

/**
 * The ranges `setConditions` accepts (inclusive); a field left out counts as 0.
 * @example <input type="range" min={NETWORK_CONDITION_LIMITS.latencyMs.min} max={NETWORK_CONDITION_LIMITS.latencyMs.max}>
 */
export const NETWORK_CONDITION_LIMITS = {
  latencyMs: { min: 0, max: 5000 },
  jitterMs: { min: 0, max: 5000 },
  lossPercent: { min: 0, max: 100 },
} as const;

/** Whether a message may be lost (state) or must arrive, in order (events and link control). */
export type Delivery = "reliable" | "unreliable";

/** Which half of a round trip a message is on, seen from this client. */
export type Direction = "outgoing" | "incoming";

/** Time, chance and timers, injectable so tests decide every delay. */
export interface ConditionerClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Uniform in [0, 1). */
  random(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

const systemClock: ConditionerClock = {
  now: () => performance.now(),
  random: () => Math.random(),
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimer: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Checks conditions given by a user: a clear error naming the field and its range, or the complete conditions. */
export function validateConditions(input: unknown): NetworkConditions {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new TypeError(`Network conditions must be an object like { latencyMs: 100 }; got ${JSON.stringify(input)}`);
  }
  const fields = input as Record<string, unknown>;
  const known = Object.keys(NETWORK_CONDITION_LIMITS);
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new TypeError(`Unknown network condition ${unknown.join(", ")}: use ${known.join(", ")}`);
  }
  const field = (name: keyof NetworkConditions): number => {
    const value = fields[name] ?? 0;
    const { min, max } = NETWORK_CONDITION_LIMITS[name];
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new TypeError(
        `${name} must be a finite number from ${min} to ${max}, got ${typeof value === "number" ? value : JSON.stringify(value)}`,
      );
    }
    if (value < min || value > max) throw new RangeError(`${name} must be from ${min} to ${max}, got ${value}`);
    return value;
  };
  return { latencyMs: field("latencyMs"), jitterMs: field("jitterMs"), lossPercent: field("lossPercent") };
}

/**
 * One way's delay for one message: half the latency, moved uniformly by up to ± half the jitter, never negative.
 * `random` in [0, 1).
 */
export function oneWayDelay(conditions: NetworkConditions, random: number): number {
  return Math.max(0, conditions.latencyMs / 2 + (2 * random - 1) * (conditions.jitterMs / 2));
}

const isOff = (conditions: NetworkConditions): boolean =>
  conditions.latencyMs === 0 && conditions.jitterMs === 0 && conditions.lossPercent === 0;

/**
 * The conditions of one client (one per GameNetworkManager). Each peer link opens a `ConditionedPipe` per direction
 * and passes its messages through it.
 * @example
 * const conditioner = new NetworkConditioner();
 * conditioner.set({ latencyMs: 100, jitterMs: 20, lossPercent: 5 });
 * const outgoing = conditioner.pipe("outgoing");
 * outgoing.pass("unreliable", () => channel.send(bytes)); // ~50 ms later, or never (5%)
 */
export class NetworkConditioner {
  private conditions: NetworkConditions | null = null;
  private readonly pipes = new Set<ConditionedPipe>();

  constructor(readonly clock: ConditionerClock = systemClock) {}

  /** The conditions in force, or null when off. */
  get(): NetworkConditions | null {
    return this.conditions && { ...this.conditions };
  }

  /**
   * Applies new conditions to every message from now on; null (or all zeros) turns the conditioner off, and then
   * whatever is still held is let through at once, in order. Throws a TypeError or RangeError on a bad value.
   */
  set(conditions: Partial<NetworkConditions> | null): void {
    const next = conditions === null ? null : validateConditions(conditions);
    this.conditions = next && !isOff(next) ? next : null;
    if (!this.conditions) for (const pipe of this.pipes) pipe.flush();
  }

  /** A one-way stream of messages (say, one peer's outgoing ones): reliable messages through it keep their order. */
  pipe(direction: Direction): ConditionedPipe {
    const pipe = new ConditionedPipe(direction, this, () => this.pipes.delete(pipe));
    this.pipes.add(pipe);
    return pipe;
  }
}

interface Held {
  at: number;
  deliver: () => void;
}

/** One direction of one link through the conditioner. */
export class ConditionedPipe {
  /** Reliable messages waiting, in the order they came: only the head has a timer. */
  private readonly queue: Held[] = [];
  private queueTimer: unknown;
  private isDraining = false;
  private readonly unreliableTimers = new Map<unknown, () => void>();
  private isClosed = false;

  constructor(
    readonly direction: Direction,
    private readonly conditioner: NetworkConditioner,
    private readonly onClose: () => void,
  ) {}

  /** Whether messages pass at once and untouched: no conditions are in force. */
  get isClear(): boolean {
    return !this.conditioner.get();
  }

  /** Messages held right now (reliable and unreliable). */
  get held(): number {
    return this.queue.length + this.unreliableTimers.size;
  }

  /**
   * Runs `deliver` once the message has waited this direction's delay; an unreliable one may be dropped instead.
   * Synchronous when there is no delay (always while the conditioner is off) and no reliable message is held ahead.
   */
  pass(delivery: Delivery, deliver: () => void): void {
    if (this.isClosed) return;
    const conditions = this.conditioner.get();
    const { clock } = this.conditioner;
    if (delivery === "unreliable") {
      if (conditions && clock.random() * 100 < conditions.lossPercent) return;
      const delayMs = conditions ? oneWayDelay(conditions, clock.random()) : 0;
      if (delayMs <= 0) {
        deliver();
        return;
      }
      const timer = clock.setTimer(() => {
        this.unreliableTimers.delete(timer);
        deliver();
      }, delayMs);
      this.unreliableTimers.set(timer, deliver);
      return;
    }
    // A reliable message never overtakes one sent before it: it leaves no earlier than the one ahead of it.
    const now = clock.now();
    const ready = now + (conditions ? oneWayDelay(conditions, clock.random()) : 0);
    const at = Math.max(ready, this.queue.at(-1)?.at ?? now);
    this.queue.push({ at, deliver });
    // A longer queue has its head's timer already; a drain under way takes this one too once it is due.
    if (this.queue.length > 1 || this.isDraining) return;
    if (at <= now) this.drain();
    else this.scheduleHead();
  }

  /** Lets everything held through at once, reliable messages in order (the conditioner was turned off). */
  flush(): void {
    const unreliable = [...this.unreliableTimers];
    this.unreliableTimers.clear();
    for (const [timer, deliver] of unreliable) {
      this.conditioner.clock.clearTimer(timer);
      deliver();
    }
    for (const held of this.queue) held.at = -Infinity;
    this.drain();
  }

  /** Drops everything held, for good (the link is gone). */
  close(): void {
    this.isClosed = true;
    const { clock } = this.conditioner;
    for (const timer of this.unreliableTimers.keys()) clock.clearTimer(timer);
    this.unreliableTimers.clear();
    clock.clearTimer(this.queueTimer);
    this.queue.length = 0;
    this.onClose();
  }

  private scheduleHead(): void {
    const head = this.queue[0];
    if (!head) return;
    const { clock } = this.conditioner;
    clock.clearTimer(this.queueTimer);
    this.queueTimer = clock.setTimer(() => this.drain(), Math.max(0, head.at - clock.now()));
  }

  /** Delivers every due message at the head, in order; a message passed meanwhile (re-entrantly) joins the queue. */
  private drain(): void {
    if (this.isDraining) return;
    this.isDraining = true;
    const { clock } = this.conditioner;
    try {
      for (let head = this.queue[0]; head && head.at <= clock.now(); head = this.queue[0]) {
        this.queue.shift();
        head.deliver();
      }
    } finally {
      this.isDraining = false;
      this.scheduleHead();
    }
  }
}
