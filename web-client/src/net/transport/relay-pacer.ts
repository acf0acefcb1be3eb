/**
 * How fast this client puts reliable frames on the relay: half of what a server allows a connection by default
 * (RELAY_BYTES_PER_SECOND 1 MiB and RELAY_MESSAGES_PER_SECOND 1000, counted over 10 s windows). A message costs
 * its bytes, and at least `minMessageCost` (a server's bytes per message: 1 MiB / 1000), so one budget keeps both
 * counts. In any 10 s window the client sends at most `burstBytes` + 10 × `bytesPerSecond` = 5.5 MiB and 5,632
 * messages of everything it relays, leaving the rest of the server's 10 MiB and 10,000 for what is not paced (acks,
 * heartbeats, state) beyond that. docs/server.md has the arithmetic.
 */
export const RELAY_PACE = { bytesPerSecond: 512 * 1024, burstBytes: 512 * 1024, minMessageCost: 1024 };

/**
 * A token bucket over everything this client relays. Reliable frames wait for budget (`reserve`), so a 1 MiB event
 * in 64 chunks never trips the server's rate limits; acks, heartbeats and state never wait, but what they send
 * (`spend`) is taken from the same budget, so paced frames slow down for them.
 */
export class RelayPacer {
  private tokens: number;
  private updatedAt: number;
  /** Budget promised to frames not yet sent (settled when a relay send goes out). */
  private reserved = 0;
  private readonly waiting = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly pace = RELAY_PACE,
  ) {
    this.tokens = pace.burstBytes;
    this.updatedAt = now();
  }

  /**
   * Whether a frame of `bytes` may go on the relay now (it is then counted as promised); if not, `wake` is called
   * once when there may be budget again. A `wake` already waiting is not added twice.
   */
  reserve(bytes: number, wake: () => void): boolean {
    const cost = this.costOf(bytes);
    this.refill();
    if (this.tokens - this.reserved >= cost) {
      this.reserved += cost;
      return true;
    }
    this.waiting.add(wake);
    const delayMs = ((cost + this.reserved - this.tokens) / this.pace.bytesPerSecond) * 1000;
    this.timer ??= setTimeout(() => this.wakeAll(), Math.ceil(delayMs));
    return false;
  }

  /** Relay sends of these sizes went out: they draw on the budget, and settle what was promised. */
  spend(sizes: readonly number[]): void {
    this.refill();
    this.reserved = 0;
    for (const bytes of sizes) this.tokens -= this.costOf(bytes);
  }

  private costOf(bytes: number): number {
    return Math.max(bytes, this.pace.minMessageCost);
  }

  private refill(): void {
    const now = this.now();
    const earned = ((now - this.updatedAt) / 1000) * this.pace.bytesPerSecond;
    this.tokens = Math.min(this.pace.burstBytes, this.tokens + Math.max(0, earned));
    this.updatedAt = now;
  }

  private wakeAll(): void {
    this.timer = undefined;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const wake of waiting) wake();
  }
}
