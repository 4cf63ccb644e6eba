/**
 * Rules on a process model (规则): what the to-be process promises and
 * enforces once it runs — hand-off deadlines with escalation (交接时限与超时升级),
 * reminders, tasks created on entering a step, stage gates, and tool steps
 * with their expected effect on duration. Plain data saved with the model
 * (`ProcessModel.rules`); evaluated by pure functions (`evaluateRules`,
 * `checkGate`). Semantics: docs/rules.md.
 */
import type {
  DurationEstimate,
  LocalizedText,
  ProcessModel,
  Step,
} from '../process-model/process-model.ts';

/**
 * Something that happens to a case and can start or end a clock. A case's
 * history is a list of these (`CaseEvent`). "Fields" are generic: any named
 * value of a deal (amount, credit check, signed quote…).
 */
export type RuleEvent =
  | { kind: 'step-entered'; stepId: string }
  | { kind: 'step-completed'; stepId: string }
  /** `value`: only a change to this value; none: any change. */
  | { kind: 'field-changed'; field: string; value?: string };

/** How someone is told. */
export type Channel = 'in-app' | 'email' | 'sms' | 'wecom' | 'dingtalk' | 'feishu' | 'webhook';

export const CHANNELS: readonly Channel[] = [
  'in-app',
  'email',
  'sms',
  'wecom',
  'dingtalk',
  'feishu',
  'webhook',
];

/**
 * Who is notified, and how: a role ("法务经理", "sales director"), a named
 * person, or the owner of a lane; at least one of the three.
 */
export interface Recipient {
  role?: string;
  person?: string;
  laneId?: string;
  channel: Channel;
}

/** One level of an escalation chain: `after` the clock started, if still unanswered, notify. */
export interface Escalation {
  after: DurationEstimate;
  notify: Recipient[];
}

/** What every rule has. */
interface RuleBase {
  id: string;
  name?: LocalizedText;
}

/**
 * A hand-off SLA (交接时限): when `trigger` happens the receiving side must
 * answer within `deadline`; answered means `until` happened (default: for a
 * step entered, the case leaving that step, i.e. its next step entry; for a
 * step completed or a field changed, the case's first move after that
 * instant). Unanswered, the chain escalates. `atRiskShare` (default 0.8) is the share of the deadline used
 * from which an open hand-off is "at risk".
 */
export interface HandOffSlaRule extends RuleBase {
  kind: 'hand-off-sla';
  trigger: RuleEvent;
  until?: RuleEvent;
  deadline: DurationEstimate;
  /** Told when the clock starts: whose work it now is. */
  notify: Recipient[];
  escalations: Escalation[];
  atRiskShare?: number;
}

/**
 * A reminder when a deal in one of `stepIds` has seen no activity (no event
 * of any kind) for `idle`: one reminder per silence.
 */
export interface InactivityReminderRule extends RuleBase {
  kind: 'inactivity-reminder';
  stepIds: string[];
  idle: DurationEstimate;
  notify: Recipient[];
}

/**
 * A follow-up due `due` after `after` (a customer meeting completed): it
 * reminds at that time unless `doneBy` happened first (default: any later
 * event of the case).
 */
export interface FollowUpReminderRule extends RuleBase {
  kind: 'follow-up-reminder';
  after: RuleEvent;
  due: DurationEstimate;
  doneBy?: RuleEvent;
  notify: Recipient[];
}

/**
 * A task created when a case enters `stepId` (after signing: onboarding for
 * after-sales), with its own deadline and escalations; done when `doneBy`
 * happens (none: the history cannot tell, the task stays open).
 */
export interface TaskOnEntryRule extends RuleBase {
  kind: 'task-on-entry';
  stepId: string;
  task: {
    title: LocalizedText;
    assignee: Recipient;
    deadline?: DurationEstimate;
    escalations?: Escalation[];
    doneBy?: RuleEvent;
  };
}

/**
 * A stage gate (阶段准入/准出): the fields and artifacts a case must have to
 * enter (`on: 'enter'`) or leave (`on: 'leave'`) `stepId`; a move without
 * them is refused with `reason` (or a reason listing what is missing).
 */
export interface StageGateRule extends RuleBase {
  kind: 'stage-gate';
  stepId: string;
  on: 'enter' | 'leave';
  requiredFields: string[];
  requiredArtifacts: string[];
  reason?: LocalizedText;
}

/**
 * A step done with a tool (e-signature, CPQ…) and what the tool is expected
 * to do to its duration: multiply it by `factor`, or make it `duration`.
 * Stored for the what-if simulation; the evaluation ignores it.
 */
export interface ToolStepRule extends RuleBase {
  kind: 'tool-step';
  stepId: string;
  tool: string;
  effect: { kind: 'factor'; factor: number } | { kind: 'fixed'; duration: DurationEstimate };
}

export type Rule =
  | HandOffSlaRule
  | InactivityReminderRule
  | FollowUpReminderRule
  | TaskOnEntryRule
  | StageGateRule
  | ToolStepRule;

export type RuleKind = Rule['kind'];

/** An open hand-off is at risk from this share of its deadline used. */
export const DEFAULT_AT_RISK_SHARE = 0.8;

/**
 * A step's response deadline as the measures take it (SLA adherence KPI,
 * what-if simulation): the hand-off rule clocked from entering the step until
 * the case moves on (no `until`), else the step's own `deadline`. A rule with
 * `until` clocks something else than the step's passage.
 */
export function responseDeadlineOf(model: ProcessModel, step: Step): DurationEstimate | undefined {
  const rule = (model.rules ?? []).find(
    (candidate): candidate is HandOffSlaRule =>
      candidate.kind === 'hand-off-sla' &&
      candidate.trigger.kind === 'step-entered' &&
      candidate.trigger.stepId === step.id &&
      candidate.until === undefined,
  );
  return rule?.deadline ?? step.deadline;
}

/** The step ids a rule names, with their JSON paths inside the rule (for reference checks). */
export function stepReferencesOf(rule: Rule): { path: string; stepId: string }[] {
  const refs: { path: string; stepId: string }[] = [];
  const event = (path: string, e: RuleEvent | undefined) => {
    if (e && e.kind !== 'field-changed') refs.push({ path: `${path}.stepId`, stepId: e.stepId });
  };
  switch (rule.kind) {
    case 'hand-off-sla':
      event('trigger', rule.trigger);
      event('until', rule.until);
      break;
    case 'inactivity-reminder':
      rule.stepIds.forEach((stepId, k) => {
        refs.push({ path: `stepIds.${k}`, stepId });
      });
      break;
    case 'follow-up-reminder':
      event('after', rule.after);
      event('doneBy', rule.doneBy);
      break;
    case 'task-on-entry':
      refs.push({ path: 'stepId', stepId: rule.stepId });
      event('task.doneBy', rule.task.doneBy);
      break;
    case 'stage-gate':
    case 'tool-step':
      refs.push({ path: 'stepId', stepId: rule.stepId });
      break;
  }
  return refs;
}

/** The lanes a rule's recipients name, with their JSON paths inside the rule. */
export function laneReferencesOf(rule: Rule): { path: string; laneId: string }[] {
  const refs: { path: string; laneId: string }[] = [];
  const recipients = (path: string, list: readonly Recipient[] | undefined) => {
    list?.forEach((recipient, k) => {
      if (recipient.laneId !== undefined)
        refs.push({ path: `${path}.${k}.laneId`, laneId: recipient.laneId });
    });
  };
  const chain = (path: string, escalations: readonly Escalation[] | undefined) => {
    escalations?.forEach((escalation, k) => {
      recipients(`${path}.${k}.notify`, escalation.notify);
    });
  };
  if (rule.kind === 'hand-off-sla') {
    recipients('notify', rule.notify);
    chain('escalations', rule.escalations);
  } else if (rule.kind === 'inactivity-reminder' || rule.kind === 'follow-up-reminder') {
    recipients('notify', rule.notify);
  } else if (rule.kind === 'task-on-entry') {
    const { laneId } = rule.task.assignee;
    if (laneId !== undefined) refs.push({ path: 'task.assignee.laneId', laneId });
    chain('task.escalations', rule.task.escalations);
  }
  return refs;
}
