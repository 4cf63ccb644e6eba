/** One bar of a Pareto chart: an item's value and the running share of the total up to it. */
export interface ParetoBar<T> {
  item: T;
  value: number;
  /** This item's value over the total of all values. */
  share: number;
  /** The shares of this item and all larger ones before it: 0 to 1. */
  cumulativeShare: number;
}

/**
 * Items ordered by value, largest first, with each one's share of the total
 * and the running share: the few problems that hold most of the waiting time.
 * Items without a value (undefined, NaN, or not above 0) are left out; ties
 * keep the order given.
 */
export function paretoOf<T>(
  items: readonly T[],
  measure: (item: T) => number | null | undefined,
): ParetoBar<T>[] {
  const valued = items
    .map((item, index) => ({ item, index, value: measure(item) ?? Number.NaN }))
    .filter((entry) => entry.value > 0)
    .sort((x, y) => y.value - x.value || x.index - y.index);
  const total = valued.reduce((sum, entry) => sum + entry.value, 0);
  let running = 0;
  return valued.map(({ item, value }) => {
    running += value;
    return { item, value, share: value / total, cumulativeShare: running / total };
  });
}
