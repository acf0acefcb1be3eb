/**
 * Decides when the local state goes out: at most `tickRate` times a second, always the latest state offered
 * (never a stale one queued behind it), and, while nothing changes, only a keepalive every `keepaliveMs` so that
 * receivers know the sender is still there. Pure: the caller passes the time.
 * @example
 * const throttle = new StateThrottle({ tickRate: 20, keepaliveMs: 1000 }, (a, b) => JSON.stringify(a) === JSON.stringify(b));
 * throttle.offer(state);                 // every frame
 * const due = throttle.take(performance.now()); // on every tick; send `due` when it is not null
 */
export interface StateThrottleOptions {
  /** Most sends per second. Default 20. */
  tickRate: number;
  /** While the state does not change, resend it this often. Default 1000 ms. */
  keepaliveMs: number;
}

export class StateThrottle<S> {
  private latest: S | undefined;
  private hasLatest = false;
  private lastSent: S | undefined;
  private lastSentAt = -Infinity;
  private readonly intervalMs: number;

  constructor(
    private readonly options: StateThrottleOptions,
    private readonly isSame: (a: S, b: S) => boolean,
  ) {
    if (!(options.tickRate > 0)) throw new RangeError(`tickRate must be positive, got ${options.tickRate}`);
    this.intervalMs = 1000 / options.tickRate;
  }

  /** The newest local state; replaces any state not yet sent. */
  offer(state: S): void {
    this.latest = state;
    this.hasLatest = true;
  }

  /** The state to send now, or null: too soon since the last send, nothing offered, or unchanged before keepalive. */
  take(now: number): S | null {
    if (!this.hasLatest || now - this.lastSentAt < this.intervalMs) return null;
    const state = this.latest as S;
    const unchanged = this.lastSent !== undefined && this.isSame(state, this.lastSent);
    if (unchanged && now - this.lastSentAt < this.options.keepaliveMs) return null;
    this.lastSent = state;
    this.lastSentAt = now;
    return state;
  }
}
