import { describe, expect, it } from 'vitest';
import { detailOf, minCountFor, shownAt } from './detail.ts';

const arcs = [
  { from: 'A', to: 'B', count: 50 },
  { from: 'B', to: 'C', count: 20 },
  { from: 'B', to: 'B', count: 99 }, // a self-loop is not a hand-off on the map
  { from: 'C', to: 'A', count: 20 },
  { from: 'C', to: 'D', count: 5 },
];

describe('the detail slider', () => {
  it('shows the most frequent hand-offs first, never cutting a tie', () => {
    const detail = detailOf(arcs);
    expect(detail.counts).toEqual([50, 20, 20, 5]);
    expect(minCountFor(detail, 1)).toBe(50);
    // Asking for two shows both hand-offs of 20 cases.
    expect(minCountFor(detail, 2)).toBe(20);
    expect(shownAt(detail, minCountFor(detail, 2))).toBe(3);
    expect(minCountFor(detail, 4)).toBe(5);
    expect(minCountFor(detail, 100)).toBe(5);
    expect(minCountFor(detail, 0)).toBe(50);
  });

  it('has nothing to hide on a map without hand-offs', () => {
    const detail = detailOf([{ from: 'A', to: 'A', count: 3 }]);
    expect(minCountFor(detail, 5)).toBe(1);
    expect(shownAt(detail, 1)).toBe(0);
  });
});
