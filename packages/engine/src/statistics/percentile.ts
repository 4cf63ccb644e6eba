/**
 * The p-th percentile (0 ≤ p ≤ 1) of values already sorted ascending, by
 * linear interpolation between the closest ranks: numpy's default
 * (`method='linear'`), i.e. h = (n − 1)·p, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * Returns NaN for an empty input.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lower = Math.floor(h);
  const lowerValue = sorted[lower] as number;
  if (lower >= n - 1) return sorted[n - 1] as number;
  const fraction = h - lower;
  if (fraction === 0) return lowerValue;
  return lowerValue + fraction * ((sorted[lower + 1] as number) - lowerValue);
}
