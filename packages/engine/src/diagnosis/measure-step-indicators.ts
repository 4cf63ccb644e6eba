import type { WorkingTime } from '../calendar/index.ts';
import type { EventLog } from '../event-log/index.ts';
import { toWorkingTimeLog } from '../mining/add-working-time.ts';
import type { LocalizedText, ProcessModel, Step } from '../process-model/process-model.ts';
import { differenceInterval } from '../statistics/proportion-interval.ts';
import { summarizeDurations } from '../statistics/summarize-durations.ts';
import { LOSING, WINNING } from './deal-words.ts';
import { findDominators } from './detect-skipped-steps.ts';

/** Median and 90th percentile of some durations, and how many there were. */
export interface DurationFigures {
  count: number;
  medianMs: number;
  p90Ms: number;
}

/** Won cases among those that passed a step and those that did not, and the difference with its 95% interval. */
export interface WinAssociation {
  through: { cases: number; won: number; rate: number };
  notThrough: { cases: number; won: number; rate: number };
  /** through.rate − notThrough.rate. */
  difference: number;
  /** Newcombe's hybrid score interval (95%) of the difference. */
  ci95: [number, number];
}

/**
 * What the data says about one step of the model (docs/metrics.md, "Step
 * indicators"). Null where the data cannot say: the step has no activity in
 * the log, or nothing to compare it with.
 */
export interface StepIndicators {
  stepId: string;
  name: LocalizedText;
  /** The activity of the log the step was matched with (by name or source). */
  activity: string | null;
  /** Cases that passed through it. */
  cases: number;
  /** From the case's previous event to the step (to its start, for logs with starts). */
  waiting: DurationFigures | null;
  /** From the step to the case's next event (its processing time, for logs with starts). */
  inStep: DurationFigures | null;
  /** Of the cases reaching a step it is mandatory before, those that did without it. */
  skip: { cases: number; of: number; share: number } | null;
  /** Of the cases through it, those that did it more than once. */
  rework: { cases: number; share: number } | null;
  /** Of the cases through it, those whose last step it was, without winning. */
  dropOff: { cases: number; share: number } | null;
  win: WinAssociation | null;
  /** Its events whose previous event in the case had another (known) owner. */
  handOffs: { count: number; share: number } | null;
  /** Distinct owners (resources) of its events. */
  owners: number;
  /** Systems the model says it touches. */
  systems: number;
}

export interface StepIndicatorOptions {
  /** Durations in this calendar's working time. */
  workingTime?: WorkingTime;
  /** Activities that mean the deal was won (default: those named 赢单, 成交, 签约, closed won, won…). */
  wonActivities?: readonly string[];
}

/**
 * The data-driven indicators of every step of `model` on `log`: waiting time
 * before it and time in it (working time with a calendar), share of cases
 * that skip it, rework, drop-off after it, association with winning, hand-offs
 * into it and distinct owners, and the systems it touches. Steps are matched
 * with activities by name (in either language) or source.
 */
export function measureStepIndicators(
  model: ProcessModel,
  log: EventLog,
  options: StepIndicatorOptions = {},
): StepIndicators[] {
  const timed = options.workingTime ? toWorkingTimeLog(log, options.workingTime) : log;
  const activityIndex = new Map(log.activities.map((activity, a) => [activity, a]));
  const activityOf = (step: Step) =>
    [step.name.en, step.name.zh, step.source]
      .map((name) => (name === undefined ? undefined : activityIndex.get(name)))
      .find((a) => a !== undefined);
  const isWonActivity = new Uint8Array(log.activities.length);
  const isLosingActivity = new Uint8Array(log.activities.length);
  log.activities.forEach((activity, a) => {
    isWonActivity[a] = (
      options.wonActivities
        ? options.wonActivities.includes(activity)
        : WINNING.test(activity) && !LOSING.test(activity)
    )
      ? 1
      : 0;
    isLosingActivity[a] = LOSING.test(activity) ? 1 : 0;
  });
  const won = new Uint8Array(log.caseCount);
  for (let c = 0; c < log.caseCount; c++)
    for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++)
      if (isWonActivity[log.activityOf[i]!]) won[c] = 1;
  let wonTotal = 0;
  for (let c = 0; c < log.caseCount; c++) wonTotal += won[c]!;

  // When the event started (logs with starts), on the same clock as `timed`; NaN when unknown.
  const { workingTime } = options;
  const startOf = (i: number): number => {
    const startMs = log.startMs?.[i];
    if (startMs === undefined || !Number.isFinite(startMs) || startMs > log.timestampMs[i]!)
      return Number.NaN;
    return workingTime ? workingTime.cumulativeMs(startMs) : startMs;
  };
  const dominators = findDominators(model);
  const stepActivity = new Map(model.steps.map((step) => [step.id, activityOf(step)]));

  return model.steps
    .filter((step) => step.kind !== 'start' && step.kind !== 'end')
    .map((step): StepIndicators => {
      const a = stepActivity.get(step.id);
      const base = {
        stepId: step.id,
        name: step.name,
        systems: step.systems.length,
      };
      if (a === undefined)
        return {
          ...base,
          activity: null,
          cases: 0,
          waiting: null,
          inStep: null,
          skip: null,
          rework: null,
          dropOff: null,
          win: null,
          handOffs: null,
          owners: 0,
        };
      const behind = new Set<number>();
      for (const later of model.steps) {
        if (later.id === step.id || later.kind === 'start' || later.kind === 'end') continue;
        if (LOSING.test(`${later.name.zh ?? ''} ${later.name.en ?? ''}`)) continue;
        if (!dominators.get(later.id)?.has(step.id)) continue;
        const b = stepActivity.get(later.id);
        if (b !== undefined && b !== a) behind.add(b);
      }
      const waiting: number[] = [];
      const inStep: number[] = [];
      const owners = new Set<number>();
      let events = 0;
      let handOffs = 0;
      let cases = 0;
      let wonThrough = 0;
      let reworkCases = 0;
      let dropOffs = 0;
      let reached = 0;
      let skipped = 0;
      for (let c = 0; c < log.caseCount; c++) {
        const from = log.caseStart[c]!;
        const to = log.caseStart[c + 1]!;
        let seen = 0;
        let passed = false;
        let judgedSkip = false;
        let lastStep = -1;
        for (let i = from; i < to; i++) {
          const activity = log.activityOf[i]!;
          if (!isLosingActivity[activity]) lastStep = activity;
          if (!judgedSkip && behind.has(activity)) {
            judgedSkip = true;
            reached++;
            if (!passed) skipped++;
          }
          if (activity !== a) continue;
          passed = true;
          seen++;
          events++;
          const resource = log.resourceOf[i]!;
          const known = log.resources[resource] !== undefined && log.resources[resource] !== '';
          if (known) owners.add(resource);
          if (i > from) {
            const previous = log.resourceOf[i - 1]!;
            const previousKnown =
              log.resources[previous] !== undefined && log.resources[previous] !== '';
            if (known && previousKnown && previous !== resource) handOffs++;
          }
          const startedMs = startOf(i);
          if (i > from)
            waiting.push(
              Math.max(
                0,
                (Number.isNaN(startedMs) ? timed.timestampMs[i]! : startedMs) -
                  timed.timestampMs[i - 1]!,
              ),
            );
          if (!Number.isNaN(startedMs)) inStep.push(timed.timestampMs[i]! - startedMs);
          else if (i + 1 < to) inStep.push(timed.timestampMs[i + 1]! - timed.timestampMs[i]!);
        }
        if (seen === 0) continue;
        cases++;
        if (seen > 1) reworkCases++;
        if (won[c]) wonThrough++;
        else if (lastStep === a) dropOffs++;
      }
      const notThrough = log.caseCount - cases;
      const wonNotThrough = wonTotal - wonThrough;
      const interval = differenceInterval(wonThrough, cases, wonNotThrough, notThrough);
      const isLosing = isLosingActivity[a] === 1;
      return {
        ...base,
        activity: log.activities[a]!,
        cases,
        waiting: figures(waiting),
        inStep: figures(inStep),
        skip:
          behind.size > 0 && reached > 0
            ? { cases: skipped, of: reached, share: skipped / reached }
            : null,
        rework: cases > 0 ? { cases: reworkCases, share: reworkCases / cases } : null,
        dropOff: cases > 0 && !isLosing ? { cases: dropOffs, share: dropOffs / cases } : null,
        win:
          interval && wonTotal > 0
            ? {
                through: { cases, won: wonThrough, rate: wonThrough / cases },
                notThrough: {
                  cases: notThrough,
                  won: wonNotThrough,
                  rate: wonNotThrough / notThrough,
                },
                difference: wonThrough / cases - wonNotThrough / notThrough,
                ci95: interval,
              }
            : null,
        handOffs: events > 0 ? { count: handOffs, share: handOffs / events } : null,
        owners: owners.size,
      };
    });
}

function figures(durations: number[]): DurationFigures | null {
  if (durations.length === 0) return null;
  const stats = summarizeDurations(durations);
  return { count: stats.count, medianMs: stats.medianMs, p90Ms: stats.p90Ms };
}
