import { describe, expect, it } from 'vitest';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { describeRule } from './describe-rule.ts';
import type { Rule } from './rule.ts';

const model: ProcessModel = {
  ...createProcessModel('m', { zh: '销售流程', en: 'Sales' }, 'to-be'),
  lanes: [
    { id: 'legal', name: { zh: '法务', en: 'Legal' } },
    { id: 'service', name: { zh: '售后', en: 'After-sales' } },
  ],
  steps: [
    makeStep('review', { zh: '合同评审', en: 'Contract review' }, 'approval', { laneId: 'legal' }),
    makeStep('won', { zh: '赢单', en: 'Won' }),
    makeStep('sign', { zh: '签约', en: 'Signing' }),
  ],
};
const hours = (value: number) => ({ value, unit: 'hour' as const, basis: 'working' as const });

describe('a rule in words', () => {
  it('says a hand-off deadline with its escalation chain, in both languages', () => {
    const rule: Rule = {
      id: 'legal-48h',
      kind: 'hand-off-sla',
      trigger: { kind: 'step-entered', stepId: 'review' },
      deadline: hours(48),
      notify: [{ laneId: 'legal', channel: 'in-app' }],
      escalations: [
        { after: hours(48), notify: [{ role: '法务经理', channel: 'email' }] },
        { after: hours(72), notify: [{ role: '销售总监', channel: 'wecom' }] },
      ],
    };
    expect(describeRule(rule, model, 'zh')).toBe(
      '进入「合同评审」后须在 48 工作小时 内响应；通知 法务（站内）；超过 48 工作小时 升级至 法务经理（邮件）；超过 72 工作小时 升级至 销售总监（企业微信）。',
    );
    expect(describeRule(rule, model, 'en')).toBe(
      'On entering “Contract review”: answer within 48 working hours; notify Legal (in-app); after 48 working hours escalate to 法务经理 (email); after 72 working hours escalate to 销售总监 (WeCom).',
    );
  });

  it('says tasks, gates, reminders and tool steps', () => {
    const rules: Rule[] = [
      {
        id: 't',
        kind: 'task-on-entry',
        stepId: 'won',
        task: {
          title: { zh: '客户交接', en: 'Customer onboarding' },
          assignee: { laneId: 'service', channel: 'dingtalk' },
          deadline: { value: 3, unit: 'day', basis: 'working' },
        },
      },
      {
        id: 'g',
        kind: 'stage-gate',
        stepId: 'review',
        on: 'enter',
        requiredFields: ['信用检查'],
        requiredArtifacts: ['已签报价单'],
      },
      {
        id: 'r',
        kind: 'inactivity-reminder',
        stepIds: ['review', 'sign'],
        idle: { value: 5, unit: 'day', basis: 'working' },
        notify: [{ person: '王芳', channel: 'sms' }],
      },
      {
        id: 'e',
        kind: 'tool-step',
        stepId: 'sign',
        tool: '电子签章',
        effect: { kind: 'factor', factor: 0.3 },
      },
    ];
    expect(rules.map((rule) => describeRule(rule, model, 'zh'))).toEqual([
      '进入「赢单」时为 售后（钉钉） 创建任务「客户交接」，3 工作日 内完成。',
      '进入「合同评审」前须具备：字段「信用检查」、附件「已签报价单」。',
      '在「合同评审」、「签约」超过 5 工作日 无跟进：提醒 王芳（短信）。',
      '「签约」使用 电子签章：时长 × 0.3。',
    ]);
    expect(describeRule(rules[1]!, model, 'en')).toBe(
      'Before entering “Contract review”: field “信用检查”, artifact “已签报价单” required.',
    );
  });
});
