import { selectKth } from './select-kth.ts';

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

const LIMB = 2 ** 26;
const INVERSE_LIMB = 2 ** -26;

/**
 * The sum of millisecond durations, computed exactly at microsecond
 * resolution: each value is rounded to whole microseconds and added in two
 * integer limbs, so no digit is lost past 2^53 and the result does not depend
 * on the order of the values (a plain floating-point sum does).
 */
export function sumDurationsMs(values: ArrayLike<number>, from = 0, to = values.length): number {
  let high = 0;
  let low = 0;
  for (let i = from; i < to; i++) {
    const micros = Math.round((values[i] as number) * 1000);
    // Multiplying by 2^-26 is exact, and cheaper than dividing.
    const upper = Math.floor(micros * INVERSE_LIMB);
    high += upper;
    low += micros - upper * LIMB;
    // `low` grows by < 2^26 per value: fold it before it could reach 2^53.
    if (low >= 2 ** 52) {
      const carry = Math.floor(low / LIMB);
      high += carry;
      low -= carry * LIMB;
    }
  }
  return (high * LIMB + low) / 1000;
}

/**
 * Statistics of the durations `values[from, to)`. The range is reordered
 * (partially, by selection): exact percentiles without a full sort.
 * An empty range gives count 0, total 0 and NaN for every other figure.
 */
export function summarizeDurationsInPlace(
  values: Float64Array,
  from = 0,
  to = values.length,
): DurationStats {
  const count = to - from;
  if (count === 0) {
    return {
      count,
      totalMs: 0,
      meanMs: Number.NaN,
      medianMs: Number.NaN,
      p90Ms: Number.NaN,
      minMs: Number.NaN,
      maxMs: Number.NaN,
    };
  }
  const totalMs = sumDurationsMs(values, from, to);
  let minMs = values[from]!;
  let maxMs = minMs;
  for (let i = from + 1; i < to; i++) {
    const value = values[i]!;
    if (value < minMs) minMs = value;
    else if (value > maxMs) maxMs = value;
  }
  // The p90 rank is never below the median's, so it is selected right of it.
  const medianMs = percentileInPlace(values, from, to, 0.5, from);
  const p90Ms = percentileInPlace(values, from, to, 0.9, from + Math.floor((count - 1) * 0.5));
  return { count, totalMs, meanMs: totalMs / count, medianMs, p90Ms, minMs, maxMs };
}

/**
 * The p-th percentile of `values[from, to)` by linear interpolation between
 * the closest ranks (numpy's default), found by selection. `searchFrom`
 * (≥ from) says that everything before it is already known to be smaller.
 */
function percentileInPlace(
  values: Float64Array,
  from: number,
  to: number,
  p: number,
  searchFrom: number,
): number {
  const h = (to - from - 1) * p;
  const lower = from + Math.floor(h);
  selectKth(values, searchFrom, to, lower);
  const lowerValue = values[lower]!;
  const fraction = h - Math.floor(h);
  if (fraction === 0 || lower + 1 >= to) return lowerValue;
  // After selection the next rank is the smallest value right of `lower`.
  let next = values[lower + 1]!;
  for (let i = lower + 2; i < to; i++) if (values[i]! < next) next = values[i]!;
  return lowerValue + fraction * (next - lowerValue);
}

/** Statistics of durations in any order (the input is copied, not changed). */
export function summarizeDurations(values: ArrayLike<number>): DurationStats {
  return summarizeDurationsInPlace(Float64Array.from(values));
}
