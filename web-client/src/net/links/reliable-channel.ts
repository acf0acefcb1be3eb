/**
 * Exactly-once, in-order delivery of reliable events per sender, whatever path carries each copy. Every frame gets
 * a sequence number and stays in a bounded resend buffer until the receiver acknowledges it (cumulatively);
 * the receiver drops duplicates and holds early arrivals until the gap before them is filled.
 */

export interface ReliableFrame<T> {
  seq: number;
  payload: T;
}

/** Bounds of a resend buffer. */
export interface SendBufferBounds<T> {
  /** Most events awaiting an ack (an event of several frames counts once). */
  events: number;
  /** Most bytes awaiting an ack, as `sizeOf` measures its frames. */
  bytes: number;
  sizeOf(payload: T): number;
}

/**
 * The sending side: numbers frames, hands them out in order as the path takes them (`next`, `markSent`), and keeps
 * them until acknowledged. Past its bounds `push` refuses a whole event, so a dead receiver cannot grow memory.
 */
export class ReliableSender<T> {
  private nextSeq = 1;
  private readonly unacked: (ReliableFrame<T> & { endsEvent: boolean })[] = [];
  private events = 0;
  private bytes = 0;
  /** How many of the oldest unacknowledged frames are on the wire; the rest wait for the path to take them. */
  private sent = 0;

  constructor(private readonly bounds: SendBufferBounds<T>) {}

  /** Events not yet fully acknowledged. */
  get pending(): number {
    return this.events;
  }

  /** Frames on the wire and not yet acknowledged. */
  get inFlight(): number {
    return this.sent;
  }

  /** Queues one event as these frames, numbered consecutively; false, queueing none, when they would not fit. */
  push(payloads: readonly T[]): boolean {
    const bytes = payloads.reduce((sum, payload) => sum + this.bounds.sizeOf(payload), 0);
    if (this.events >= this.bounds.events || this.bytes + bytes > this.bounds.bytes) return false;
    payloads.forEach((payload, index) => {
      this.unacked.push({ seq: this.nextSeq++, payload, endsEvent: index === payloads.length - 1 });
    });
    this.events++;
    this.bytes += bytes;
    return true;
  }

  /** The receiver has everything up to and including `seq`; true when that acknowledged something new. */
  acknowledge(seq: number): boolean {
    let acked = 0;
    for (let frame = this.unacked[0]; frame && frame.seq <= seq; frame = this.unacked[++acked]) {
      this.bytes -= this.bounds.sizeOf(frame.payload);
      if (frame.endsEvent) this.events--;
    }
    this.unacked.splice(0, acked);
    this.sent = Math.max(0, this.sent - acked);
    return acked > 0;
  }

  /**
   * The receiver started over (its page reloaded): what it had not acknowledged is numbered again from 1, in order,
   * and all of it goes out again; later frames follow on.
   */
  renumber(): void {
    this.unacked.forEach((frame, index) => (frame.seq = index + 1));
    this.nextSeq = this.unacked.length + 1;
    this.sent = 0;
  }

  /** The oldest frame not on the wire yet. */
  next(): ReliableFrame<T> | undefined {
    return this.unacked[this.sent];
  }

  /** The frame `next` gave went out. */
  markSent(): void {
    this.sent++;
  }

  /** Everything unacknowledged goes out again, oldest first: after a path switch, or when acks stop coming. */
  rewind(): void {
    this.sent = 0;
  }
}

export interface ReceiveResult<T> {
  /** Payloads to hand on now, in order. */
  deliver: T[];
  /** The cumulative ack to send back: the highest sequence number delivered so far. */
  ackSeq: number;
}

export class ReliableReceiver<T> {
  private delivered = 0;
  private readonly early = new Map<number, { payload: T; bytes: number }>();
  private earlyBytes = 0;

  /**
   * `window`: how far ahead of the next expected frame one may be held; `maxEarlyBytes`: how many bytes of such early
   * frames may be held. Anything beyond either is dropped, and resent by the sender later.
   */
  constructor(
    private readonly window: number,
    private readonly maxEarlyBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** The sender started over (its page reloaded): its next frame is number 1 again. */
  reset(): void {
    this.delivered = 0;
    this.early.clear();
    this.earlyBytes = 0;
  }

  receive(frame: ReliableFrame<T>, bytes = 0): ReceiveResult<T> {
    const deliver: T[] = [];
    const isAhead = frame.seq > this.delivered && frame.seq <= this.delivered + this.window;
    // The frame that fills the gap is always taken: held frames must never keep out the one they wait for.
    const fits = frame.seq === this.delivered + 1 || this.earlyBytes + bytes <= this.maxEarlyBytes;
    if (isAhead && fits && !this.early.has(frame.seq)) {
      this.early.set(frame.seq, { payload: frame.payload, bytes });
      this.earlyBytes += bytes;
    }
    for (let next = this.early.get(this.delivered + 1); next; next = this.early.get(this.delivered + 1)) {
      deliver.push(next.payload);
      this.early.delete(++this.delivered);
      this.earlyBytes -= next.bytes;
    }
    return { deliver, ackSeq: this.delivered };
  }
}
