import type { RelayChannel } from "../../shared/src/index.js";
import { LatencyHistogram, type HistogramData } from "./latency-histogram.js";

type PerChannel = Record<RelayChannel, number>;

/** What one bot thread counted in the measured window, as it travels to the main thread. */
export interface TallyData {
  sent: PerChannel;
  /** Each message sent times the members of its room that were connected to receive it. */
  expected: PerChannel;
  delivered: PerChannel;
  /** One-way, send to receipt, of every delivered message. */
  latency: HistogramData;
  /** Frames that were neither a readable state nor an event with its send time: should be 0. */
  unreadable: number;
  /** Bots whose connection ended during the run, by reason. */
  dropped: Record<string, number>;
}

const perChannel = (): PerChannel => ({ state: 0, event: 0 });

/**
 * Counts what a bot thread sent and received; only messages sent inside [from, until) are measured, whenever they
 * arrive, so the warm-up and the messages still in flight at the end are neither counted nor lost.
 */
export class Tally {
  private readonly sent = perChannel();
  private readonly expected = perChannel();
  private readonly delivered = perChannel();
  private readonly latency = new LatencyHistogram();
  private readonly dropped: Record<string, number> = {};
  private unreadable = 0;
  private from = Infinity;
  private until = -Infinity;
  /** Everything since the bots connected, window or not: the progress line shows these. */
  totalSent = 0;
  totalReceived = 0;
  totalDropped = 0;

  measure(from: number, until: number): void {
    this.from = from;
    this.until = until;
  }

  recordSent(channel: RelayChannel, sentAt: number, recipients: number): void {
    this.totalSent++;
    if (sentAt < this.from || sentAt >= this.until) return;
    this.sent[channel]++;
    this.expected[channel] += recipients;
  }

  recordReceived(channel: RelayChannel, sentAt: number, receivedAt: number): void {
    this.totalReceived++;
    if (sentAt < this.from || sentAt >= this.until) return;
    this.delivered[channel]++;
    this.latency.record(receivedAt - sentAt);
  }

  recordUnreadable(): void {
    this.totalReceived++;
    this.unreadable++;
  }

  recordDropped(reason: string): void {
    this.totalDropped++;
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }

  toJSON(): TallyData {
    return {
      sent: { ...this.sent },
      expected: { ...this.expected },
      delivered: { ...this.delivered },
      latency: this.latency.toJSON(),
      unreadable: this.unreadable,
      dropped: { ...this.dropped },
    };
  }
}

/** The bot threads' tallies as one. */
export function mergeTallies(tallies: readonly TallyData[]): { data: TallyData; latency: LatencyHistogram } {
  const latency = new LatencyHistogram();
  const data: TallyData = {
    sent: perChannel(),
    expected: perChannel(),
    delivered: perChannel(),
    latency: latency.toJSON(),
    unreadable: 0,
    dropped: {},
  };
  for (const tally of tallies) {
    for (const channel of ["state", "event"] as const) {
      data.sent[channel] += tally.sent[channel];
      data.expected[channel] += tally.expected[channel];
      data.delivered[channel] += tally.delivered[channel];
    }
    latency.add(tally.latency);
    data.unreadable += tally.unreadable;
    for (const [reason, count] of Object.entries(tally.dropped))
      data.dropped[reason] = (data.dropped[reason] ?? 0) + count;
  }
  data.latency = latency.toJSON();
  return { data, latency };
}
