export { bootstrapPercentiles } from './bootstrap-percentiles.ts';
export { percentileOfSorted } from './percentile.ts';
export { differenceInterval, wilsonInterval } from './proportion-interval.ts';
export { SeededRandom } from './seeded-random.ts';
export { selectKth } from './select-kth.ts';
export {
  type DurationStats,
  sumDurationsMs,
  summarizeDurations,
  summarizeDurationsInPlace,
} from './summarize-durations.ts';
