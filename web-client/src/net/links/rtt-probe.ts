/** At most this many pings await their pong; older ones are forgotten (their pong is then ignored). */
const MAX_PINGS_IN_FLIGHT = 8;

/** The heartbeat's round trips: numbered pings, the pongs that answer them, and a smoothed RTT of the path in use. */
export class RttProbe {
  private readonly sentAt = new Map<number, number>();
  private nextId = 0;
  /** Smoothed over the pongs that came back on the path in use; null until one did, and after a path switch. */
  rttMs: number | null = null;

  constructor(private readonly now: () => number) {}

  /** The id of a new ping, in flight from now. */
  ping(): number {
    const id = this.nextId++;
    this.sentAt.set(id, this.now());
    if (this.sentAt.size > MAX_PINGS_IN_FLIGHT) this.sentAt.delete(id - MAX_PINGS_IN_FLIGHT);
    return id;
  }

  /** When the ping a pong answers went out, and it is in flight no more; undefined for a ping not in flight. */
  answered(id: number): number | undefined {
    const sentAt = this.sentAt.get(id);
    this.sentAt.delete(id);
    return sentAt;
  }

  /** Folds the round trip of a ping sent at `sentAt` into `rttMs`. */
  record(sentAt: number): void {
    const sample = this.now() - sentAt;
    this.rttMs = this.rttMs === null ? sample : Math.round((0.8 * this.rttMs + 0.2 * sample) * 100) / 100;
  }
}
