import type { MemberId } from "@rallypoint/protocol";
import { seatGone, vacateSeat } from "./membership.js";
import type { RealtimeContext } from "./types.js";

/** Where the sweep finds work: kept in Redis, so any process can do it (scale/redis-room-store.ts, node-liveness.ts). */
export interface SweepSource {
  /** Held seats whose grace window ended by `now`. */
  dueHolds(now: number): Promise<{ code: string; memberId: MemberId; until: number }[]>;
  forgetHold(hold: { code: string; memberId: MemberId; until: number }): Promise<void>;
  /** Seats bound to sockets of processes that died, handed to this one. */
  claimOrphans(): Promise<{ code: string; memberId: MemberId; connection: string }[]>;
  /** Done with a claimed seat: it is held (or was already resumed elsewhere). */
  forgetOrphan(seat: { code: string; memberId: MemberId; connection: string }): Promise<void>;
  /** Anything else to refresh once a sweep (the room count). */
  refresh?(): Promise<void>;
}

/**
 * With several processes, the one holding a seat's timer may die before the grace window ends, and a process that
 * dies cannot hold its own sockets' seats. So every process sweeps now and then: it releases seats whose deadline
 * passed and holds the seats of dead processes. The process that held a seat still releases it on time with its own
 * timer; the sweep is the fallback, and a release is a compare-and-set, so only one of them tells the room.
 */
export class SeatSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly context: RealtimeContext,
    private readonly source: SweepSource,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // One sweep at a time: a slow Redis must not pile them up.
      if (this.running) return;
      this.running = this.sweep().finally(() => (this.running = undefined));
      this.context.inflight.track("sweeping seats", this.running);
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    const { context, source } = this;
    for (const seat of await source.claimOrphans()) {
      context.log.info({ room: seat.code, member: seat.memberId }, "taking over a seat of a dead server");
      await seatGone(context, seat.code, seat.memberId, seat.connection);
      await source.forgetOrphan(seat);
    }
    for (const hold of await source.dueHolds(Date.now())) {
      await vacateSeat(context, hold.code, hold.memberId, "timeout", { until: hold.until });
      await source.forgetHold(hold);
    }
    await source.refresh?.();
  }
}
