import type { WorkingTime } from '../calendar/index.ts';
import type { EventLog } from '../event-log/index.ts';
import type { LocalizedText, ProcessModel } from '../process-model/process-model.ts';
import {
  type CaseEvent,
  type DueReminder,
  evaluateRules,
  type FiredEscalation,
  type SlaClock,
} from './evaluate-rules.ts';
import type { Rule, RuleKind } from './rule.ts';

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

/** A case event with every field, so that one object can hold any kind. */
interface PooledEvent {
  kind: CaseEvent['kind'];
  stepId: string;
  atMs: number;
}

/** `caseHistoryFromLog` into reused objects: the returned array is valid until the next call. */
function fillCaseHistory(
  log: EventLog,
  caseIndex: number,
  stepOfActivity: readonly (string | undefined)[],
  pool: PooledEvent[],
): readonly CaseEvent[] {
  let n = 0;
  const put = (kind: CaseEvent['kind'], stepId: string, atMs: number): void => {
    const event = pool[n];
    if (event === undefined) pool.push({ kind, stepId, atMs });
    else {
      event.kind = kind;
      event.stepId = stepId;
      event.atMs = atMs;
    }
    n++;
  };
  let current: string | undefined;
  for (let i = log.caseStart[caseIndex]!; i < log.caseStart[caseIndex + 1]!; i++) {
    const atMs = log.timestampMs[i]!;
    const stepId = stepOfActivity[log.activityOf[i]!];
    if (stepId === undefined) {
      put('activity', '', atMs);
      continue;
    }
    if (current !== undefined) put('step-completed', current, atMs);
    put('step-entered', stepId, atMs);
    current = stepId;
  }
  return (pool as CaseEvent[]).slice(0, n);
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
 * Replays a model's rules over a log's history as of `nowMs`: every case
 * evaluated with `evaluateRules`, counted per rule. One pass over the cases;
 * per case only its own events are built.
 */
export function replayRules(
  model: ProcessModel,
  log: EventLog,
  options: { workingTime: WorkingTime; nowMs: number; sampleSize?: number },
): RulesReplay {
  const rules = effectiveRules(model);
  const { workingTime, nowMs } = options;
  const sampleSize = options.sampleSize ?? 10;
  const matched = matchStepsToActivities(model, log.activities);
  const byId = new Map<string, RuleReplay>();
  const rows = rules.map((rule) => {
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
    byId.set(rule.id, row);
    return row;
  });
  const kindOf = new Map(rules.map((rule) => [rule.id, rule.kind]));
  // A task with no `doneBy` cannot be seen done in a history: its deadline
  // and escalations would all look missed, so replay counts only its creation.
  const untracked = new Set(
    rules.flatMap((rule) =>
      rule.kind === 'task-on-entry' && rule.task.doneBy === undefined ? [rule.id] : [],
    ),
  );
  const replay: RulesReplay = {
    nowMs,
    cases: log.caseCount,
    slaAdherence: { onTime: 0, decided: 0, rate: null },
    escalations: 0,
    reminders: 0,
    rules: rows,
    sampleEscalations: [],
    sampleReminders: [],
    unmatchedSteps: matched.unmatchedSteps,
    unmatchedActivities: matched.unmatchedActivities,
  };
  const countClock = (clock: SlaClock): void => {
    const counts = byId.get(clock.ruleId)!.clocks!;
    counts.started++;
    if (clock.answeredAtMs !== null) {
      if (clock.state === 'on-time') counts.answeredOnTime++;
      else counts.answeredLate++;
    } else if (clock.state === 'on-time') counts.openOnTime++;
    else if (clock.state === 'at-risk') counts.openAtRisk++;
    else counts.openBreached++;
  };
  // Event objects reused from case to case: `evaluateRules` keeps none of
  // them (its results copy instants), and 20 million short-lived objects were
  // a fifth of a million-case replay.
  const pool: PooledEvent[] = [];
  for (let c = 0; c < log.caseCount; c++) {
    const events = fillCaseHistory(log, c, matched.stepOfActivity, pool);
    const result = evaluateRules(rules, { caseId: log.caseIds[c]!, events }, workingTime, nowMs);
    for (const clock of result.slas) countClock(clock);
    for (const task of result.tasks) {
      byId.get(task.ruleId)!.tasks!++;
      if (task.clock && !untracked.has(task.ruleId)) countClock(task.clock);
    }
    for (const escalation of result.escalations) {
      if (untracked.has(escalation.ruleId)) continue;
      byId.get(escalation.ruleId)!.escalationsByLevel![escalation.level - 1]!++;
      replay.escalations++;
      if (replay.sampleEscalations.length < sampleSize) replay.sampleEscalations.push(escalation);
    }
    for (const reminder of result.reminders) {
      byId.get(reminder.ruleId)!.reminders!++;
      replay.reminders++;
      if (replay.sampleReminders.length < sampleSize) replay.sampleReminders.push(reminder);
    }
  }
  for (const row of rows) {
    if (!row.clocks) continue;
    const { answeredOnTime, answeredLate, openBreached } = row.clocks;
    const decided = answeredOnTime + answeredLate + openBreached;
    row.adherence = decided > 0 ? answeredOnTime / decided : null;
    if (kindOf.get(row.ruleId) === 'hand-off-sla') {
      replay.slaAdherence.onTime += answeredOnTime;
      replay.slaAdherence.decided += decided;
    }
  }
  const { onTime, decided } = replay.slaAdherence;
  replay.slaAdherence.rate = decided > 0 ? onTime / decided : null;
  return replay;
}
