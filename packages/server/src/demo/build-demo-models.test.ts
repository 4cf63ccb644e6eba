import { diffModels, parseProcessModel } from '@pipewise/engine/process-model';
import { describeRule } from '@pipewise/engine/rules';
import { describe, expect, it } from 'vitest';
import { buildAsIsModel, deriveToBeModel } from './build-demo-models.ts';

describe('the demo to-be draft', () => {
  const asIs = buildAsIsModel();
  const toBe = deriveToBeModel(asIs);

  it('is a valid model with the guide’s rules, said in words', () => {
    expect(parseProcessModel(JSON.parse(JSON.stringify(toBe))).ok).toBe(true);
    expect((toBe.rules ?? []).map((rule) => describeRule(rule, toBe, 'zh'))).toEqual([
      '进入「合同评审」后须在 48 工作小时 内响应；通知 法务（企业微信）；超过 48 工作小时 升级至 法务经理（企业微信）；超过 72 工作小时 升级至 销售总监（企业微信）。',
      '进入「合同评审」前须具备：字段「信用检查」、附件「已签报价单」。',
      '进入「售后交接」时为 售后服务（站内） 创建任务「联系客户，完成售后交接」，8 工作小时 内完成；超过 16 工作小时 升级至 售后经理（企业微信）。',
      '在「需求确认」、「方案设计」、「报价」、「商务谈判」超过 5 工作日 无跟进：提醒 销售代表（站内）。',
    ]);
  });

  it('differs from the as-is by the merge, the deadline, the hand-off and the four rules', () => {
    const diff = diffModels(asIs, toBe);
    expect(diff.steps.merged).toHaveLength(1);
    expect(diff.steps.added.map((step) => step.name.zh)).toEqual(['售后交接']);
    expect(diff.rules.added.map((rule) => rule.kind)).toEqual([
      'hand-off-sla',
      'stage-gate',
      'task-on-entry',
      'inactivity-reminder',
    ]);
  });
});
