export { percentileOfSorted } from './percentile.ts';
export {
  type DurationStats,
  sumCompensated,
  summarizeDurations,
  summarizeSortedDurations,
} from './summarize-durations.ts';
