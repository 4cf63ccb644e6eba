import { type WorkingTime, workingDayMs } from '../calendar/index.ts';
import type { EventLog } from '../event-log/index.ts';
import {
  type DurationEstimate,
  estimateToMs,
  type LocalizedText,
  type ProcessModel,
} from '../process-model/process-model.ts';
import type { TimeZone } from '../time-zone/index.ts';
import type { CaseEvent, DueReminder, FiredEscalation } from './evaluate-rules.ts';
import {
  DEFAULT_AT_RISK_SHARE,
  type Escalation,
  type Recipient,
  type Rule,
  type RuleEvent,
  type RuleKind,
} from './rule.ts';

/**
 * The rules that apply to a model: its own, plus a hand-off SLA for every
 * step with a `deadline` that no rule already clocks from its entry (id
 * `deadline:<step id>`, no escalation), so a deadline typed into the step
 * table counts without writing a rule.
 */
export function effectiveRules(model: ProcessModel): Rule[] {
  const rules = model.rules ?? [];
  const clocked = new Set(
    rules.flatMap((rule) =>
      rule.kind === 'hand-off-sla' && rule.trigger.kind === 'step-entered'
        ? [rule.trigger.stepId]
        : [],
    ),
  );
  const implied: Rule[] = model.steps
    .filter((step) => step.deadline !== undefined && !clocked.has(step.id))
    .map((step) => ({
      id: `deadline:${step.id}`,
      kind: 'hand-off-sla',
      name: step.name,
      trigger: { kind: 'step-entered', stepId: step.id },
      deadline: step.deadline!,
      notify: [],
      escalations: [],
    }));
  return [...rules, ...implied];
}

/**
 * The step of each activity of a log, as `attachMeasurements` matches them:
 * a step takes the activity called by its English or Chinese name or its
 * `source`. Start and end events of the model match nothing.
 */
export function matchStepsToActivities(
  model: ProcessModel,
  activities: readonly string[],
): {
  stepOfActivity: (string | undefined)[];
  unmatchedSteps: string[];
  unmatchedActivities: string[];
} {
  const index = new Map(activities.map((activity, a) => [activity, a]));
  const stepOfActivity: (string | undefined)[] = activities.map(() => undefined);
  const unmatchedSteps: string[] = [];
  for (const step of model.steps) {
    if (step.kind === 'start' || step.kind === 'end') continue;
    const activity = [step.name.en, step.name.zh, step.source].find(
      (name) => name !== undefined && index.has(name),
    );
    if (activity === undefined) unmatchedSteps.push(step.id);
    else stepOfActivity[index.get(activity)!] = step.id;
  }
  // End steps (won, lost) are matched too, after the others, so a deal that
  // closes leaves its last stage; they only miss from `unmatchedSteps`.
  for (const step of model.steps) {
    if (step.kind !== 'end') continue;
    const activity = [step.name.en, step.name.zh, step.source].find(
      (name) => name !== undefined && index.has(name),
    );
    if (activity !== undefined && stepOfActivity[index.get(activity)!] === undefined)
      stepOfActivity[index.get(activity)!] = step.id;
  }
  return {
    stepOfActivity,
    unmatchedSteps,
    unmatchedActivities: activities.filter((_, a) => stepOfActivity[a] === undefined),
  };
}

/**
 * A case's history from a stage log: an event of an activity matched to a
 * step completes the case's current step and enters that one; an event of
 * an unmatched activity is `activity` (it breaks a silence, moves nothing).
 */
export function caseHistoryFromLog(
  log: EventLog,
  caseIndex: number,
  stepOfActivity: readonly (string | undefined)[],
): CaseEvent[] {
  const events: CaseEvent[] = [];
  let current: string | undefined;
  for (let i = log.caseStart[caseIndex]!; i < log.caseStart[caseIndex + 1]!; i++) {
    const atMs = log.timestampMs[i]!;
    const stepId = stepOfActivity[log.activityOf[i]!];
    if (stepId === undefined) {
      events.push({ kind: 'activity', atMs });
      continue;
    }
    if (current !== undefined) events.push({ kind: 'step-completed', stepId: current, atMs });
    events.push({ kind: 'step-entered', stepId, atMs });
    current = stepId;
  }
  return events;
}

/** Deadline clocks of one rule by outcome (definitions: docs/metrics.md#sla-adherence-交接及时率). */
export interface ClockCounts {
  started: number;
  answeredOnTime: number;
  answeredLate: number;
  openOnTime: number;
  openAtRisk: number;
  openBreached: number;
}

export interface RuleReplay {
  ruleId: string;
  kind: RuleKind;
  name?: LocalizedText;
  /** Hand-off SLAs and tasks with a deadline. */
  clocks?: ClockCounts;
  /** Answered on time ÷ decided (answered, or open past the deadline); null when none is decided. */
  adherence?: number | null;
  /** Escalations that would have fired, per level of the chain (index 0 is level 1). */
  escalationsByLevel?: number[];
  reminders?: number;
  tasks?: number;
}

export interface RulesReplay {
  nowMs: number;
  cases: number;
  /** Over every hand-off SLA clock (not task deadlines): answered on time ÷ decided. */
  slaAdherence: { onTime: number; decided: number; rate: number | null };
  escalations: number;
  reminders: number;
  rules: RuleReplay[];
  /** The first escalations and reminders in case order, as examples to show. */
  sampleEscalations: FiredEscalation[];
  sampleReminders: DueReminder[];
  unmatchedSteps: string[];
  unmatchedActivities: string[];
}

/**
 * Replays a model's rules over a log's history as of `nowMs`: for every case,
 * what `evaluateRules` says about its `caseHistoryFromLog`, counted per rule,
 * with the first `sampleSize` escalations and reminders in case order.
 *
 * It gives exactly what that per-case evaluation gives (a property test holds
 * the two together), but works on the log's columns: a case's moves are
 * written into reused typed arrays, rules are compiled to step indices, and
 * nothing is allocated per clock or reminder beyond the samples. A million
 * cases evaluated through `evaluateRules` took 2.9 s; bench/README.md has
 * this one's figures.
 */
export function replayRules(
  model: ProcessModel,
  log: EventLog,
  options: ReplayOptions,
): RulesReplay {
  return replayFromTallies(model, log, options, [tallyRules(model, log, options)]);
}

export interface ReplayOptions {
  workingTime: WorkingTime;
  nowMs: number;
  /** How many escalations and reminders to keep as examples (default 10). */
  sampleSize?: number;
}

/**
 * The columns of a run of a log's cases that a replay reads: small enough to
 * hand to another thread (`caseStart` may start at any event; `caseCount`
 * cases from it).
 */
export type ReplayLog = Pick<
  EventLog,
  'caseCount' | 'caseStart' | 'activityOf' | 'timestampMs' | 'activities'
>;

/**
 * Cases [from, to) of a log as a `ReplayLog` of their own: `caseStart`
 * rebased to 0 and the event columns copied, so that the arrays can be
 * transferred to another thread.
 */
export function sliceReplayLog(
  log: ReplayLog,
  from: number,
  to: number,
): ReplayLog & { caseStart: Uint32Array<ArrayBuffer> } {
  const firstEvent = log.caseStart[from]!;
  const endEvent = log.caseStart[to]!;
  const caseStart = new Uint32Array(to - from + 1);
  for (let c = from; c <= to; c++) caseStart[c - from] = log.caseStart[c]! - firstEvent;
  return {
    caseCount: to - from,
    caseStart,
    activityOf: log.activityOf.slice(firstEvent, endEvent),
    timestampMs: log.timestampMs.slice(firstEvent, endEvent),
    activities: log.activities,
  };
}

/**
 * What replaying a run of cases counted: per rule, and the first samples with
 * the index of their case in the whole log (`caseId` is filled in by
 * `replayFromTallies`). Plain data, so another thread can send it back.
 */
export interface RulesTally {
  rows: RuleReplay[];
  escalations: number;
  reminders: number;
  sampleEscalations: FiredEscalation[];
  sampleReminders: DueReminder[];
  sampleEscalationCases: number[];
  sampleReminderCases: number[];
}

/**
 * The rules counted over the cases of `log`, which are the cases
 * `firstCase`, `firstCase + 1`, … of the whole log: a part of `replayRules`,
 * so that runs of cases can be replayed on several threads.
 */
export function tallyRules(
  model: ProcessModel,
  log: ReplayLog,
  options: ReplayOptions & { firstCase?: number },
): RulesTally {
  const plan = planReplay(model, log.activities, options);
  const tally: RulesTally = {
    rows: createRows(plan.rules),
    escalations: 0,
    reminders: 0,
    sampleEscalations: [],
    sampleReminders: [],
    sampleEscalationCases: [],
    sampleReminderCases: [],
  };
  if (plan.needsWorkingTime && Number.isFinite(options.nowMs)) {
    // Only events up to now are evaluated: the span to check runs from the earliest to now.
    let fromMs = options.nowMs;
    for (let i = 0; i < log.caseStart[log.caseCount]!; i++) {
      const atMs = log.timestampMs[i]!;
      if (atMs < fromMs) fromMs = atMs;
    }
    plan.isWorkingTimeMonotonic = hasSteadyOffset(options.workingTime.zone, fromMs, options.nowMs);
  }
  tallyCases(plan, log, options.firstCase ?? 0, tally);
  return tally;
}

/**
 * The replay of the whole log from the tallies of its runs of cases, in case
 * order: counts added up, the first samples kept, adherence computed.
 */
export function replayFromTallies(
  model: ProcessModel,
  log: Pick<EventLog, 'caseCount' | 'caseIds' | 'activities'>,
  options: ReplayOptions,
  tallies: readonly RulesTally[],
): RulesReplay {
  const plan = planReplay(model, log.activities, options);
  const rows = createRows(plan.rules);
  let escalations = 0;
  let reminders = 0;
  const sampleEscalations: FiredEscalation[] = [];
  const sampleReminders: DueReminder[] = [];
  for (const tally of tallies) {
    escalations += tally.escalations;
    reminders += tally.reminders;
    tally.rows.forEach((part, r) => {
      const row = rows[r]!;
      if (row.clocks && part.clocks)
        for (const key of Object.keys(row.clocks) as (keyof ClockCounts)[])
          row.clocks[key] += part.clocks[key];
      part.escalationsByLevel?.forEach((count, level) => {
        row.escalationsByLevel![level]! += count;
      });
      if (row.reminders !== undefined) row.reminders += part.reminders ?? 0;
      if (row.tasks !== undefined) row.tasks += part.tasks ?? 0;
    });
    tally.sampleEscalations.forEach((sample, k) => {
      if (sampleEscalations.length < plan.sampleSize)
        sampleEscalations.push({
          ...sample,
          caseId: log.caseIds[tally.sampleEscalationCases[k]!]!,
        });
    });
    tally.sampleReminders.forEach((sample, k) => {
      if (sampleReminders.length < plan.sampleSize)
        sampleReminders.push({ ...sample, caseId: log.caseIds[tally.sampleReminderCases[k]!]! });
    });
  }
  const slaAdherence: RulesReplay['slaAdherence'] = { onTime: 0, decided: 0, rate: null };
  rows.forEach((row, index) => {
    if (!row.clocks) return;
    const { answeredOnTime, answeredLate, openBreached } = row.clocks;
    const decided = answeredOnTime + answeredLate + openBreached;
    row.adherence = decided > 0 ? answeredOnTime / decided : null;
    if (plan.rules[index]!.kind === 'hand-off-sla') {
      slaAdherence.onTime += answeredOnTime;
      slaAdherence.decided += decided;
    }
  });
  if (slaAdherence.decided > 0) slaAdherence.rate = slaAdherence.onTime / slaAdherence.decided;
  return {
    nowMs: plan.nowMs,
    cases: log.caseCount,
    slaAdherence,
    escalations,
    reminders,
    rules: rows,
    sampleEscalations,
    sampleReminders,
    unmatchedSteps: plan.unmatchedSteps,
    unmatchedActivities: plan.unmatchedActivities,
  };
}

/** Event kinds in a case's columns. */
const ACTIVITY = 0;
const COMPLETED = 1;
const ENTERED = 2;
/** A step index or kind no event has: a field change, or a step the model lacks. */
const NEVER = -2;

/** How the answer to a clock (or the doing of a follow-up) is found among later events. */
const NEXT_MOVE = 0;
const LATER_MOVE = 1;
const LATER_EVENT = 2;
const MATCHING_EVENT = 3;
const NO_ANSWER = 4;

interface Finder {
  mode: number;
  kind: number;
  step: number;
}

/** A duration as the replay uses it: in ms of its basis. */
interface Span {
  ms: number;
  isWorking: boolean;
}

interface ClockPlan {
  deadline: Span;
  escalations: { after: Span; notify: Recipient[] }[];
  atRiskShare: number;
}

type CompiledRule =
  | {
      kind: 'hand-off-sla';
      id: string;
      index: number;
      triggerKind: number;
      triggerStep: number;
      answer: Finder;
      clock: ClockPlan;
    }
  | {
      kind: 'inactivity-reminder';
      id: string;
      index: number;
      isWatched: Uint8Array;
      idle: Span;
      notify: Recipient[];
    }
  | {
      kind: 'follow-up-reminder';
      id: string;
      index: number;
      afterKind: number;
      afterStep: number;
      due: Span;
      done: Finder;
      notify: Recipient[];
    }
  | {
      kind: 'task-on-entry';
      id: string;
      index: number;
      step: number;
      /** Null when the task has no deadline, or no `doneBy` to see it done (see `replayRules`). */
      clock: ClockPlan | null;
      done: Finder;
    };

/** Everything a replay needs besides the log: rules compiled to indices, the steps of activities. */
interface ReplayPlan {
  rules: Rule[];
  compiled: CompiledRule[];
  stepIds: string[];
  /** Per activity of the log: the index of its step, or -1. */
  stepOfActivity: Int32Array;
  unmatchedSteps: string[];
  unmatchedActivities: string[];
  workingTime: WorkingTime;
  nowMs: number;
  /** Working time from the calendar's origin to `nowMs`. */
  cumulativeNow: number;
  needsWorkingTime: boolean;
  /**
   * Working time only grows with time over the replay's span (the zone's
   * offset is steady there), so comparing working times compares instants
   * (see `compareWithDue`).
   */
  isWorkingTimeMonotonic: boolean;
  sampleSize: number;
}

function planReplay(
  model: ProcessModel,
  activities: readonly string[],
  options: { workingTime: WorkingTime; nowMs: number; sampleSize?: number },
): ReplayPlan {
  const { workingTime, nowMs } = options;
  const rules = effectiveRules(model);
  const stepIds = model.steps.map((step) => step.id);
  const stepIndex = new Map<string, number>();
  stepIds.forEach((id, k) => {
    if (!stepIndex.has(id)) stepIndex.set(id, k);
  });
  const indexOf = (stepId: string): number => stepIndex.get(stepId) ?? NEVER;
  const matched = matchStepsToActivities(model, activities);
  const dayMs = workingDayMs(workingTime.calendar);
  let needsWorkingTime = false;
  const span = (duration: DurationEstimate): Span => {
    const isWorking = duration.basis === 'working';
    if (isWorking) needsWorkingTime = true;
    return { ms: isWorking ? estimateToMs(duration, dayMs) : estimateToMs(duration), isWorking };
  };
  const finder = (event: RuleEvent): Finder =>
    event.kind === 'field-changed'
      ? { mode: MATCHING_EVENT, kind: NEVER, step: NEVER }
      : {
          mode: MATCHING_EVENT,
          kind: event.kind === 'step-entered' ? ENTERED : COMPLETED,
          step: indexOf(event.stepId),
        };
  const clockPlan = (
    deadline: DurationEstimate,
    escalations: readonly Escalation[],
    atRiskShare: number,
  ): ClockPlan => ({
    deadline: span(deadline),
    escalations: escalations.map((escalation) => ({
      after: span(escalation.after),
      notify: escalation.notify,
    })),
    atRiskShare,
  });
  const compiled: CompiledRule[] = [];
  rules.forEach((rule, index) => {
    const { id } = rule;
    if (rule.kind === 'hand-off-sla') {
      const trigger = finder(rule.trigger);
      // Default answer: entered a step, the case leaving it; completed a step or
      // changed a field, the case's next move after that instant.
      const answer: Finder = rule.until
        ? finder(rule.until)
        : { mode: trigger.kind === ENTERED ? NEXT_MOVE : LATER_MOVE, kind: NEVER, step: NEVER };
      compiled.push({
        kind: rule.kind,
        id,
        index,
        triggerKind: trigger.kind,
        triggerStep: trigger.step,
        answer,
        clock: clockPlan(
          rule.deadline,
          rule.escalations,
          rule.atRiskShare ?? DEFAULT_AT_RISK_SHARE,
        ),
      });
    } else if (rule.kind === 'inactivity-reminder') {
      const isWatched = new Uint8Array(stepIds.length);
      for (const stepId of rule.stepIds) {
        stepIds.forEach((candidate, k) => {
          if (candidate === stepId) isWatched[k] = 1;
        });
      }
      compiled.push({
        kind: rule.kind,
        id,
        index,
        isWatched,
        idle: span(rule.idle),
        notify: rule.notify,
      });
    } else if (rule.kind === 'follow-up-reminder') {
      const after = finder(rule.after);
      compiled.push({
        kind: rule.kind,
        id,
        index,
        afterKind: after.kind,
        afterStep: after.step,
        due: span(rule.due),
        done: rule.doneBy ? finder(rule.doneBy) : { mode: LATER_EVENT, kind: NEVER, step: NEVER },
        notify: rule.notify,
      });
    } else if (rule.kind === 'task-on-entry') {
      const { task } = rule;
      compiled.push({
        kind: rule.kind,
        id,
        index,
        step: indexOf(rule.stepId),
        clock:
          task.deadline && task.doneBy
            ? clockPlan(task.deadline, task.escalations ?? [], DEFAULT_AT_RISK_SHARE)
            : null,
        done: task.doneBy ? finder(task.doneBy) : { mode: NO_ANSWER, kind: NEVER, step: NEVER },
      });
    }
  });
  const stepOfActivity = new Int32Array(activities.length).fill(-1);
  matched.stepOfActivity.forEach((stepId, a) => {
    if (stepId !== undefined) stepOfActivity[a] = indexOf(stepId);
  });
  return {
    rules,
    compiled,
    stepIds,
    stepOfActivity,
    unmatchedSteps: matched.unmatchedSteps,
    unmatchedActivities: matched.unmatchedActivities,
    workingTime,
    nowMs,
    // Without a finite now (a log left empty by filters) no event is seen, and
    // working time to now is never asked for.
    cumulativeNow:
      needsWorkingTime && Number.isFinite(nowMs) ? workingTime.cumulativeMs(nowMs) : nowMs,
    needsWorkingTime,
    isWorkingTimeMonotonic: false,
    sampleSize: options.sampleSize ?? 10,
  };
}

/** One row per rule, every count at zero. */
function createRows(rules: readonly Rule[]): RuleReplay[] {
  return rules.map((rule): RuleReplay => {
    const row: RuleReplay = { ruleId: rule.id, kind: rule.kind };
    if (rule.name) row.name = rule.name;
    const hasClock =
      rule.kind === 'hand-off-sla' ||
      (rule.kind === 'task-on-entry' && rule.task.deadline && rule.task.doneBy);
    if (hasClock) {
      row.clocks = {
        started: 0,
        answeredOnTime: 0,
        answeredLate: 0,
        openOnTime: 0,
        openAtRisk: 0,
        openBreached: 0,
      };
      const chain = rule.kind === 'hand-off-sla' ? rule.escalations : (rule.task.escalations ?? []);
      row.escalationsByLevel = chain.map(() => 0);
    }
    if (rule.kind === 'inactivity-reminder' || rule.kind === 'follow-up-reminder')
      row.reminders = 0;
    if (rule.kind === 'task-on-entry') row.tasks = 0;
    return row;
  });
}

/**
 * One case's history as columns, in arrays reused from case to case: what
 * `caseHistoryFromLog` gives, event k being (kind[k], step[k], atMs[k]);
 * `cumulative[k]` is the working time from the calendar's origin to it.
 */
interface CaseColumns {
  /** The case's index in the whole log. */
  caseIndex: number;
  kind: Uint8Array;
  step: Int32Array;
  atMs: Float64Array;
  cumulative: Float64Array;
  /** Events [0, seen) happened by `nowMs`. */
  seen: number;
}

/** Counts the rules over the cases of `log` (the whole log's from `firstCase`) into `tally`, in case order. */
function tallyCases(plan: ReplayPlan, log: ReplayLog, firstCase: number, tally: RulesTally): void {
  const { caseStart, activityOf, timestampMs } = log;
  const { stepOfActivity, workingTime, nowMs } = plan;
  let capacity = 64;
  const columns: CaseColumns = {
    caseIndex: 0,
    kind: new Uint8Array(capacity),
    step: new Int32Array(capacity),
    atMs: new Float64Array(capacity),
    cumulative: new Float64Array(capacity),
    seen: 0,
  };
  for (let c = 0; c < log.caseCount; c++) {
    const first = caseStart[c]!;
    const end = caseStart[c + 1]!;
    // A move is two events (completed, entered): at most twice the log's events.
    if (2 * (end - first) > capacity) {
      capacity = Math.max(2 * (end - first), 2 * capacity);
      columns.kind = new Uint8Array(capacity);
      columns.step = new Int32Array(capacity);
      columns.atMs = new Float64Array(capacity);
      columns.cumulative = new Float64Array(capacity);
    }
    const { kind, step, atMs, cumulative } = columns;
    let n = 0;
    let current = -1;
    for (let i = first; i < end; i++) {
      const at = timestampMs[i]!;
      const s = stepOfActivity[activityOf[i]!]!;
      if (s < 0) {
        kind[n] = ACTIVITY;
        step[n] = -1;
        atMs[n++] = at;
        continue;
      }
      if (current >= 0) {
        kind[n] = COMPLETED;
        step[n] = current;
        atMs[n++] = at;
      }
      kind[n] = ENTERED;
      step[n] = s;
      atMs[n++] = at;
      current = s;
    }
    let seen = 0;
    while (seen < n && atMs[seen]! <= nowMs) seen++;
    if (plan.needsWorkingTime) {
      // A move's two events share an instant: one lookup.
      for (let k = 0; k < seen; k++)
        cumulative[k] =
          k > 0 && atMs[k] === atMs[k - 1]
            ? cumulative[k - 1]!
            : workingTime.cumulativeMs(atMs[k]!);
    }
    columns.seen = seen;
    columns.caseIndex = firstCase + c;
    for (const rule of plan.compiled) {
      if (rule.kind === 'hand-off-sla') tallyHandOff(plan, rule, columns, tally);
      else if (rule.kind === 'inactivity-reminder') tallyInactivity(plan, rule, columns, tally);
      else if (rule.kind === 'follow-up-reminder') tallyFollowUp(plan, rule, columns, tally);
      else tallyTask(plan, rule, columns, tally);
    }
  }
}

/** Time in `span`'s basis from event `from` to event `to` (-1: now), never below 0. */
function elapsedMs(plan: ReplayPlan, columns: CaseColumns, from: number, to: number, span: Span) {
  if (span.isWorking)
    return Math.max(
      0,
      (to < 0 ? plan.cumulativeNow : columns.cumulative[to]!) - columns.cumulative[from]!,
    );
  return Math.max(0, (to < 0 ? plan.nowMs : columns.atMs[to]!) - columns.atMs[from]!);
}

/** When `span` runs out from `startMs` (as `dueAt`). */
function dueAfter(plan: ReplayPlan, startMs: number, span: Span): number {
  return span.isWorking ? plan.workingTime.addMs(startMs, span.ms) : startMs + span.ms;
}

/** Where comparing working times is sure to give the order of instants, whatever their rounding. */
const SLACK_MS = 1;

/**
 * The sign of (instant of event `to` (-1: now) − when `span` runs out from
 * event `start`). Computing that instant (`addMs`) was the costliest step of
 * a replay; where working time only grows with time, the working time
 * elapsed decides instead, unless it is within a millisecond of the span:
 * less elapsed means earlier, more means later.
 */
function compareWithDue(
  plan: ReplayPlan,
  columns: CaseColumns,
  start: number,
  to: number,
  span: Span,
): number {
  if (span.isWorking && plan.isWorkingTimeMonotonic && span.ms > 0) {
    const usedMs =
      (to < 0 ? plan.cumulativeNow : columns.cumulative[to]!) - columns.cumulative[start]!;
    if (usedMs < span.ms - SLACK_MS) return -1;
    if (usedMs > span.ms + SLACK_MS) return 1;
  }
  const atMs = to < 0 ? plan.nowMs : columns.atMs[to]!;
  return Math.sign(atMs - dueAfter(plan, columns.atMs[start]!, span));
}

/** Beyond this span the offset is not checked (a placeholder date such as 0001-01-01 in a log): instants decide. */
const MAX_CHECKED_SPAN_MS = 50 * 366 * 86_400_000;

/**
 * Whether the zone's offset from UTC is the same throughout [fromMs, toMs]
 * (checked every three hours: clocks change at most a few times a year);
 * false for a span over 50 years.
 */
function hasSteadyOffset(zone: TimeZone, fromMs: number, toMs: number): boolean {
  if (toMs - fromMs > MAX_CHECKED_SPAN_MS) return false;
  const offset = zone.offsetAtUtc(fromMs);
  for (let atMs = fromMs; atMs < toMs; atMs += 3 * 3_600_000)
    if (zone.offsetAtUtc(atMs) !== offset) return false;
  return zone.offsetAtUtc(toMs) === offset;
}

/** The first event after `from` (and before `seen`) that `finder` looks for; -1 if none. */
function findAfter(columns: CaseColumns, from: number, finder: Finder): number {
  const { kind, step, atMs, seen } = columns;
  const fromMs = atMs[from]!;
  const mode = finder.mode;
  if (mode === NO_ANSWER) return -1;
  for (let i = from + 1; i < seen; i++) {
    if (mode === NEXT_MOVE) {
      if (kind[i] === ENTERED) return i;
    } else if (mode === LATER_MOVE) {
      if (kind[i] === ENTERED && atMs[i]! > fromMs) return i;
    } else if (mode === LATER_EVENT) {
      if (atMs[i]! > fromMs) return i;
    } else if (kind[i] === finder.kind && step[i] === finder.step) return i;
  }
  return -1;
}

/** A deadline clock from event `start`, answered by event `answer` (-1: open), as `evaluateRules` runs it. */
function tallyClock(
  plan: ReplayPlan,
  rule: CompiledRule,
  clock: ClockPlan,
  columns: CaseColumns,
  start: number,
  answer: number,
  tally: RulesTally,
): void {
  const row = tally.rows[rule.index]!;
  const counts = row.clocks!;
  const startedAtMs = columns.atMs[start]!;
  counts.started++;
  if (answer >= 0) {
    if (compareWithDue(plan, columns, start, answer, clock.deadline) <= 0) counts.answeredOnTime++;
    else counts.answeredLate++;
  } else if (compareWithDue(plan, columns, start, -1, clock.deadline) > 0) counts.openBreached++;
  else {
    const deadlineMs = clock.deadline.ms;
    const usedMs = elapsedMs(plan, columns, start, answer, clock.deadline);
    const usedShare = deadlineMs > 0 ? usedMs / deadlineMs : 1;
    if (usedShare >= clock.atRiskShare) counts.openAtRisk++;
    else counts.openOnTime++;
  }
  const escalations = clock.escalations;
  for (let k = 0; k < escalations.length; k++) {
    const after = escalations[k]!.after;
    // Less of it elapsed than the delay: its time has not come; no need for its instant.
    if (elapsedMs(plan, columns, start, answer, after) < after.ms) continue;
    // Fired by now, and not answered by then.
    if (compareWithDue(plan, columns, start, -1, after) < 0) continue;
    if (answer >= 0 && compareWithDue(plan, columns, start, answer, after) <= 0) continue;
    row.escalationsByLevel![k]!++;
    tally.escalations++;
    if (tally.sampleEscalations.length < plan.sampleSize) {
      tally.sampleEscalationCases.push(columns.caseIndex);
      tally.sampleEscalations.push({
        ruleId: rule.id,
        caseId: '',
        level: k + 1,
        startedAtMs,
        firedAtMs: dueAfter(plan, startedAtMs, after),
        notify: escalations[k]!.notify,
      });
    }
  }
}

function tallyHandOff(
  plan: ReplayPlan,
  rule: CompiledRule & { kind: 'hand-off-sla' },
  columns: CaseColumns,
  tally: RulesTally,
): void {
  const { kind, step, seen } = columns;
  for (let i = 0; i < seen; i++) {
    if (kind[i] !== rule.triggerKind || step[i] !== rule.triggerStep) continue;
    tallyClock(plan, rule, rule.clock, columns, i, findAfter(columns, i, rule.answer), tally);
  }
}

function tallyInactivity(
  plan: ReplayPlan,
  rule: CompiledRule & { kind: 'inactivity-reminder' },
  columns: CaseColumns,
  tally: RulesTally,
): void {
  const { kind, step, atMs, seen } = columns;
  let current = -1;
  for (let i = 0; i < seen; i++) {
    if (kind[i] === ENTERED) current = step[i]!;
    // A completed step with no next entry yet leaves the deal between steps.
    else if (kind[i] === COMPLETED && step[i] === current) current = -1;
    if (current < 0 || rule.isWatched[current] === 0) continue;
    const next = i + 1 < seen ? i + 1 : -1;
    // Less silence than the idle time: no reminder, and no need for its instant.
    if (elapsedMs(plan, columns, i, next, rule.idle) < rule.idle.ms) continue;
    // Due before the next event, and by now.
    if (next >= 0 && compareWithDue(plan, columns, i, next, rule.idle) <= 0) continue;
    if (compareWithDue(plan, columns, i, -1, rule.idle) < 0) continue;
    if (countReminder(plan, tally, rule, columns))
      tally.sampleReminders.push({
        ruleId: rule.id,
        caseId: '',
        kind: 'inactivity',
        dueAtMs: dueAfter(plan, atMs[i]!, rule.idle),
        stepId: plan.stepIds[current]!,
        notify: rule.notify,
      });
  }
}

function tallyFollowUp(
  plan: ReplayPlan,
  rule: CompiledRule & { kind: 'follow-up-reminder' },
  columns: CaseColumns,
  tally: RulesTally,
): void {
  const { kind, step, atMs, seen } = columns;
  for (let i = 0; i < seen; i++) {
    if (kind[i] !== rule.afterKind || step[i] !== rule.afterStep) continue;
    const dueAtMs = dueAfter(plan, atMs[i]!, rule.due);
    const done = findAfter(columns, i, rule.done);
    const isDoneInTime = done >= 0 && atMs[done]! <= dueAtMs;
    if (isDoneInTime || dueAtMs > plan.nowMs) continue;
    if (countReminder(plan, tally, rule, columns))
      tally.sampleReminders.push({
        ruleId: rule.id,
        caseId: '',
        kind: 'follow-up',
        dueAtMs,
        notify: rule.notify,
      });
  }
}

/**
 * Counts a reminder of `rule`; true while the samples want more, with the
 * sample's case noted (its id is filled in by `replayFromTallies`).
 */
function countReminder(
  plan: ReplayPlan,
  tally: RulesTally,
  rule: CompiledRule,
  columns: CaseColumns,
): boolean {
  tally.rows[rule.index]!.reminders!++;
  tally.reminders++;
  if (tally.sampleReminders.length >= plan.sampleSize) return false;
  tally.sampleReminderCases.push(columns.caseIndex);
  return true;
}

function tallyTask(
  plan: ReplayPlan,
  rule: CompiledRule & { kind: 'task-on-entry' },
  columns: CaseColumns,
  tally: RulesTally,
): void {
  const { kind, step, seen } = columns;
  const row = tally.rows[rule.index]!;
  for (let i = 0; i < seen; i++) {
    if (kind[i] !== ENTERED || step[i] !== rule.step) continue;
    row.tasks!++;
    if (rule.clock)
      tallyClock(plan, rule, rule.clock, columns, i, findAfter(columns, i, rule.done), tally);
  }
}
