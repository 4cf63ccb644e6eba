export { percentileOfSorted } from './percentile.ts';
export { selectKth } from './select-kth.ts';
export {
  type DurationStats,
  sumDurationsMs,
  summarizeDurations,
  summarizeDurationsInPlace,
} from './summarize-durations.ts';
