import type { WorkingTime } from '../calendar/index.ts';
import { LOSING, WINNING } from '../diagnosis/deal-words.ts';
import {
  type CaseAttribute,
  type EventLog,
  findCaseAttribute,
  MISSING,
} from '../event-log/index.ts';
import { toWorkingTimeLog } from '../mining/add-working-time.ts';
import {
  type DurationEstimate,
  estimateToMs,
  type ProcessModel,
  type Step,
} from '../process-model/process-model.ts';
import { responseDeadlineOf } from '../rules/rule.ts';
import { percentileOfSorted } from '../statistics/index.ts';

/**
 * The building blocks a KPI is made of (docs/metrics.md, "KPIs"). Durations
 * are judged in working time when the computation is given a calendar.
 */
export type KpiMeasure =
  /** Case duration, first to last event: the median, or another percentile. */
  | { kind: 'cycle-time'; percentile?: number }
  /** Time from entering `step` to the case's next event: its median, or another percentile. */
  | { kind: 'stage-duration'; step: string; percentile?: number }
  /** Of the cases reaching `from`, the share that reach `to` later. */
  | { kind: 'pass-rate'; from: string; to: string }
  /** Of the cases that ended (won or lost), the share won. */
  | { kind: 'win-rate' }
  /**
   * SLA adherence: of the passages through steps with a deadline in the
   * model, the share done within it (time from entering the step to the
   * case's next event, at most the deadline).
   */
  | { kind: 'sla-adherence'; steps?: string[] }
  /**
   * Process adherence: of the cases, the share that begin at a first step of
   * the model and whose every move between two steps is a flow of the model
   * (through steps that record no event: decisions, start, end); an activity
   * the model does not know is off the path. A case that enters (or leaves)
   * a step with a stage gate must also have the gate's fields and artifacts
   * filled, where the data records them as case attributes (`judgeableGates`).
   */
  | { kind: 'process-adherence' }
  /** Customer response timeliness: of the cases reaching `from`, the share reaching `to` within `within`. */
  | { kind: 'timeliness'; from: string; to: string; within: DurationEstimate }
  /** Sum of a numeric case attribute over won cases, divided by the distinct values of `per` among them. */
  | { kind: 'revenue-per-rep'; amount: string; per: string }
  /** Events of the `numerator` activities over events of the `denominator` activities (or over cases, when left out). */
  | { kind: 'ratio'; numerator: string[]; denominator?: string[] };

export interface KpiDefinition {
  id: string;
  name: { zh?: string; en?: string };
  measure: KpiMeasure;
  /** The value aimed at, in the measure's unit (ms for durations, 0–1 for shares). */
  target?: number;
  /** Whether higher values are better (shares, revenue) or lower (durations). */
  direction: 'higher-is-better' | 'lower-is-better';
}

export interface KpiValue {
  id: string;
  /** Null when the data has nothing to measure (no case reached the step, no deadline…). */
  value: number | null;
  /** What the value was computed from: numerator and denominator for shares, the count of durations for durations. */
  basis: {
    numerator?: number;
    denominator?: number;
    count?: number;
    /** Process adherence: stage gates judged on the data, and those it records nothing of. */
    gatesJudged?: number;
    gatesNotJudged?: number;
  };
  /** Whether the value reaches the target in the KPI's direction; null without target or value. */
  meetsTarget: boolean | null;
}

export interface KpiContext {
  model?: ProcessModel;
  workingTime?: WorkingTime;
  /** Activities that mean the deal was won; default: those named so (赢单, 成交, closed won, won…). */
  wonActivities?: readonly string[];
}

/** Computes each KPI on the log (already narrowed to the period and cases wanted). */
export function computeKpis(
  definitions: readonly KpiDefinition[],
  log: EventLog,
  context: KpiContext = {},
): KpiValue[] {
  const timed = context.workingTime ? toWorkingTimeLog(log, context.workingTime) : log;
  return definitions.map((definition) => {
    const { value, basis } = measure(definition.measure, log, timed, context);
    const meetsTarget =
      value === null || definition.target === undefined
        ? null
        : definition.direction === 'higher-is-better'
          ? value >= definition.target
          : value <= definition.target;
    return { id: definition.id, value, basis, meetsTarget };
  });
}

type Measured = { value: number | null; basis: KpiValue['basis'] };

function measure(kpi: KpiMeasure, log: EventLog, timed: EventLog, context: KpiContext): Measured {
  switch (kpi.kind) {
    case 'cycle-time': {
      const durations: number[] = [];
      for (let c = 0; c < timed.caseCount; c++)
        durations.push(
          timed.timestampMs[timed.caseStart[c + 1]! - 1]! - timed.timestampMs[timed.caseStart[c]!]!,
        );
      return percentileOf(durations, kpi.percentile ?? 0.5);
    }
    case 'stage-duration': {
      const a = log.activities.indexOf(kpi.step);
      const durations: number[] = [];
      forEachEvent(timed, (_c, i, to) => {
        if (timed.activityOf[i] === a && i + 1 < to)
          durations.push(timed.timestampMs[i + 1]! - timed.timestampMs[i]!);
      });
      return percentileOf(durations, kpi.percentile ?? 0.5);
    }
    case 'pass-rate': {
      const from = log.activities.indexOf(kpi.from);
      const to = log.activities.indexOf(kpi.to);
      let reachedFrom = 0;
      let reachedTo = 0;
      for (let c = 0; c < log.caseCount; c++) {
        let seenFrom = false;
        let seenTo = false;
        for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
          const activity = log.activityOf[i]!;
          if (activity === from) seenFrom = true;
          else if (activity === to && seenFrom) seenTo = true;
        }
        if (seenFrom) reachedFrom++;
        if (seenTo) reachedTo++;
      }
      return share(reachedTo, reachedFrom);
    }
    case 'win-rate': {
      const { won, lost } = outcomes(log, context.wonActivities);
      return share(won, won + lost);
    }
    case 'sla-adherence': {
      if (!context.model) return { value: null, basis: {} };
      // Per activity: its deadline in ms, and whether it runs on working time.
      const deadlines = new Map<number, { ms: number; working: boolean }>();
      for (const step of context.model.steps) {
        // The step's hand-off rule (entering it until the case moves on), else its own deadline.
        const deadline = responseDeadlineOf(context.model, step);
        if (!deadline) continue;
        if (kpi.steps && !kpi.steps.some((name) => namesOf(step).includes(name))) continue;
        const a = activityOfStep(log, step);
        if (a === undefined) continue;
        deadlines.set(a, {
          ms: estimateToMs(deadline, workingDayMsOf(context.workingTime)),
          working: deadline.basis === 'working' && context.workingTime !== undefined,
        });
      }
      let within = 0;
      let passages = 0;
      forEachEvent(log, (_c, i, to) => {
        const deadline = deadlines.get(log.activityOf[i]!);
        if (deadline === undefined || i + 1 >= to) return;
        // A working-time deadline is judged on working time, a calendar one on calendar time.
        const clock = deadline.working ? timed : log;
        passages++;
        if (clock.timestampMs[i + 1]! - clock.timestampMs[i]! <= deadline.ms) within++;
      });
      return share(within, passages);
    }
    case 'process-adherence': {
      if (!context.model) return { value: null, basis: {} };
      const model = context.model;
      const stepOf = new Map<number, string>();
      for (const step of model.steps) {
        const a = activityOfStep(log, step);
        if (a !== undefined) stepOf.set(a, step.id);
      }
      const allowed = reachableThroughSilent(model);
      // A case must also begin where the model begins (when it draws a start).
      const starts = model.steps.filter((step) => step.kind === 'start');
      const firstSteps =
        starts.length === 0
          ? undefined
          : new Set(starts.flatMap((step) => [...(allowed.get(step.id) ?? [])]));
      const { judged, notJudged } = judgeableGates(model, log);
      let following = 0;
      for (let c = 0; c < log.caseCount; c++) {
        const first = stepOf.get(log.activityOf[log.caseStart[c]!]!);
        if (firstSteps && (first === undefined || !firstSteps.has(first))) continue;
        let previous: string | undefined;
        let ok = true;
        for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]! && ok; i++) {
          const step = stepOf.get(log.activityOf[i]!);
          if (step === undefined) ok = false;
          else if (previous !== undefined && !allowed.get(previous)?.has(step)) ok = false;
          else if (step !== previous) {
            // Leaving one step for another passes its leave gates, then the next one's entry gates.
            if (previous !== undefined && !passesGates(judged, c, previous, 'leave')) ok = false;
            else if (!passesGates(judged, c, step, 'enter')) ok = false;
          }
          previous = step;
        }
        if (ok) following++;
      }
      return {
        ...share(following, log.caseCount),
        basis: {
          numerator: following,
          denominator: log.caseCount,
          gatesJudged: judged.length,
          gatesNotJudged: notJudged.length,
        },
      };
    }
    case 'timeliness': {
      const from = log.activities.indexOf(kpi.from);
      const to = log.activities.indexOf(kpi.to);
      const clock = kpi.within.basis === 'working' && context.workingTime ? timed : log;
      const limitMs = estimateToMs(kpi.within, workingDayMsOf(context.workingTime));
      let reached = 0;
      let inTime = 0;
      for (let c = 0; c < log.caseCount; c++) {
        let fromAt = Number.NaN;
        for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
          const activity = log.activityOf[i]!;
          if (activity === from && Number.isNaN(fromAt)) {
            fromAt = clock.timestampMs[i]!;
            reached++;
          } else if (activity === to && !Number.isNaN(fromAt)) {
            if (clock.timestampMs[i]! - fromAt <= limitMs) inTime++;
            break;
          }
        }
      }
      return share(inTime, reached);
    }
    case 'revenue-per-rep': {
      const amount = findCaseAttribute(log, kpi.amount);
      const per = findCaseAttribute(log, kpi.per);
      if (!amount || !per) return { value: null, basis: {} };
      const { wonCases } = outcomes(log, context.wonActivities);
      let total = 0;
      const reps = new Set<number>();
      for (const c of wonCases) {
        const value = amount.valueIndexOf[c]!;
        const number = value === MISSING ? Number.NaN : Number(amount.values[value]);
        if (Number.isFinite(number)) total += number;
        const rep = per.valueIndexOf[c]!;
        if (rep !== MISSING) reps.add(rep);
      }
      return reps.size === 0
        ? { value: null, basis: { numerator: total, denominator: 0 } }
        : { value: total / reps.size, basis: { numerator: total, denominator: reps.size } };
    }
    case 'ratio': {
      const count = (names: readonly string[]) => {
        const wanted = new Set(names.map((name) => log.activities.indexOf(name)));
        let n = 0;
        for (let i = 0; i < log.eventCount; i++) if (wanted.has(log.activityOf[i]!)) n++;
        return n;
      };
      const numerator = count(kpi.numerator);
      const denominator = kpi.denominator ? count(kpi.denominator) : log.caseCount;
      return denominator === 0
        ? { value: null, basis: { numerator, denominator } }
        : { value: numerator / denominator, basis: { numerator, denominator } };
    }
  }
}

/** A stage gate with the case attributes that record what it requires. */
interface JudgedGate {
  stepId: string;
  on: 'enter' | 'leave';
  required: CaseAttribute[];
}

/**
 * The model's stage gates that the log can judge: each required field or
 * artifact looked up as a case attribute of that name (from `--cases` or
 * `--case-columns`, or a dataset's case table). A gate is judged on the
 * names the data records; a gate whose names it records none of is not
 * judged (`notJudged`). A log keeps a case's latest value, not when it was
 * filled, so a gate counts as passed when its fields are filled by then.
 */
function judgeableGates(
  model: ProcessModel,
  log: EventLog,
): { judged: JudgedGate[]; notJudged: string[] } {
  const judged: JudgedGate[] = [];
  const notJudged: string[] = [];
  for (const rule of model.rules ?? []) {
    if (rule.kind !== 'stage-gate') continue;
    const required = [...rule.requiredFields, ...rule.requiredArtifacts].flatMap((name) => {
      const attribute = findCaseAttribute(log, name);
      return attribute ? [attribute] : [];
    });
    if (required.length === 0) notJudged.push(rule.id);
    else judged.push({ stepId: rule.stepId, on: rule.on, required });
  }
  return { judged, notJudged };
}

/** Values that say a field is not filled in (a check not done, an artifact missing). */
const NOT_FILLED = new Set(['', 'false', 'no', 'n', '0', '否', '无', '未', '没有', 'none', 'n/a']);

/** Whether case `c` has every field of the gates on `stepId` (for `on`) filled. */
function passesGates(
  gates: readonly JudgedGate[],
  c: number,
  stepId: string,
  on: 'enter' | 'leave',
): boolean {
  for (const gate of gates) {
    if (gate.stepId !== stepId || gate.on !== on) continue;
    for (const attribute of gate.required) {
      const value = attribute.valueIndexOf[c]!;
      if (value === MISSING) return false;
      if (NOT_FILLED.has(attribute.values[value]!.trim().toLowerCase())) return false;
    }
  }
  return true;
}

function share(numerator: number, denominator: number): Measured {
  return {
    value: denominator === 0 ? null : numerator / denominator,
    basis: { numerator, denominator },
  };
}

function percentileOf(durations: number[], p: number): Measured {
  if (durations.length === 0) return { value: null, basis: { count: 0 } };
  durations.sort((x, y) => x - y);
  return { value: percentileOfSorted(durations, p), basis: { count: durations.length } };
}

function forEachEvent(log: EventLog, visit: (c: number, i: number, to: number) => void): void {
  for (let c = 0; c < log.caseCount; c++) {
    const to = log.caseStart[c + 1]!;
    for (let i = log.caseStart[c]!; i < to; i++) visit(c, i, to);
  }
}

const namesOf = (step: Step) =>
  [step.name.zh, step.name.en, step.source].filter((name): name is string => name !== undefined);

function activityOfStep(log: EventLog, step: Step): number | undefined {
  for (const name of namesOf(step)) {
    const a = log.activities.indexOf(name);
    if (a >= 0) return a;
  }
  return undefined;
}

function workingDayMsOf(workingTime: WorkingTime | undefined): number {
  const day = workingTime?.calendar.weeklyHours[0] ?? [];
  const ms = day.reduce((sum, [start, end]) => sum + (end - start) * 60_000, 0);
  return ms > 0 ? ms : 8 * 3_600_000;
}

/** Cases won (an event of a winning activity) and lost (a losing one, not won). */
function outcomes(
  log: EventLog,
  wonActivities: readonly string[] | undefined,
): { won: number; lost: number; wonCases: number[] } {
  const isWon = log.activities.map((activity) =>
    wonActivities
      ? wonActivities.includes(activity)
      : WINNING.test(activity) && !LOSING.test(activity),
  );
  const isLost = log.activities.map((activity) => LOSING.test(activity));
  const wonCases: number[] = [];
  let lost = 0;
  for (let c = 0; c < log.caseCount; c++) {
    let won = false;
    let gone = false;
    for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
      if (isWon[log.activityOf[i]!]) won = true;
      if (isLost[log.activityOf[i]!]) gone = true;
    }
    if (won) wonCases.push(c);
    else if (gone) lost++;
  }
  return { won: wonCases.length, lost, wonCases };
}

/**
 * For each step, the steps a case may move to next along the model's flows:
 * its direct successors, and through steps that record no event (start, end,
 * decisions, events) the steps beyond them.
 */
function reachableThroughSilent(model: ProcessModel): Map<string, Set<string>> {
  const silent = new Set(
    model.steps
      .filter((step) => ['start', 'end', 'decision', 'event'].includes(step.kind))
      .map((step) => step.id),
  );
  const next = new Map<string, string[]>();
  for (const flow of model.flows) {
    if (flow.kind === 'message') continue;
    next.set(flow.from, [...(next.get(flow.from) ?? []), flow.to]);
  }
  const result = new Map<string, Set<string>>();
  for (const step of model.steps) {
    const reached = new Set<string>();
    const stack = [...(next.get(step.id) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (silent.has(id)) stack.push(...(next.get(id) ?? []));
      else reached.add(id);
    }
    result.set(step.id, reached);
  }
  return result;
}
