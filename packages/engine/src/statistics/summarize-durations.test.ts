import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileOfSorted } from './percentile.ts';
import { selectKth } from './select-kth.ts';
import {
  sumDurationsMs,
  summarizeDurations,
  summarizeDurationsInPlace,
} from './summarize-durations.ts';

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

  it('adds large sums without losing microseconds, in any order', () => {
    // A plain running sum depends on the order here: 9e12 + 0.001 is rounded at each step.
    expect(9e12 + 0.001 + 0.001).not.toBe(0.001 + 0.001 + 9e12);
    expect(sumDurationsMs([9e12, 0.001, 0.001])).toBe((9e15 + 2) / 1000);
    expect(sumDurationsMs([0.001, 9e12, 0.001])).toBe((9e15 + 2) / 1000);
  });

  it('sums past 2^53 microseconds exactly', () => {
    // 2000 values of 10^13 ms = 2·10^16 ms = 2·10^19 µs in total.
    expect(sumDurationsMs(new Float64Array(2000).fill(1e13))).toBe(2e16);
  });

  it('gives the same figures by selection as by sorting, whatever the input order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const sorted = values.slice().sort((x, y) => x - y);
          const stats = summarizeDurationsInPlace(Float64Array.from(values));
          return (
            stats.medianMs === percentileOfSorted(sorted, 0.5) &&
            stats.p90Ms === percentileOfSorted(sorted, 0.9) &&
            stats.minMs === sorted[0] &&
            stats.maxMs === sorted[sorted.length - 1] &&
            stats.totalMs === sorted.reduce((sum, value) => sum + value, 0)
          );
        },
      ),
    );
  });
});

describe('selectKth', () => {
  it('puts the k-th smallest value at k with smaller values before and larger after', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        (values, seed) => {
          const k = seed % values.length;
          const array = Float64Array.from(values);
          selectKth(array, 0, array.length, k);
          const expected = values.slice().sort((x, y) => x - y)[k]!;
          for (let i = 0; i < k; i++) if (array[i]! > expected) return false;
          for (let i = k + 1; i < array.length; i++) if (array[i]! < expected) return false;
          return array[k] === expected;
        },
      ),
    );
  });
});
