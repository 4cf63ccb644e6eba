import { percentileOfSorted } from '../statistics/percentile.ts';
import type { ProcessBehaviour } from './fit-process-behaviour.ts';
import { type RunFigures, simulateRuns } from './simulate-runs.ts';
import {
  compilePlan,
  type PlanResult,
  type SimulationChange,
  type SimulationPlan,
} from './simulation-plan.ts';

/** A 95% interval: the 2.5th and 97.5th percentiles of a figure across runs. */
export type Interval = [number, number];

/**
 * One scenario's predicted figures (docs/metrics.md#simulation). Each is
 * computed per run; the figure is the median over runs and `ci95` the
 * 2.5th–97.5th percentiles over runs (linear interpolation).
 */
export interface ScenarioSummary {
  runs: number;
  casesPerRun: number;
  cycleTime: { medianMs: number; p90Ms: number; meanMs: number; ci95: Interval; p90Ci95: Interval };
  /** Per stage: the share of cases that reach it at least once. */
  stages: { name: string; reachRate: number; ci95: Interval }[];
  /** Per stage with a deadline: the share of its passages (that lead on) done within the deadline. */
  deadlines: {
    stage: string;
    deadlineMs: number;
    adherence: number;
    ci95: Interval;
    passages: number;
  }[];
  truncatedCases: number;
}

/** Paired per-run differences as-is − scenario: positive is time saved. */
export interface Gain {
  medianMs: number;
  ci95: Interval;
  p90Ms: number;
  p90Ci95: Interval;
}

export interface WhatIfResult {
  asIs: ScenarioSummary;
  toBe: ScenarioSummary | null;
  /** What all changes together save, when there are changes. */
  gain: Gain | null;
  /** Each change applied alone to the as-is process. */
  contributions: { changeIndex: number; change: SimulationChange; gain: Gain }[];
}

export interface WhatIfOptions {
  runs: number;
  seed: number;
  /** Cases per run; default the log's case count, so a run is a log of the same size. */
  casesPerRun?: number;
}

/**
 * Simulates the as-is process and, with changes, the to-be process and
 * each change alone, all from the same seed (run r of every scenario starts
 * from the same generator state). Deadlines are measured in the as-is
 * scenario without changing it, so both report SLA adherence against them.
 */
export function simulateWhatIf(
  behaviour: ProcessBehaviour,
  changes: readonly SimulationChange[],
  options: WhatIfOptions,
): { ok: true; result: WhatIfResult } | Extract<PlanResult, { ok: false }> {
  const runOptions = {
    runs: options.runs,
    seed: options.seed,
    casesPerRun: options.casesPerRun ?? behaviour.caseCount,
  };
  const measuredDeadlines: SimulationChange[] = changes.flatMap((change) =>
    change.kind === 'deadline' ? [{ ...change, policy: 'measure' as const }] : [],
  );
  const asIsPlan = compilePlan(behaviour, measuredDeadlines);
  if (!asIsPlan.ok) return asIsPlan;
  const toBePlan = compilePlan(behaviour, changes);
  if (!toBePlan.ok) return toBePlan;
  const asIsRuns = simulateRuns(behaviour, asIsPlan.plan, runOptions);
  const asIs = summarizeRuns(asIsRuns, asIsPlan.plan);
  if (changes.length === 0)
    return { ok: true, result: { asIs, toBe: null, gain: null, contributions: [] } };

  const toBeRuns = simulateRuns(behaviour, toBePlan.plan, runOptions);
  const contributions: WhatIfResult['contributions'] = [];
  for (let i = 0; i < changes.length; i++) {
    // Alone, but with the as-is's measured deadlines, so the runs stay paired.
    const alone = compilePlan(behaviour, [...measuredDeadlines, changes[i]!]);
    if (!alone.ok) return { ...alone, changeIndex: i };
    const runs = changes.length === 1 ? toBeRuns : simulateRuns(behaviour, alone.plan, runOptions);
    contributions.push({ changeIndex: i, change: changes[i]!, gain: pairedGain(asIsRuns, runs) });
  }
  return {
    ok: true,
    result: {
      asIs,
      toBe: summarizeRuns(toBeRuns, toBePlan.plan),
      gain: pairedGain(asIsRuns, toBeRuns),
      contributions,
    },
  };
}

/** Median and 2.5th/97.5th percentiles of `values` (sorted in place). */
export function medianAndInterval(values: Float64Array): { median: number; ci95: Interval } {
  values.sort();
  return {
    median: percentileOfSorted(values, 0.5),
    ci95: [percentileOfSorted(values, 0.025), percentileOfSorted(values, 0.975)],
  };
}

/** The figures of `figures` as `ScenarioSummary` (definitions on `ScenarioSummary`). */
export function summarizeRuns(figures: RunFigures, plan: SimulationPlan): ScenarioSummary {
  const { runs, casesPerRun } = figures;
  const stageCount = plan.stageNames.length;
  const median = medianAndInterval(figures.medianMs.slice());
  const p90 = medianAndInterval(figures.p90Ms.slice());
  const mean = medianAndInterval(figures.meanMs.slice());
  const perRun = new Float64Array(runs);
  const stages = plan.stageNames.map((name, s) => {
    for (let r = 0; r < runs; r++)
      perRun[r] = figures.reachedCases[r * stageCount + s]! / casesPerRun;
    const { median: reachRate, ci95 } = medianAndInterval(perRun);
    return { name, reachRate, ci95 };
  });
  const deadlines: ScenarioSummary['deadlines'] = [];
  for (let s = 0; s < stageCount; s++) {
    const deadlineMs = stageDeadlineMs(plan, s);
    if (deadlineMs === undefined) continue;
    let passages = 0;
    const rates: number[] = [];
    for (let r = 0; r < runs; r++) {
      const n = figures.deadlinePassages[r * stageCount + s]!;
      passages += n;
      if (n > 0) rates.push(figures.deadlineMet[r * stageCount + s]! / n);
    }
    const { median: adherence, ci95 } =
      rates.length > 0
        ? medianAndInterval(Float64Array.from(rates))
        : { median: Number.NaN, ci95: [Number.NaN, Number.NaN] as Interval };
    deadlines.push({ stage: plan.stageNames[s]!, deadlineMs, adherence, ci95, passages });
  }
  return {
    runs,
    casesPerRun,
    cycleTime: {
      medianMs: median.median,
      p90Ms: p90.median,
      meanMs: mean.median,
      ci95: median.ci95,
      p90Ci95: p90.ci95,
    },
    stages,
    deadlines,
    truncatedCases: figures.truncatedCases,
  };
}

/** The deadline of a stage: that of its activities (the smallest, for a merged step). */
function stageDeadlineMs(plan: SimulationPlan, stage: number): number | undefined {
  let deadline: number | undefined;
  for (let a = 0; a < plan.stageOf.length; a++) {
    if (plan.stageOf[a] !== stage || Number.isNaN(plan.deadlineMs[a]!)) continue;
    deadline = Math.min(deadline ?? Number.POSITIVE_INFINITY, plan.deadlineMs[a]!);
  }
  return deadline;
}

/** Per run r: as-is's figure − the scenario's; then the median and interval of those differences. */
export function pairedGain(asIs: RunFigures, scenario: RunFigures): Gain {
  const difference = (x: Float64Array, y: Float64Array) =>
    medianAndInterval(x.map((value, r) => value - y[r]!));
  const median = difference(asIs.medianMs, scenario.medianMs);
  const p90 = difference(asIs.p90Ms, scenario.p90Ms);
  return { medianMs: median.median, ci95: median.ci95, p90Ms: p90.median, p90Ci95: p90.ci95 };
}
