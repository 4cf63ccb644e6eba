export { addProcessingTimes } from './add-processing-times.ts';
export { addWorkingTime, toWorkingTimeLog } from './add-working-time.ts';
export {
  analyzeFlow,
  analyzeLog,
  analyzeSegments,
  analyzeSequences,
  combineFigures,
  type FlowFigures,
  type ProcessAnalysis,
  type Segment,
  type SegmentBreakdown,
  type SegmentResult,
  type SequenceFigures,
} from './analyze-log.ts';
export { computePassRates, type PassRate } from './compute-pass-rates.ts';
export {
  type ActivityCount,
  countStartEndActivities,
  type StartEndActivities,
} from './count-start-end-activities.ts';
export { type DirectlyFollowsArc, discoverDirectlyFollows } from './discover-directly-follows.ts';
export {
  discoverVariants,
  groupVariants,
  listVariants,
  type Variant,
  type VariantGroups,
} from './discover-variants.ts';
export * from './find-cases-through.ts';
export {
  findSlowestHandOff,
  MIN_HAND_OFFS_TO_COMPARE,
  type SlowerHandOff,
} from './find-slowest-hand-off.ts';
export { type ActivityStats, measureActivities } from './measure-activities.ts';
export { computeCaseDurations, measureCaseDurations } from './measure-case-durations.ts';
export { type Bottlenecks, rankBottlenecks } from './rank-bottlenecks.ts';
