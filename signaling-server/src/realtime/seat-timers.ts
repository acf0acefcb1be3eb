/**
 * One timer per held seat: the grace window after which it is released. Lives in the realtime layer so the
 * registry stays free of clocks.
 */
export class SeatTimers {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Seats this process is holding for a dropped member. */
  get size(): number {
    return this.timers.size;
  }

  /** Runs `expire` after `ms` unless cancelled first; replaces any timer of the same seat. */
  start(code: string, memberId: string, ms: number, expire: () => void): void {
    const key = `${code}:${memberId}`;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        expire();
      }, ms),
    );
  }

  cancel(code: string, memberId: string): void {
    const key = `${code}:${memberId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  /** On shutdown: no seat outlives the server, and no timer keeps the process alive. */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
