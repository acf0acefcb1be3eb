/**
 * Exactly-once, in-order delivery of reliable events per sender, whatever path carries each copy. Every event gets
 * a sequence number and stays in a bounded resend buffer until the receiver acknowledges it (cumulatively);
 * the receiver drops duplicates and holds early arrivals until the gap before them is filled.
 */

export interface ReliableFrame<T> {
  seq: number;
  payload: T;
}

export class ReliableSender<T> {
  private nextSeq = 1;
  private readonly unacked: ReliableFrame<T>[] = [];

  /** `capacity`: most events awaiting an ack; past it `push` refuses, so a dead receiver cannot grow memory. */
  constructor(private readonly capacity: number) {}

  get pending(): number {
    return this.unacked.length;
  }

  /**
   * Numbers an event and keeps it for resending; null when the buffer is full. `make` builds the payload from its
   * sequence number, once: a resend repeats exactly what was sent first.
   */
  push(make: (seq: number) => T): ReliableFrame<T> | null {
    if (this.unacked.length >= this.capacity) return null;
    const seq = this.nextSeq++;
    const frame = { seq, payload: make(seq) };
    this.unacked.push(frame);
    return frame;
  }

  /** The receiver has everything up to and including `seq`. */
  acknowledge(seq: number): void {
    let acked = 0;
    while (acked < this.unacked.length && (this.unacked[acked]?.seq ?? Infinity) <= seq) acked++;
    this.unacked.splice(0, acked);
  }

  /**
   * The receiver started over (its page reloaded): what it had not acknowledged is numbered again from 1, in order,
   * `remake` rebuilding each payload for its new number; later events follow on.
   */
  renumber(remake: (payload: T, seq: number) => T): void {
    this.unacked.forEach((frame, index) => {
      frame.seq = index + 1;
      frame.payload = remake(frame.payload, frame.seq);
    });
    this.nextSeq = this.unacked.length + 1;
  }

  /** Everything not yet acknowledged, oldest first: what to send again after a path switch. */
  outstanding(): readonly ReliableFrame<T>[] {
    return this.unacked;
  }
}

export interface ReceiveResult<T> {
  /** Payloads to hand to the game now, in order. */
  deliver: T[];
  /** The cumulative ack to send back: the highest sequence number delivered so far. */
  ackSeq: number;
}

export class ReliableReceiver<T> {
  private delivered = 0;
  private readonly early = new Map<number, T>();

  /** `window`: how far ahead of the next expected event a frame may be held; anything further is dropped and resent later. */
  constructor(private readonly window: number) {}

  /** The sender started over (its page reloaded): its next event is number 1 again. */
  reset(): void {
    this.delivered = 0;
    this.early.clear();
  }

  receive(frame: ReliableFrame<T>): ReceiveResult<T> {
    const deliver: T[] = [];
    if (frame.seq > this.delivered && frame.seq <= this.delivered + this.window)
      this.early.set(frame.seq, frame.payload);
    for (let next = this.delivered + 1; this.early.has(next); next++) {
      deliver.push(this.early.get(next) as T);
      this.early.delete(next);
      this.delivered = next;
    }
    return { deliver, ackSeq: this.delivered };
  }
}
