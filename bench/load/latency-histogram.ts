/** The smallest latency told apart from zero, in ms; anything below lands in the first bucket. */
const FLOOR_MS = 0.01;
/** Each bucket is 1% wider than the one before: percentiles come out within 1% of the true sample. */
const GROWTH = 1.01;
/** From 0.01 ms up to about 60 s; larger values land in the last bucket (max stays exact). */
const BUCKETS = Math.ceil(Math.log(6_000_000) / Math.log(GROWTH)) + 1;

/** A histogram as it travels between threads (structured clone) and into the result file. */
export interface HistogramData {
  counts: number[];
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * Latencies in log-spaced buckets: millions of samples in a fixed 13 KB, and histograms from several bot threads add
 * up exactly. Percentiles are nearest-rank, reported as the upper edge of the bucket they fall in (capped by max).
 * @example const h = new LatencyHistogram(); h.record(1.5); h.percentile(0.99);
 */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  /** Rebuilds a histogram sent from another thread. */
  static from(data: HistogramData): LatencyHistogram {
    const histogram = new LatencyHistogram();
    histogram.add(data);
    return histogram;
  }

  record(ms: number): void {
    const index = ms <= FLOOR_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / FLOOR_MS) / Math.log(GROWTH)));
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  /** Adds another histogram's samples to this one. */
  add(data: HistogramData): void {
    data.counts.forEach((count, index) => {
      this.counts[index] = (this.counts[index] ?? 0) + count;
    });
    this.count += data.count;
    this.sum += data.sum;
    this.min = Math.min(this.min, data.min);
    this.max = Math.max(this.max, data.max);
  }

  /** The nearest-rank `q` quantile (0.5, 0.99...) in ms; NaN without samples. */
  percentile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    // The extremes are known exactly: no need for a bucket's edge.
    if (rank === 1) return this.min;
    if (rank >= this.count) return this.max;
    let seen = 0;
    for (let index = 0; index < BUCKETS; index++) {
      seen += this.counts[index] ?? 0;
      if (seen >= rank) return Math.max(this.min, Math.min(this.max, FLOOR_MS * GROWTH ** index));
    }
    return this.max;
  }

  mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  toJSON(): HistogramData {
    return { counts: Array.from(this.counts), count: this.count, sum: this.sum, min: this.min, max: this.max };
  }
}
