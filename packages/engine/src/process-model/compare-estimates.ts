import type { WorkingTime } from '../calendar/index.ts';
import { countCasesPerActivity, type EventLog } from '../event-log/index.ts';
import { defaultMeasure, measureStepDurations } from './discover-process-model.ts';
import {
  type DurationEstimate,
  estimateToMs,
  type LocalizedText,
  type ProcessModel,
  type StepDurationMeasure,
} from './process-model.ts';

/**
 * Puts measured durations from an event log on the steps of a model made
 * by hand (from a table or a BPMN file): a step takes the figures of the
 * activity with its name (in either language) or its `source`. Steps with
 * no such activity, and activities no step names, are listed so people can
 * fix the names.
 */
export function attachMeasurements(
  model: ProcessModel,
  log: EventLog,
  options: { measure?: StepDurationMeasure; workingTime?: WorkingTime } = {},
): { model: ProcessModel; unmatchedSteps: string[]; unmatchedActivities: string[] } {
  const measured = measureStepDurations(
    log,
    options.measure ?? defaultMeasure(log),
    options.workingTime,
  );
  const casesOf = countCases(log);
  const used = new Set<string>();
  const unmatchedSteps: string[] = [];
  const steps = model.steps.map((step) => {
    if (step.kind === 'start' || step.kind === 'end') return step;
    const activity = [step.name.en, step.name.zh, step.source].find(
      (name) => name !== undefined && casesOf.has(name),
    );
    if (activity === undefined) {
      unmatchedSteps.push(step.id);
      return step;
    }
    used.add(activity);
    const figures = measured.get(activity);
    const next = { ...step, cases: casesOf.get(activity)! };
    if (figures) next.measured = figures;
    else delete next.measured;
    return next;
  });
  return {
    model: { ...model, steps },
    unmatchedSteps,
    unmatchedActivities: log.activities.filter((activity) => !used.has(activity)),
  };
}

function countCases(log: EventLog): Map<string, number> {
  const cases = countCasesPerActivity(log);
  return new Map(log.activities.map((activity, a) => [activity, cases[a]!]));
}

/** One step's estimate beside its measured median. */
export interface EstimateComparison {
  stepId: string;
  name: LocalizedText;
  estimated: DurationEstimate;
  /** The estimate in milliseconds of its basis (working days in the calendar's working day). */
  estimatedMs: number;
  /** The measured median in the estimate's basis; absent without data. */
  measuredMedianMs?: number;
  measuredCount?: number;
  /** Measured median ÷ estimate. */
  ratio?: number;
  /** For working-time comparisons: the calendar's working day, for showing working days. */
  workingDayMs?: number;
  verdict:
    | 'agrees'
    | 'longer-than-estimated'
    | 'shorter-than-estimated'
    | 'no-data'
    | 'needs-working-time';
}

/**
 * Interview estimates against the data, per step with an estimate: the
 * measured median (in working time for working estimates, calendar time
 * otherwise) divided by the estimate, flagged when it is more than `factor`
 * times longer or shorter (default 2). Definitions:
 * docs/process-model.md#estimated-versus-measured.
 */
export function compareEstimates(
  model: ProcessModel,
  options: { factor?: number } = {},
): EstimateComparison[] {
  const factor = options.factor ?? 2;
  const rows: EstimateComparison[] = [];
  for (const step of model.steps) {
    const estimated = step.estimated;
    if (!estimated) continue;
    const base = { stepId: step.id, name: step.name, estimated };
    const measured = step.measured;
    if (!measured) {
      rows.push({ ...base, estimatedMs: estimateToMs(estimated), verdict: 'no-data' });
      continue;
    }
    if (estimated.basis === 'working' && !measured.working) {
      rows.push({ ...base, estimatedMs: estimateToMs(estimated), verdict: 'needs-working-time' });
      continue;
    }
    const estimatedMs =
      estimated.basis === 'working'
        ? estimateToMs(estimated, measured.working!.workingDayMs)
        : estimateToMs(estimated);
    const medianMs =
      estimated.basis === 'working' ? measured.working!.medianMs : measured.calendar.medianMs;
    const ratio = medianMs / estimatedMs;
    rows.push({
      ...base,
      estimatedMs,
      measuredMedianMs: medianMs,
      measuredCount: measured.count,
      ratio,
      ...(estimated.basis === 'working' ? { workingDayMs: measured.working!.workingDayMs } : {}),
      verdict:
        ratio > factor
          ? 'longer-than-estimated'
          : ratio < 1 / factor
            ? 'shorter-than-estimated'
            : 'agrees',
    });
  }
  return rows;
}
