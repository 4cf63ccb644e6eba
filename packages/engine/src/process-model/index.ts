export { checkProcessModel, type ModelWarning } from './check-process-model.ts';
export {
  attachMeasurements,
  compareEstimates,
  type EstimateComparison,
} from './compare-estimates.ts';
export { deriveVersion, toBeName } from './derive-version.ts';
export {
  diffModels,
  type FieldChange,
  type FlowRef,
  type ModelDiff,
  type StepRef,
} from './diff-models.ts';
export {
  type DiscoverOptions,
  defaultMeasure,
  discoverProcessModel,
  measureStepDurations,
  nameOf,
} from './discover-process-model.ts';
export {
  applyCommand,
  checkCommand,
  type EditCheck,
  type EditResult,
  type ModelCommand,
  type ModelPatch,
  type RefusedEdit,
  type StepAttributeChanges,
} from './edit-commands.ts';
export {
  type AppliedEdit,
  type EditHistory,
  edit,
  redo,
  startHistory,
  undo,
} from './edit-history.ts';
export {
  formatDurationAmount,
  formatDurationEstimate,
  formatFigure,
} from './format-duration-estimate.ts';
export { inferStepKind } from './infer-step-kind.ts';
export { DURATION_ESTIMATE_FORMATS, parseDurationEstimate } from './parse-duration-estimate.ts';
export {
  findReferenceProblems,
  MODEL_MIGRATIONS,
  type ModelMigration,
  type ModelProblem,
  migrateProcessModel,
  type ParsedModel,
  parseProcessModel,
} from './parse-process-model.ts';
export * from './process-model.ts';
export {
  buildSopManual,
  parseSopText,
  type SopEntry,
  type SopManual,
  type SopSection,
  type TextBlock,
  type TextSpan,
} from './sop-manual.ts';
