import { type WorkingTime, workingDayMs } from '../calendar/index.ts';
import {
  type DurationEstimate,
  estimateToMs,
  type LocalizedText,
} from '../process-model/process-model.ts';
import { dueAt } from './due-at.ts';
import {
  DEFAULT_AT_RISK_SHARE,
  type Escalation,
  type Recipient,
  type Rule,
  type RuleEvent,
} from './rule.ts';

/**
 * One thing that happened to a case. In a CRM stage history a move from one
 * stage to the next is a `step-completed` of the old step and a
 * `step-entered` of the new one at the same instant; `activity` is anything
 * else recorded on the deal (a call, a note) that is not a move.
 */
export type CaseEvent =
  | { kind: 'step-entered'; stepId: string; atMs: number }
  | { kind: 'step-completed'; stepId: string; atMs: number }
  | { kind: 'field-changed'; field: string; value: string; atMs: number }
  | { kind: 'activity'; atMs: number };

/** A case's events in time order. */
export interface CaseHistory {
  caseId: string;
  events: readonly CaseEvent[];
}

/**
 * `on-time`: answered by the deadline, or open with less than the at-risk
 * share of it used; `at-risk`: open, at least that share used, not yet past
 * the deadline; `breached`: answered after the deadline, or open past it.
 */
export type SlaState = 'on-time' | 'at-risk' | 'breached';

/** One running or finished deadline: a hand-off SLA, or a created task's deadline. */
export interface SlaClock {
  ruleId: string;
  caseId: string;
  startedAtMs: number;
  dueAtMs: number;
  /** When it was answered (or the task done); null while open at `now`. */
  answeredAtMs: number | null;
  state: SlaState;
  /** Share of the deadline used, in its basis: up to the answer, or up to `now` while open. */
  usedShare: number;
}

export interface DueReminder {
  ruleId: string;
  caseId: string;
  kind: 'inactivity' | 'follow-up';
  dueAtMs: number;
  /** Inactivity: the step the deal sat in. */
  stepId?: string;
  notify: Recipient[];
}

export interface FiredEscalation {
  ruleId: string;
  caseId: string;
  /** 1 for the first level of the chain. */
  level: number;
  startedAtMs: number;
  firedAtMs: number;
  notify: Recipient[];
}

export interface CreatedTask {
  ruleId: string;
  caseId: string;
  title: LocalizedText;
  assignee: Recipient;
  createdAtMs: number;
  /** The task's deadline clock; null for a task without a deadline. */
  clock: SlaClock | null;
  doneAtMs: number | null;
}

export interface RuleEvaluation {
  slas: SlaClock[];
  tasks: CreatedTask[];
  reminders: DueReminder[];
  escalations: FiredEscalation[];
}

/**
 * What the rules say about one case at `nowMs`: the state of every hand-off
 * SLA it started, the tasks it created, the reminders that fell due and the
 * escalations that should have fired, each with its instant. Events after
 * `nowMs` are not seen. An event at the very instant of a deadline counts as
 * in time. Tool steps and stage gates play no part here (see `checkGate`).
 * Definitions: docs/rules.md#evaluation.
 */
export function evaluateRules(
  rules: readonly Rule[],
  history: CaseHistory,
  workingTime: WorkingTime,
  nowMs: number,
): RuleEvaluation {
  const result: RuleEvaluation = { slas: [], tasks: [], reminders: [], escalations: [] };
  const events = history.events;
  let seen = 0;
  while (seen < events.length && events[seen]!.atMs <= nowMs) seen++;
  const scope: Scope = {
    history,
    seen,
    workingTime,
    nowMs,
    result,
    dayMs: workingDayMs(workingTime.calendar),
    cumulative: undefined,
    cumulativeNow: 0,
  };
  for (const rule of rules) {
    if (rule.kind === 'hand-off-sla') evaluateHandOff(rule, scope);
    else if (rule.kind === 'inactivity-reminder') evaluateInactivity(rule, scope);
    else if (rule.kind === 'follow-up-reminder') evaluateFollowUp(rule, scope);
    else if (rule.kind === 'task-on-entry') evaluateTask(rule, scope);
  }
  return result;
}

interface Scope {
  history: CaseHistory;
  /** Events [0, seen) happened by `nowMs`. */
  seen: number;
  workingTime: WorkingTime;
  nowMs: number;
  result: RuleEvaluation;
  /** The calendar's working day, for "N working days". */
  dayMs: number;
  /**
   * Working time from the calendar's origin to each seen event, computed once
   * per case on first use: every elapsed working time is then a subtraction,
   * and the exact deadline instant (`addMs`) is computed only where the
   * outcome or the output needs it (the hot path of `replayRules`).
   */
  cumulative: Float64Array | undefined;
  cumulativeNow: number;
}

let scratch = new Float64Array(64);

/** Milliseconds of `duration` in its own basis (working or calendar). */
function durationMs(scope: Scope, duration: DurationEstimate): number {
  return duration.basis === 'working'
    ? estimateToMs(duration, scope.dayMs)
    : estimateToMs(duration);
}

/** Time elapsed in `basis` from event `from` to event `to` (-1: now). */
function elapsedMs(
  scope: Scope,
  from: number,
  to: number,
  basis: DurationEstimate['basis'],
): number {
  const events = scope.history.events;
  if (basis === 'calendar')
    return Math.max(0, (to < 0 ? scope.nowMs : events[to]!.atMs) - events[from]!.atMs);
  let cumulative = scope.cumulative;
  if (cumulative === undefined) {
    // One scratch array shared by all calls (filled afresh for each case and
    // never returned): allocating a typed array per case cost a third of a
    // million-case replay. Safe because evaluation is synchronous and not re-entrant.
    if (scratch.length < scope.seen)
      scratch = new Float64Array(Math.max(scope.seen, 2 * scratch.length));
    cumulative = scratch;
    // A stage change is two events at one instant (completed, entered): one lookup.
    let previousAtMs = Number.NaN;
    for (let i = 0; i < scope.seen; i++) {
      const atMs = events[i]!.atMs;
      cumulative[i] =
        atMs === previousAtMs ? cumulative[i - 1]! : scope.workingTime.cumulativeMs(atMs);
      previousAtMs = atMs;
    }
    scope.cumulative = cumulative;
    scope.cumulativeNow = scope.workingTime.cumulativeMs(scope.nowMs);
  }
  return Math.max(0, (to < 0 ? scope.cumulativeNow : cumulative[to]!) - cumulative[from]!);
}

/** Whether a case event is the rule event `spec`. */
export function isRuleEvent(event: CaseEvent, spec: RuleEvent): boolean {
  if (spec.kind === 'field-changed')
    return (
      event.kind === 'field-changed' &&
      event.field === spec.field &&
      (spec.value === undefined || event.value === spec.value)
    );
  return event.kind === spec.kind && event.stepId === spec.stepId;
}

/**
 * Index of the first event after `from` (exclusive) and before `seen` that is
 * `spec`; or the next step entry (`next-move`); or the next step entry later
 * in time than `from` (`later-move`); or any event later in time than `from`
 * (`any`). "Later in time" because in a stage history the move that completes
 * a step (or a meeting) and the entry of the next one share an instant: that
 * entry is where the work went, not its answer. -1 if none.
 */
function findAfter(
  scope: Scope,
  from: number,
  spec: RuleEvent | 'next-move' | 'later-move' | 'any',
): number {
  const events = scope.history.events;
  const fromMs = events[from]!.atMs;
  for (let i = from + 1; i < scope.seen; i++) {
    const event = events[i]!;
    if (spec === 'next-move' || spec === 'later-move') {
      if (event.kind === 'step-entered' && (spec === 'next-move' || event.atMs > fromMs)) return i;
    } else if (spec === 'any') {
      if (event.atMs > fromMs) return i;
    } else if (isRuleEvent(event, spec)) return i;
  }
  return -1;
}

/**
 * A deadline clock started by event `start`, answered by event `answer`
 * (-1: open at now), with its escalations. An escalation whose time cannot
 * have come (less of it elapsed than its delay) is skipped without computing
 * its instant.
 */
function runClock(
  scope: Scope,
  ruleId: string,
  start: number,
  deadline: DurationEstimate,
  escalations: readonly Escalation[],
  answer: number,
  atRiskShare: number,
): SlaClock {
  const { workingTime, nowMs, history } = scope;
  const events = history.events;
  const startedAtMs = events[start]!.atMs;
  const answeredAtMs = answer < 0 ? null : events[answer]!.atMs;
  const dueAtMs = dueAt(startedAtMs, deadline, workingTime);
  const deadlineMs = durationMs(scope, deadline);
  const usedMs = elapsedMs(scope, start, answer, deadline.basis);
  const usedShare = deadlineMs > 0 ? usedMs / deadlineMs : 1;
  const state: SlaState =
    answeredAtMs !== null
      ? answeredAtMs <= dueAtMs
        ? 'on-time'
        : 'breached'
      : nowMs > dueAtMs
        ? 'breached'
        : usedShare >= atRiskShare
          ? 'at-risk'
          : 'on-time';
  escalations.forEach((escalation, k) => {
    if (
      elapsedMs(scope, start, answer, escalation.after.basis) < durationMs(scope, escalation.after)
    )
      return;
    const firedAtMs = dueAt(startedAtMs, escalation.after, workingTime);
    const isUnanswered = answeredAtMs === null || answeredAtMs > firedAtMs;
    if (firedAtMs <= nowMs && isUnanswered)
      scope.result.escalations.push({
        ruleId,
        caseId: history.caseId,
        level: k + 1,
        startedAtMs,
        firedAtMs,
        notify: escalation.notify,
      });
  });
  return { ruleId, caseId: history.caseId, startedAtMs, dueAtMs, answeredAtMs, state, usedShare };
}

function evaluateHandOff(rule: Rule & { kind: 'hand-off-sla' }, scope: Scope): void {
  const events = scope.history.events;
  for (let i = 0; i < scope.seen; i++) {
    if (!isRuleEvent(events[i]!, rule.trigger)) continue;
    // Default answer: entered a step, the case leaving it; completed a step or
    // changed a field, the case's next move after that instant.
    const answer = findAfter(
      scope,
      i,
      rule.until ?? (rule.trigger.kind === 'step-entered' ? 'next-move' : 'later-move'),
    );
    scope.result.slas.push(
      runClock(
        scope,
        rule.id,
        i,
        rule.deadline,
        rule.escalations,
        answer,
        rule.atRiskShare ?? DEFAULT_AT_RISK_SHARE,
      ),
    );
  }
}

function evaluateInactivity(rule: Rule & { kind: 'inactivity-reminder' }, scope: Scope): void {
  const { history, seen, workingTime, nowMs } = scope;
  const events = history.events;
  let current: string | undefined;
  for (let i = 0; i < seen; i++) {
    const event = events[i]!;
    if (event.kind === 'step-entered') current = event.stepId;
    // A completed step with no next entry yet leaves the deal between steps.
    else if (event.kind === 'step-completed' && event.stepId === current) current = undefined;
    if (current === undefined || !rule.stepIds.includes(current)) continue;
    const next = i + 1 < seen ? i + 1 : -1;
    // Less silence than the idle time: no reminder, and no need for its instant.
    if (elapsedMs(scope, i, next, rule.idle.basis) < durationMs(scope, rule.idle)) continue;
    const nextAtMs = next >= 0 ? events[next]!.atMs : Number.POSITIVE_INFINITY;
    const dueAtMs = dueAt(event.atMs, rule.idle, workingTime);
    if (dueAtMs < nextAtMs && dueAtMs <= nowMs)
      scope.result.reminders.push({
        ruleId: rule.id,
        caseId: history.caseId,
        kind: 'inactivity',
        dueAtMs,
        stepId: current,
        notify: rule.notify,
      });
  }
}

function evaluateFollowUp(rule: Rule & { kind: 'follow-up-reminder' }, scope: Scope): void {
  const events = scope.history.events;
  for (let i = 0; i < scope.seen; i++) {
    if (!isRuleEvent(events[i]!, rule.after)) continue;
    const dueAtMs = dueAt(events[i]!.atMs, rule.due, scope.workingTime);
    const done = findAfter(scope, i, rule.doneBy ?? 'any');
    const isDoneInTime = done >= 0 && events[done]!.atMs <= dueAtMs;
    if (!isDoneInTime && dueAtMs <= scope.nowMs)
      scope.result.reminders.push({
        ruleId: rule.id,
        caseId: scope.history.caseId,
        kind: 'follow-up',
        dueAtMs,
        notify: rule.notify,
      });
  }
}

function evaluateTask(rule: Rule & { kind: 'task-on-entry' }, scope: Scope): void {
  const events = scope.history.events;
  const { task } = rule;
  for (let i = 0; i < scope.seen; i++) {
    const event = events[i]!;
    if (event.kind !== 'step-entered' || event.stepId !== rule.stepId) continue;
    const done = task.doneBy === undefined ? -1 : findAfter(scope, i, task.doneBy);
    const doneAtMs = done < 0 ? null : events[done]!.atMs;
    const clock = task.deadline
      ? runClock(
          scope,
          rule.id,
          i,
          task.deadline,
          task.escalations ?? [],
          done,
          DEFAULT_AT_RISK_SHARE,
        )
      : null;
    scope.result.tasks.push({
      ruleId: rule.id,
      caseId: scope.history.caseId,
      title: task.title,
      assignee: task.assignee,
      createdAtMs: event.atMs,
      clock,
      doneAtMs,
    });
  }
}
