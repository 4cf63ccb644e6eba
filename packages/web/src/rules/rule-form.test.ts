import type { Rule } from '@pipewise/engine/rules';
import { describe, expect, it } from 'vitest';
import { formOfRule, ruleOfForm } from './rule-form.ts';

const hours = (value: number) => ({ value, unit: 'hour' as const, basis: 'working' as const });

const RULES: Rule[] = [
  {
    id: 'legal-48h',
    kind: 'hand-off-sla',
    name: { zh: '法务评审时限', en: 'Legal review deadline' },
    trigger: { kind: 'step-entered', stepId: 'review' },
    until: { kind: 'step-completed', stepId: 'review' },
    deadline: hours(48),
    notify: [{ laneId: 'legal', channel: 'in-app' }],
    escalations: [
      {
        after: hours(48),
        notify: [
          { role: '法务经理', channel: 'email' },
          { person: '李雷', channel: 'sms' },
        ],
      },
      { after: hours(72), notify: [{ role: '销售总监', channel: 'wecom' }] },
    ],
    atRiskShare: 0.75,
  },
  {
    id: 'idle',
    kind: 'inactivity-reminder',
    stepIds: ['quote', 'review'],
    idle: { value: 5, unit: 'day', basis: 'working' },
    notify: [{ laneId: 'sales', channel: 'dingtalk' }],
  },
  {
    id: 'visit',
    kind: 'follow-up-reminder',
    after: { kind: 'field-changed', field: '拜访', value: '完成' },
    due: { value: 2, unit: 'day', basis: 'calendar' },
    notify: [{ role: '销售代表', channel: 'feishu' }],
  },
  {
    id: 'onboard',
    kind: 'task-on-entry',
    stepId: 'won',
    task: {
      title: { zh: '客户交接', en: 'Onboarding' },
      assignee: { laneId: 'service', channel: 'in-app' },
      deadline: { value: 3, unit: 'day', basis: 'working' },
      doneBy: { kind: 'step-entered', stepId: 'handover' },
    },
  },
  {
    id: 'gate',
    kind: 'stage-gate',
    stepId: 'review',
    on: 'enter',
    requiredFields: ['信用检查'],
    requiredArtifacts: ['已签报价单'],
    reason: { zh: '缺少签字报价单' },
  },
  {
    id: 'esign',
    kind: 'tool-step',
    stepId: 'sign',
    tool: '电子签章',
    effect: { kind: 'factor', factor: 0.3 },
  },
  {
    id: 'cpq',
    kind: 'tool-step',
    stepId: 'quote',
    tool: 'CPQ',
    effect: { kind: 'fixed', duration: hours(1) },
  },
];

describe('the rule dialog', () => {
  it('gives back every kind of rule unchanged when nothing is edited, in either language', () => {
    for (const rule of RULES)
      for (const language of ['zh', 'en'] as const)
        expect(ruleOfForm(formOfRule(rule, language), rule.id, language, rule)).toEqual(rule);
  });

  it('shows escalation levels as rows of one recipient and groups rows with one delay back', () => {
    const form = formOfRule(RULES[0], 'zh');
    expect(form.escalations?.map((row) => [row.after.value, row.recipient.text])).toEqual([
      [48, '法务经理'],
      [48, '李雷'],
      [72, '销售总监'],
    ]);
    const edited = ruleOfForm(
      { ...form, escalations: form.escalations!.filter((row) => row.recipient.text !== '李雷') },
      'legal-48h',
      'zh',
      RULES[0],
    );
    expect(
      edited.kind === 'hand-off-sla' && edited.escalations.map((l) => l.notify.length),
    ).toEqual([1, 1]);
  });

  it('changes the name in the page language and keeps the other one', () => {
    const rule = ruleOfForm(
      { ...formOfRule(RULES[0], 'en'), name: 'Legal within two days' },
      'legal-48h',
      'en',
      RULES[0],
    );
    expect(rule.name).toEqual({ zh: '法务评审时限', en: 'Legal within two days' });
    const cleared = ruleOfForm({ ...formOfRule(RULES[5], 'zh'), name: ' ' }, 'esign', 'zh');
    expect('name' in cleared).toBe(false);
  });

  it('starts a new rule as a hand-off deadline in working hours', () => {
    expect(formOfRule(undefined, 'zh')).toMatchObject({
      kind: 'hand-off-sla',
      eventKind: 'step-entered',
      duration: { unit: 'hour', basis: 'working' },
    });
    // Switched to a task, the assignee already has a channel: only the role is left to type.
    const task = ruleOfForm(
      { ...formOfRule(undefined, 'zh'), kind: 'task-on-entry', stepId: 'won', taskTitle: '交接' },
      'r',
      'zh',
    );
    expect(task.kind === 'task-on-entry' && task.task.assignee.channel).toBe('in-app');
  });
});
