/**
 * Orders for result lists. Indices in a log follow the input's first
 * appearances, so every list is ordered by counts and then by names: the
 * result never depends on the order of the input rows.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
