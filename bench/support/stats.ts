export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Median (mean of the two middle samples when n is even), nearest-rank p95, min, max, mean; null for no samples. */
export function summarize(samples: readonly number[]): Summary | null {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return null;
  const at = (index: number): number => sorted[Math.min(n - 1, Math.max(0, index))] ?? Number.NaN;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  return {
    n,
    median,
    p95: at(Math.ceil(0.95 * n) - 1),
    min: at(0),
    max: at(n - 1),
    mean: sorted.reduce((sum, value) => sum + value, 0) / n,
  };
}
