import type { DurationEstimate, LocalizedText } from '@pipewise/engine/process-model';
import type { Channel, Escalation, Recipient, Rule, RuleEvent } from '@pipewise/engine/rules';

/** A duration as the form edits it. */
export interface DurationField {
  value?: number;
  unit: DurationEstimate['unit'];
  basis: DurationEstimate['basis'];
}

/** One recipient as the form edits it: a role, a person or a lane's owner, and a channel. */
export interface RecipientField {
  who: 'role' | 'person' | 'lane';
  text?: string;
  laneId?: string;
  channel: Channel;
}

/**
 * The rule dialog's values: one flat form for every kind, each kind using
 * its own fields. Escalations are rows of one recipient each; rows with the
 * same delay are one level of the chain.
 */
export interface RuleFormValues {
  kind: Rule['kind'];
  name?: string;
  eventKind?: RuleEvent['kind'];
  eventStep?: string;
  eventField?: string;
  eventValue?: string;
  duration?: DurationField;
  notify?: RecipientField[];
  escalations?: { after: DurationField; recipient: RecipientField }[];
  stepId?: string;
  stepIds?: string[];
  taskTitle?: string;
  assignee?: RecipientField;
  on?: 'enter' | 'leave';
  requiredFields?: string[];
  requiredArtifacts?: string[];
  reason?: string;
  tool?: string;
  effectKind?: 'factor' | 'fixed';
  factor?: number;
}

export const EMPTY_DURATION: DurationField = { unit: 'hour', basis: 'working' };

/** The form's values for `rule` (or a new hand-off deadline), names in `language`. */
export function formOfRule(rule: Rule | undefined, language: 'zh' | 'en'): RuleFormValues {
  // A new rule: each kind's fields start filled where a default makes sense.
  if (!rule)
    return {
      kind: 'hand-off-sla',
      eventKind: 'step-entered',
      duration: EMPTY_DURATION,
      assignee: { who: 'role', channel: 'in-app' },
      on: 'enter',
      effectKind: 'factor',
    };
  const name = rule.name?.[language];
  const base: RuleFormValues = { kind: rule.kind, ...(name ? { name } : {}) };
  switch (rule.kind) {
    case 'hand-off-sla':
      return {
        ...base,
        ...eventFields(rule.trigger),
        duration: durationField(rule.deadline),
        notify: rule.notify.map(recipientField),
        escalations: escalationRows(rule.escalations),
      };
    case 'inactivity-reminder':
      return {
        ...base,
        stepIds: rule.stepIds,
        duration: durationField(rule.idle),
        notify: rule.notify.map(recipientField),
      };
    case 'follow-up-reminder':
      return {
        ...base,
        ...eventFields(rule.after),
        duration: durationField(rule.due),
        notify: rule.notify.map(recipientField),
      };
    case 'task-on-entry':
      return {
        ...base,
        stepId: rule.stepId,
        taskTitle: rule.task.title[language] ?? rule.task.title.zh ?? rule.task.title.en ?? '',
        assignee: recipientField(rule.task.assignee),
        duration: rule.task.deadline ? durationField(rule.task.deadline) : EMPTY_DURATION,
        escalations: escalationRows(rule.task.escalations ?? []),
      };
    case 'stage-gate':
      return {
        ...base,
        stepId: rule.stepId,
        on: rule.on,
        requiredFields: rule.requiredFields,
        requiredArtifacts: rule.requiredArtifacts,
        ...(rule.reason?.[language] ? { reason: rule.reason[language] } : {}),
      };
    case 'tool-step':
      return {
        ...base,
        stepId: rule.stepId,
        tool: rule.tool,
        effectKind: rule.effect.kind,
        ...(rule.effect.kind === 'factor'
          ? { factor: rule.effect.factor, duration: EMPTY_DURATION }
          : { duration: durationField(rule.effect.duration) }),
      };
  }
}

/**
 * The rule the form's values make, with id `id`; what the form does not show
 * (the other language's names, an SLA's `until`, a task's `doneBy`, the
 * at-risk share) is kept from `previous`. The engine's `set-rule` command
 * checks the result: a value missing here makes it refuse with the field.
 */
export function ruleOfForm(
  values: RuleFormValues,
  id: string,
  language: 'zh' | 'en',
  previous?: Rule,
): Rule {
  const localized = (text: string | undefined, before: LocalizedText | undefined) => {
    const trimmed = text?.trim();
    const rest = { ...before };
    delete rest[language];
    const result: LocalizedText = trimmed ? { ...rest, [language]: trimmed } : rest;
    return result.zh !== undefined || result.en !== undefined ? result : undefined;
  };
  const name = localized(values.name, previous?.name);
  const base = { id, ...(name ? { name } : {}) };
  const same = previous?.kind === values.kind ? previous : undefined;
  const notify = (values.notify ?? []).map(recipientOf);
  switch (values.kind) {
    case 'hand-off-sla': {
      const kept = same?.kind === 'hand-off-sla' ? same : undefined;
      return {
        ...base,
        kind: 'hand-off-sla',
        trigger: eventOf(values),
        ...(kept?.until ? { until: kept.until } : {}),
        deadline: durationOf(values.duration),
        notify,
        escalations: escalationsOf(values.escalations ?? []),
        ...(kept?.atRiskShare !== undefined ? { atRiskShare: kept.atRiskShare } : {}),
      };
    }
    case 'inactivity-reminder':
      return {
        ...base,
        kind: 'inactivity-reminder',
        stepIds: values.stepIds ?? [],
        idle: durationOf(values.duration),
        notify,
      };
    case 'follow-up-reminder': {
      const kept = same?.kind === 'follow-up-reminder' ? same : undefined;
      return {
        ...base,
        kind: 'follow-up-reminder',
        after: eventOf(values),
        due: durationOf(values.duration),
        ...(kept?.doneBy ? { doneBy: kept.doneBy } : {}),
        notify,
      };
    }
    case 'task-on-entry': {
      const kept = same?.kind === 'task-on-entry' ? same : undefined;
      const escalations = escalationsOf(values.escalations ?? []);
      const title = localized(values.taskTitle, kept?.task.title) ?? {};
      return {
        ...base,
        kind: 'task-on-entry',
        stepId: values.stepId ?? '',
        task: {
          title,
          assignee: recipientOf(values.assignee ?? { who: 'role', channel: 'in-app' }),
          ...(values.duration?.value !== undefined && values.duration.value !== null
            ? { deadline: durationOf(values.duration) }
            : {}),
          ...(escalations.length > 0 ? { escalations } : {}),
          ...(kept?.task.doneBy ? { doneBy: kept.task.doneBy } : {}),
        },
      };
    }
    case 'stage-gate': {
      const kept = same?.kind === 'stage-gate' ? same : undefined;
      const reason = localized(values.reason, kept?.reason);
      return {
        ...base,
        kind: 'stage-gate',
        stepId: values.stepId ?? '',
        on: values.on ?? 'enter',
        requiredFields: cleanList(values.requiredFields),
        requiredArtifacts: cleanList(values.requiredArtifacts),
        ...(reason ? { reason } : {}),
      };
    }
    case 'tool-step':
      return {
        ...base,
        kind: 'tool-step',
        stepId: values.stepId ?? '',
        tool: values.tool?.trim() ?? '',
        effect:
          values.effectKind === 'fixed'
            ? { kind: 'fixed', duration: durationOf(values.duration) }
            : { kind: 'factor', factor: values.factor ?? Number.NaN },
      };
  }
}

function eventFields(event: RuleEvent): Partial<RuleFormValues> {
  return event.kind === 'field-changed'
    ? {
        eventKind: event.kind,
        eventField: event.field,
        ...(event.value !== undefined ? { eventValue: event.value } : {}),
      }
    : { eventKind: event.kind, eventStep: event.stepId };
}

function eventOf(values: RuleFormValues): RuleEvent {
  if (values.eventKind === 'field-changed') {
    const value = values.eventValue?.trim();
    return {
      kind: 'field-changed',
      field: values.eventField?.trim() ?? '',
      ...(value ? { value } : {}),
    };
  }
  return { kind: values.eventKind ?? 'step-entered', stepId: values.eventStep ?? '' };
}

function durationField(estimate: DurationEstimate): DurationField {
  return { value: estimate.value, unit: estimate.unit, basis: estimate.basis };
}

function durationOf(field: DurationField | undefined): DurationEstimate {
  return {
    value: field?.value ?? Number.NaN,
    unit: field?.unit ?? 'hour',
    basis: field?.basis ?? 'working',
  };
}

function recipientField(recipient: Recipient): RecipientField {
  if (recipient.person !== undefined)
    return { who: 'person', text: recipient.person, channel: recipient.channel };
  if (recipient.role !== undefined)
    return { who: 'role', text: recipient.role, channel: recipient.channel };
  return { who: 'lane', laneId: recipient.laneId ?? '', channel: recipient.channel };
}

function recipientOf(field: RecipientField): Recipient {
  const text = field.text?.trim() ?? '';
  if (field.who === 'lane') return { laneId: field.laneId ?? '', channel: field.channel };
  return field.who === 'person'
    ? { person: text, channel: field.channel }
    : { role: text, channel: field.channel };
}

function escalationRows(
  escalations: readonly Escalation[],
): { after: DurationField; recipient: RecipientField }[] {
  return escalations.flatMap((level) =>
    level.notify.map((recipient) => ({
      after: durationField(level.after),
      recipient: recipientField(recipient),
    })),
  );
}

/** Rows in order; a row with the same delay as the one before joins its level. */
function escalationsOf(rows: { after: DurationField; recipient: RecipientField }[]): Escalation[] {
  const levels: Escalation[] = [];
  for (const row of rows) {
    const after = durationOf(row.after);
    const last = levels.at(-1);
    if (
      last &&
      last.after.value === after.value &&
      last.after.unit === after.unit &&
      last.after.basis === after.basis
    )
      last.notify.push(recipientOf(row.recipient));
    else levels.push({ after, notify: [recipientOf(row.recipient)] });
  }
  return levels;
}

function cleanList(list: string[] | undefined): string[] {
  return [...new Set((list ?? []).map((item) => item.trim()).filter((item) => item !== ''))];
}
