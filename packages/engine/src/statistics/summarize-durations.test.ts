import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileOfSorted } from './percentile.ts';
import { sumCompensated, summarizeDurations } from './summarize-durations.ts';

describe('percentileOfSorted (numpy linear interpolation)', () => {
  // Reference values computed by hand and checked against numpy.percentile(x, q).
  it('interpolates between the closest ranks', () => {
    const x = [1, 2, 3, 4];
    expect(percentileOfSorted(x, 0.5)).toBe(2.5); // h = 1.5 → 2 + 0.5·1
    expect(percentileOfSorted(x, 0.9)).toBeCloseTo(3.7, 12); // h = 2.7 → 3 + 0.7·1
    expect(percentileOfSorted(x, 0)).toBe(1);
    expect(percentileOfSorted(x, 1)).toBe(4);
  });

  it('gives the middle value of an odd-sized set as its median', () => {
    expect(percentileOfSorted([10, 20, 70], 0.5)).toBe(20);
  });

  it('returns the only value for a single-element set and NaN for none', () => {
    expect(percentileOfSorted([42], 0.9)).toBe(42);
    expect(percentileOfSorted([], 0.5)).toBeNaN();
  });

  it('p90 of 1..10 is 9.1', () => {
    // h = 9 · 0.9 = 8.1 → x[8] + 0.1 · (x[9] − x[8]) = 9 + 0.1
    expect(percentileOfSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
  });

  it('is monotone in p and stays within min and max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const sorted = values.slice().sort((x, y) => x - y);
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const pLo = percentileOfSorted(sorted, lo);
          const pHi = percentileOfSorted(sorted, hi);
          return pLo <= pHi && pLo >= sorted[0]! && pHi <= sorted[sorted.length - 1]!;
        },
      ),
    );
  });
});

describe('summarizeDurations', () => {
  it('computes mean, median, p90, min and max of unsorted input', () => {
    const stats = summarizeDurations([3_600_000, 60_000, 120_000, 7_200_000]);
    expect(stats).toEqual({
      count: 4,
      totalMs: 10_980_000,
      meanMs: 2_745_000,
      medianMs: 1_860_000, // (120 000 + 3 600 000) / 2
      p90Ms: 3_600_000 + 0.7 * 3_600_000, // h = 2.7
      minMs: 60_000,
      maxMs: 7_200_000,
    });
  });

  it('adds large sums without losing milliseconds', () => {
    // A plain running sum gives 0 here: 1e16 + 1 rounds back to 1e16.
    expect(sumCompensated([1e16, 1, 1, -1e16])).toBe(2);
  });
});
