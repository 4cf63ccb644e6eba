import { z } from 'zod';
import { CHANNELS, type Channel } from './rule.ts';

/**
 * The zod schema of `ProcessModel.rules`, built from the model's own schemas
 * for a duration estimate and a localized text so that both read the same
 * way (and this file does not import the model's parser: no import cycle).
 */
export function createRulesSchema(durationEstimate: z.ZodType, localizedText: z.ZodType) {
  const ruleEvent = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('step-entered'), stepId: z.string().min(1) }).strict(),
    z.object({ kind: z.literal('step-completed'), stepId: z.string().min(1) }).strict(),
    z
      .object({
        kind: z.literal('field-changed'),
        field: z.string().min(1),
        value: z.string().optional(),
      })
      .strict(),
  ]);
  const recipient = z
    .object({
      role: z.string().min(1).optional(),
      person: z.string().min(1).optional(),
      laneId: z.string().min(1).optional(),
      channel: z.enum(CHANNELS as [Channel, ...Channel[]]),
    })
    .strict()
    .refine((r) => r.role !== undefined || r.person !== undefined || r.laneId !== undefined, {
      message: 'a role, a person or a laneId to notify',
    });
  const escalation = z
    .object({ after: durationEstimate, notify: z.array(recipient).min(1) })
    .strict();
  // A deadline, an idle time or a due time of zero could never be met: more than zero.
  const positive = durationEstimate.refine(
    (estimate) => (estimate as { value: number }).value > 0,
    { message: 'more than zero' },
  );
  const base = { id: z.string().min(1), name: localizedText.optional() };
  const rule = z.discriminatedUnion('kind', [
    z
      .object({
        ...base,
        kind: z.literal('hand-off-sla'),
        trigger: ruleEvent,
        until: ruleEvent.optional(),
        deadline: positive,
        notify: z.array(recipient),
        escalations: z.array(escalation),
        atRiskShare: z.number().gt(0).lt(1).optional(),
      })
      .strict(),
    z
      .object({
        ...base,
        kind: z.literal('inactivity-reminder'),
        stepIds: z.array(z.string().min(1)).min(1),
        idle: positive,
        notify: z.array(recipient),
      })
      .strict(),
    z
      .object({
        ...base,
        kind: z.literal('follow-up-reminder'),
        after: ruleEvent,
        due: positive,
        doneBy: ruleEvent.optional(),
        notify: z.array(recipient),
      })
      .strict(),
    z
      .object({
        ...base,
        kind: z.literal('task-on-entry'),
        stepId: z.string().min(1),
        task: z
          .object({
            title: localizedText,
            assignee: recipient,
            deadline: positive.optional(),
            escalations: z.array(escalation).optional(),
            doneBy: ruleEvent.optional(),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        ...base,
        kind: z.literal('stage-gate'),
        stepId: z.string().min(1),
        on: z.enum(['enter', 'leave']),
        requiredFields: z.array(z.string().min(1)),
        requiredArtifacts: z.array(z.string().min(1)),
        reason: localizedText.optional(),
      })
      .strict(),
    z
      .object({
        ...base,
        kind: z.literal('tool-step'),
        stepId: z.string().min(1),
        tool: z.string().min(1),
        effect: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('factor'), factor: z.number().positive() }).strict(),
          z.object({ kind: z.literal('fixed'), duration: durationEstimate }).strict(),
        ]),
      })
      .strict(),
  ]);
  return z.array(rule);
}
