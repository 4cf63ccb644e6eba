export { percentileOfSorted } from './percentile.ts';
export { selectKth } from './select-kth.ts';
export {
  type DurationStats,
  sumDurationsMs,
  summarizeDurations,
  summarizeDurationsInPlace,
  summarizeSortedDurations,
} from './summarize-durations.ts';
