export {
  changesFromModel,
  type ModelChangeOptions,
  type ModelChanges,
} from './changes-from-model.ts';
export { checkReproduction, type ReproductionRow } from './check-reproduction.ts';
export {
  CASE_END,
  contextOf,
  fitProcessBehaviour,
  type ProcessBehaviour,
} from './fit-process-behaviour.ts';
export {
  MAX_PASSAGES_PER_CASE,
  type RunFigures,
  type RunOptions,
  randomForRun,
  simulateRuns,
} from './simulate-runs.ts';
export {
  type Gain,
  type Interval,
  medianAndInterval,
  pairedGain,
  type ScenarioSummary,
  simulateWhatIf,
  summarizeRuns,
  type WhatIfOptions,
  type WhatIfResult,
} from './simulate-what-if.ts';
export {
  compilePlan,
  type DeadlinePolicy,
  type PlanResult,
  POLICY_CODE,
  type SimulationChange,
  type SimulationPlan,
} from './simulation-plan.ts';
