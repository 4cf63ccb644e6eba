export {
  aggregateScores,
  DISAGREEMENT_RANGE,
  type DimensionSummary,
  HIGHEST_SCORE,
  isScore,
  LOWEST_SCORE,
  listScoredSteps,
  type RaterProgress,
  SCORE_DIMENSIONS,
  type ScoreDimension,
  type ScoredStep,
  type ScoringResults,
  type StepComment,
  type StepScore,
  type StepScoreSummary,
  summarizeDimension,
} from './aggregate-scores.ts';
export {
  checkScoreSheet,
  type ScoreSheetEntry,
  type ScoreSheetProblem,
  sheetToScores,
} from './check-score-sheet.ts';
export { type BottleneckOptions, detectBottlenecks } from './detect-bottlenecks.ts';
export { type BrokenHandOffOptions, detectBrokenHandOffs } from './detect-broken-hand-offs.ts';
export { detectMissingHandOff, detectUnownedSteps } from './detect-model-gaps.ts';
export { detectNoDeadline, type NoDeadlineOptions } from './detect-no-deadline.ts';
export { detectRedundantEntry } from './detect-redundant-entry.ts';
export { detectRework, type ReworkOptions } from './detect-rework.ts';
export {
  detectSegmentBottlenecks,
  type Segment,
  type SegmentBottleneckOptions,
} from './detect-segment-bottlenecks.ts';
export {
  detectSkippedSteps,
  findDominators,
  type SkippedStepOptions,
} from './detect-skipped-steps.ts';
export { DETECTORS, type DiagnoseInput, type DiagnoseResult, diagnose } from './diagnose.ts';
export { type Finding, findingKey, type ProblemType } from './finding.ts';
export { type FindingImpact, findingImpact } from './finding-impact.ts';
export {
  type DurationFigures,
  measureStepIndicators,
  type StepIndicatorOptions,
  type StepIndicators,
  type WinAssociation,
} from './measure-step-indicators.ts';
export { type ParetoBar, paretoOf } from './pareto.ts';
