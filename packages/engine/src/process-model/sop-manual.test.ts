import { describe, expect, it } from 'vitest';
import { createProcessModel, makeStep, type ProcessModel } from './process-model.ts';
import { buildSopManual, parseSopText } from './sop-manual.ts';

/** 开始 → 报价 → 审批? (decision) → 合同评审 (legal, 48 working hours) | 输单 → 结束. */
function model(): ProcessModel {
  const flow = (from: string, to: string, condition?: string) => ({
    id: `${from}->${to}`,
    from,
    to,
    ...(condition ? { condition } : {}),
  });
  return {
    ...createProcessModel('m', { zh: '销售流程', en: 'Sales process' }, 'to-be'),
    lanes: [
      { id: 'sales', name: { zh: '销售代表', en: 'Sales rep' }, department: '销售部' },
      { id: 'legal', name: { zh: '法务' } },
    ],
    steps: [
      makeStep('start', { zh: '开始' }, 'start'),
      makeStep('quote', { zh: '报价', en: 'Quote' }, 'task', {
        laneId: 'sales',
        inputs: ['方案'],
        outputs: ['报价单'],
        systems: ['CRM'],
      }),
      makeStep('gate', { zh: '客户接受？' }, 'decision'),
      makeStep('review', { zh: '合同评审', en: 'Contract review' }, 'approval', {
        laneId: 'legal',
        deadline: { value: 48, unit: 'hour', basis: 'working' },
      }),
      makeStep('lost', { zh: '输单' }, 'task', { laneId: 'sales' }),
      makeStep('end', { zh: '结束' }, 'end'),
    ],
    flows: [
      flow('start', 'quote'),
      flow('quote', 'gate'),
      flow('gate', 'review', '接受'),
      flow('gate', 'lost', '拒绝'),
      flow('review', 'end'),
      flow('lost', 'end'),
    ],
  };
}

describe('buildSopManual', () => {
  it('gives each working step its owner, trigger, next steps through decisions, deadline and what people wrote', () => {
    const manual = buildSopManual(
      model(),
      [
        {
          stepId: 'review',
          instructions: '收到合同后当天开始',
          script: '',
          exceptions: '超时升级法务经理',
        },
      ],
      'zh',
    );
    expect(manual.title).toBe('销售流程');
    expect(manual.sections.map((section) => [section.number, section.name])).toEqual([
      [1, '报价'],
      [2, '合同评审'],
      [3, '输单'],
    ]);
    const [quote, review] = manual.sections;
    expect(quote).toMatchObject({
      owner: '销售代表',
      department: '销售部',
      after: [],
      next: [
        { name: '合同评审', condition: '接受' },
        { name: '输单', condition: '拒绝' },
      ],
      inputs: ['方案'],
      outputs: ['报价单'],
      systems: ['CRM'],
      instructions: '',
    });
    expect(review).toMatchObject({
      owner: '法务',
      after: ['报价'],
      next: [],
      deadline: { value: 48, unit: 'hour', basis: 'working' },
      instructions: '收到合同后当天开始',
      exceptions: '超时升级法务经理',
    });
    // In English where the model has English names, else the Chinese ones.
    const english = buildSopManual(model(), [], 'en');
    expect(english.sections.map((section) => section.name)).toEqual([
      'Quote',
      'Contract review',
      '输单',
    ]);
    expect(english.sections[0]!.owner).toBe('Sales rep');
  });
});

describe('buildSopManual with rules', () => {
  it('takes the deadline and escalation from the hand-off rule, and says gates and the other rules', () => {
    const ruled: ProcessModel = {
      ...model(),
      rules: [
        {
          id: 'legal',
          kind: 'hand-off-sla',
          trigger: { kind: 'step-entered', stepId: 'review' },
          deadline: { value: 24, unit: 'hour', basis: 'working' },
          notify: [{ laneId: 'legal', channel: 'in-app' }],
          escalations: [
            {
              after: { value: 24, unit: 'hour', basis: 'working' },
              notify: [{ role: '法务经理', channel: 'email' }],
            },
            {
              after: { value: 3, unit: 'day', basis: 'working' },
              notify: [
                { role: '销售总监', channel: 'wecom' },
                { person: '王芳', channel: 'sms' },
              ],
            },
          ],
        },
        {
          id: 'gate-in',
          kind: 'stage-gate',
          stepId: 'review',
          on: 'enter',
          requiredFields: ['信用检查'],
          requiredArtifacts: ['已签报价单'],
        },
        {
          id: 'gate-out',
          kind: 'stage-gate',
          stepId: 'review',
          on: 'leave',
          requiredFields: [],
          requiredArtifacts: ['合同审批单'],
        },
        {
          id: 'esign',
          kind: 'tool-step',
          stepId: 'review',
          tool: '电子签章',
          effect: { kind: 'factor', factor: 0.5 },
        },
      ],
    };
    const review = buildSopManual(ruled, [], 'zh').sections[1]!;
    expect(review).toMatchObject({
      deadline: { value: 24, unit: 'hour', basis: 'working' },
      escalation:
        '超过 24 工作小时 升级至 法务经理（邮件）；超过 3 工作日 升级至 销售总监（企业微信）、王芳（短信）',
      required: '进入前：信用检查、已签报价单；离开前：合同审批单',
      otherRules: ['「合同评审」使用 电子签章：时长 × 0.5。'],
    });
    const english = buildSopManual(ruled, [], 'en').sections[1]!;
    expect(english.escalation).toBe(
      'after 24 working hours: 法务经理 (email); after 3 working days: 销售总监 (WeCom), 王芳 (SMS)',
    );
    expect(english.required).toBe('to enter: 信用检查, 已签报价单; to leave: 合同审批单');
    // Without rules: the step's own deadline, no escalation.
    expect(buildSopManual(model(), [], 'zh').sections[1]).toMatchObject({
      deadline: { value: 48, unit: 'hour', basis: 'working' },
      escalation: null,
      required: null,
      otherRules: [],
    });
  });
});

describe('parseSopText', () => {
  it('takes "1. ", "1) " and "1、" as numbered items, not a number that starts a sentence', () => {
    expect(parseSopText('1、核对条款\n2) 退回\n1.5 天内回复客户')).toEqual([
      {
        kind: 'list',
        ordered: true,
        items: [[{ text: '核对条款', bold: false }], [{ text: '退回', bold: false }]],
      },
      { kind: 'paragraph', spans: [{ text: '1.5 天内回复客户', bold: false }] },
    ]);
  });

  it('reads paragraphs, bulleted and numbered lists and bold text', () => {
    expect(
      parseSopText(
        '收到合同后**当天**开始审核\n逐条核对。\n\n- 检查付款条款\n- 检查**违约**责任\n1. 通过\n2. 退回',
      ),
    ).toEqual([
      {
        kind: 'paragraph',
        spans: [
          { text: '收到合同后', bold: false },
          { text: '当天', bold: true },
          { text: '开始审核 逐条核对。', bold: false },
        ],
      },
      {
        kind: 'list',
        ordered: false,
        items: [
          [{ text: '检查付款条款', bold: false }],
          [
            { text: '检查', bold: false },
            { text: '违约', bold: true },
            { text: '责任', bold: false },
          ],
        ],
      },
      {
        kind: 'list',
        ordered: true,
        items: [[{ text: '通过', bold: false }], [{ text: '退回', bold: false }]],
      },
    ]);
  });

  it('keeps an unclosed ** as text, and gives nothing for empty text', () => {
    expect(parseSopText('a **b')).toEqual([
      {
        kind: 'paragraph',
        spans: [
          { text: 'a ', bold: false },
          { text: '**b', bold: false },
        ],
      },
    ]);
    expect(parseSopText('  \n\n')).toEqual([]);
  });
});
