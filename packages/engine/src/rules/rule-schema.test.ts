import { describe, expect, it } from 'vitest';
import { parseProcessModel } from '../process-model/parse-process-model.ts';
import { createProcessModel, makeStep } from '../process-model/process-model.ts';

const base = {
  ...createProcessModel('to-be', { en: 'Sales' }, 'to-be'),
  steps: [makeStep('legal', { en: 'Legal review' }), makeStep('signed', { en: 'Signed' })],
};
const hours = (value: number) => ({ value, unit: 'hour', basis: 'working' });
const sla = {
  id: 'legal-48h',
  kind: 'hand-off-sla',
  trigger: { kind: 'step-entered', stepId: 'legal' },
  deadline: hours(48),
  notify: [],
  escalations: [{ after: hours(48), notify: [{ role: 'legal manager', channel: 'email' }] }],
};

describe('rules in a saved model', () => {
  it('keeps models saved without rules valid', () => {
    const parsed = parseProcessModel(JSON.parse(JSON.stringify(base)));
    expect(parsed.ok).toBe(true);
  });

  it('reads every kind of rule', () => {
    const rules = [
      sla,
      {
        id: 'idle',
        kind: 'inactivity-reminder',
        stepIds: ['legal'],
        idle: { value: 5, unit: 'day', basis: 'working' },
        notify: [],
      },
      {
        id: 'fu',
        kind: 'follow-up-reminder',
        after: { kind: 'step-completed', stepId: 'legal' },
        due: hours(16),
        notify: [],
      },
      {
        id: 'onboard',
        kind: 'task-on-entry',
        stepId: 'signed',
        task: {
          title: { en: 'Onboarding' },
          assignee: { role: 'after-sales', channel: 'wecom' },
          deadline: hours(24),
        },
      },
      {
        id: 'gate',
        kind: 'stage-gate',
        stepId: 'legal',
        on: 'enter',
        requiredFields: ['credit'],
        requiredArtifacts: [],
      },
      {
        id: 'esign',
        kind: 'tool-step',
        stepId: 'signed',
        tool: 'e-signature',
        effect: { kind: 'factor', factor: 0.3 },
      },
    ];
    const parsed = parseProcessModel({ ...base, rules });
    expect(parsed.ok && parsed.model.rules?.map((rule) => rule.kind)).toEqual([
      'hand-off-sla',
      'inactivity-reminder',
      'follow-up-reminder',
      'task-on-entry',
      'stage-gate',
      'tool-step',
    ]);
  });

  it('locates a bad escalation: the JSON path and what was expected', () => {
    const bad = { ...sla, escalations: [{ after: hours(48), notify: [{ channel: 'email' }] }] };
    const parsed = parseProcessModel({ ...base, rules: [bad] });
    expect(parsed).toEqual({
      ok: false,
      problems: [
        {
          path: 'rules.0.escalations.0.notify.0',
          message: 'a role, a person or a laneId to notify',
        },
      ],
    });
  });

  it('refuses a deadline of zero, which could never be met', () => {
    const parsed = parseProcessModel({ ...base, rules: [{ ...sla, deadline: hours(0) }] });
    expect(parsed).toEqual({
      ok: false,
      problems: [{ path: 'rules.0.deadline', message: 'more than zero' }],
    });
    // An escalation right at the start stays allowed.
    const now = {
      ...sla,
      escalations: [{ after: hours(0), notify: [{ role: '法务经理', channel: 'email' }] }],
    };
    expect(parseProcessModel({ ...base, rules: [now] }).ok).toBe(true);
  });

  it('names a rule pointing at a step that does not exist', () => {
    const parsed = parseProcessModel({
      ...base,
      rules: [{ ...sla, trigger: { kind: 'step-entered', stepId: 'nope' } }],
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [{ path: 'rules.0.trigger.stepId', message: 'no step "nope"' }],
    });
  });

  it('names a recipient lane that does not exist', () => {
    const parsed = parseProcessModel({
      ...base,
      rules: [{ ...sla, notify: [{ laneId: 'legal', channel: 'in-app' }] }],
    });
    expect(parsed).toEqual({
      ok: false,
      problems: [{ path: 'rules.0.notify.0.laneId', message: 'no lane "legal"' }],
    });
  });

  it('refuses an unknown rule kind and a duplicate rule id', () => {
    const unknown = parseProcessModel({ ...base, rules: [{ ...sla, kind: 'sla' }] });
    expect(unknown.ok === false && unknown.problems[0]!.path).toBe('rules.0.kind');
    const twice = parseProcessModel({ ...base, rules: [sla, sla] });
    expect(twice.ok === false && twice.problems[0]!.message).toBe(
      'id "legal-48h" is already used at rules.0.id',
    );
  });
});
