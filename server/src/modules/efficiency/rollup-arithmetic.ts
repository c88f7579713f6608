/**
 * The arithmetic of a daily rollup, the same as Prometheus does it on its side, so a day computed here
 * from the simulated cloud's readings and a day Prometheus computed mean the same thing.
 */

/**
 * The φ-quantile of readings as `quantile_over_time` computes it: rank φ·(n − 1) in the sorted values,
 * interpolated linearly between its neighbours. Null when there are no readings.
 */
export function quantile(values: readonly number[], phi: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = phi * (sorted.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(sorted.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

export interface Spread {
  avg: number | null;
  p95: number | null;
  max: number | null;
}

/** Average, 95th percentile and maximum of a day's readings. */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { avg: null, p95: null, max: null };
  let sum = 0;
  let max = -Infinity;
  for (const value of values) {
    sum += value;
    if (value > max) max = value;
  }
  return { avg: sum / values.length, p95: quantile(values, 0.95), max };
}

/** Percentages are kept to four decimals: finer than any reading means, and equal on both databases. */
export function roundPercent(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  return Math.round(Math.min(100, Math.max(0, value)) * 10_000) / 10_000;
}

/** Byte counts as whole decimal strings (bigint columns); a counter's extrapolated increase is rounded. */
export function wholeBytes(value: number | null): string | null {
  if (value === null || !Number.isFinite(value) || value < 0) return null;
  return BigInt(Math.round(value)).toString();
}

