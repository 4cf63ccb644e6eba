import { percentileOfSorted } from './percentile.ts';

/** Summary statistics of a set of durations, all in milliseconds. */
export interface DurationStats {
  count: number;
  totalMs: number;
  meanMs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
}

/**
 * Sums with Neumaier's compensated summation: millisecond durations of millions
 * of events add up past 2^53, where a plain running sum starts to drop digits.
 */
export function sumCompensated(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  let compensation = 0;
  for (let i = from; i < to; i++) {
    const value = values[i] as number;
    const next = sum + value;
    if (Math.abs(sum) >= Math.abs(value)) compensation += sum - next + value;
    else compensation += value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/**
 * Statistics of `values[from, to)`, which must already be sorted ascending.
 * An empty range gives count 0 and NaN for every figure but the total (0).
 */
export function summarizeSortedDurations(
  values: Float64Array,
  from = 0,
  to = values.length,
): DurationStats {
  const count = to - from;
  const range = values.subarray(from, to);
  const totalMs = sumCompensated(range);
  return {
    count,
    totalMs,
    meanMs: count === 0 ? Number.NaN : totalMs / count,
    medianMs: percentileOfSorted(range, 0.5),
    p90Ms: percentileOfSorted(range, 0.9),
    minMs: count === 0 ? Number.NaN : (range[0] as number),
    maxMs: count === 0 ? Number.NaN : (range[count - 1] as number),
  };
}

/** Statistics of durations in any order (the input is copied, not changed). */
export function summarizeDurations(values: ArrayLike<number>): DurationStats {
  const sorted = Float64Array.from(values).sort();
  return summarizeSortedDurations(sorted);
}
