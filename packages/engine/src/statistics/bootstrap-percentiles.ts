import { percentileOfSorted } from './percentile.ts';
import type { SeededRandom } from './seeded-random.ts';

/**
 * 95% percentile-bootstrap intervals for several percentiles of `values`
 * at once (Efron's percentile method): `resamples` times, draw
 * `values.length` values with replacement, take each percentile (linear
 * interpolation); the interval is the 2.5th–97.5th percentile of those.
 * Seeded through `random`, so deterministic. Empty input: NaN bounds.
 */
export function bootstrapPercentiles(
  values: ArrayLike<number>,
  percentiles: readonly number[],
  resamples: number,
  random: SeededRandom,
): [number, number][] {
  const n = values.length;
  if (n === 0 || resamples < 1) return percentiles.map(() => [Number.NaN, Number.NaN]);
  const sample = new Float64Array(n);
  const estimates = percentiles.map(() => new Float64Array(resamples));
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(random.nextFloat() * n)]!;
    sample.sort();
    for (let j = 0; j < percentiles.length; j++)
      estimates[j]![b] = percentileOfSorted(sample, percentiles[j]!);
  }
  return estimates.map((column) => {
    column.sort();
    return [percentileOfSorted(column, 0.025), percentileOfSorted(column, 0.975)];
  });
}
