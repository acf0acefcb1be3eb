import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "./latency-histogram.js";

describe("LatencyHistogram", () => {
  it("gives nearest-rank percentiles within 1% of the samples", () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) histogram.record(ms / 10);
    expect(histogram.percentile(0.5)).toBeGreaterThanOrEqual(50);
    expect(histogram.percentile(0.5)).toBeLessThanOrEqual(50 * 1.01);
    expect(histogram.percentile(0.99)).toBeGreaterThanOrEqual(99);
    expect(histogram.percentile(0.99)).toBeLessThanOrEqual(99 * 1.01);
    expect(histogram.percentile(1)).toBe(100);
    expect(histogram.mean()).toBeCloseTo(50.05);
  });

  it("adds up histograms from several threads exactly", () => {
    const [a, b, all] = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];
    for (const ms of [0.004, 3, 7, 70_000]) [a, all].forEach((histogram) => histogram.record(ms));
    for (const ms of [0.5, 12, 12]) [b, all].forEach((histogram) => histogram.record(ms));
    const merged = LatencyHistogram.from(a.toJSON());
    merged.add(structuredClone(b.toJSON()));
    expect(merged.toJSON()).toEqual(all.toJSON());
    expect(merged.percentile(0)).toBe(0.004);
    expect(merged.percentile(1)).toBe(70_000);
  });

  it("has no percentiles without samples", () => {
    expect(new LatencyHistogram().percentile(0.5)).toBeNaN();
  });
});
