import { describe, expect, it } from 'vitest';
import { paretoOf } from './pareto.ts';

describe('paretoOf', () => {
  it('orders by value with each share and the running share of the total', () => {
    // Waiting hours 10, 60, 30, none: total 100.
    const bars = paretoOf(
      [
        { title: 'A', hours: 10 },
        { title: 'B', hours: 60 },
        { title: 'C', hours: 30 },
        { title: 'D', hours: null },
      ],
      (problem) => problem.hours,
    );
    expect(bars.map((bar) => [bar.item.title, bar.value, bar.share, bar.cumulativeShare])).toEqual([
      ['B', 60, 0.6, 0.6],
      ['C', 30, 0.3, 0.9],
      ['A', 10, 0.1, 1],
    ]);
  });

  it('is empty when nothing has a value, and keeps the given order on ties', () => {
    expect(paretoOf([{ v: 0 }, { v: Number.NaN }], (x) => x.v)).toEqual([]);
    expect(paretoOf(['x', 'y'], () => 5).map((bar) => bar.item)).toEqual(['x', 'y']);
  });
});
