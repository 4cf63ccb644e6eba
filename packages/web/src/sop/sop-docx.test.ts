import { buildSopManual, createProcessModel, makeStep } from '@pipewise/engine/process-model';
import { Packer } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { type SopLabels, sopManualDocument } from './sop-docx.ts';

const LABELS: SopLabels = {
  title: '标准作业程序手册',
  version: '第 2 版',
  chart: '泳道图',
  owner: '负责人',
  after: '触发',
  next: '下一步',
  inputs: '输入',
  outputs: '输出',
  systems: '系统',
  estimated: '预计耗时',
  deadline: '处理时限',
  escalation: '超时升级',
  required: '必备条件',
  otherRules: '其他规则',
  instructions: '操作说明',
  script: '话术模板',
  exceptions: '异常处理',
  none: '无',
  first: '流程开始',
  separator: '、',
};

/** A one-pixel PNG: enough for Word to hold an image. */
const PIXEL = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

describe('sopManualDocument', () => {
  it('writes each step with what the model says and what people wrote, lists and bold kept, and the chart', async () => {
    const model = {
      ...createProcessModel('m', { zh: '销售流程' }, 'to-be'),
      lanes: [{ id: 'legal', name: { zh: '法务' }, department: '法务部' }],
      steps: [
        makeStep('review', { zh: '合同评审' }, 'approval', {
          laneId: 'legal',
          deadline: { value: 48, unit: 'hour', basis: 'working' } as const,
        }),
      ],
      rules: [
        {
          id: 'legal',
          kind: 'hand-off-sla' as const,
          trigger: { kind: 'step-entered' as const, stepId: 'review' },
          deadline: { value: 48, unit: 'hour' as const, basis: 'working' as const },
          notify: [],
          escalations: [
            {
              after: { value: 48, unit: 'hour' as const, basis: 'working' as const },
              notify: [{ role: '法务经理', channel: 'email' as const }],
            },
          ],
        },
        {
          id: 'gate',
          kind: 'stage-gate' as const,
          stepId: 'review',
          on: 'enter' as const,
          requiredFields: ['信用检查'],
          requiredArtifacts: [],
        },
        {
          id: 'remind',
          kind: 'inactivity-reminder' as const,
          stepIds: ['review'],
          idle: { value: 5, unit: 'day' as const, basis: 'working' as const },
          notify: [{ laneId: 'legal', channel: 'in-app' as const }],
        },
        {
          id: 'esign',
          kind: 'tool-step' as const,
          stepId: 'review',
          tool: '电子签章',
          effect: { kind: 'factor' as const, factor: 0.5 },
        },
      ],
    };
    const manual = buildSopManual(
      model,
      [
        {
          stepId: 'review',
          instructions: '收到合同后**当天**开始',
          script: '',
          exceptions: '- 超时升级法务经理\n- 通知销售总监',
        },
      ],
      'zh',
    );
    const document = sopManualDocument(manual, LABELS, () => '48个工作小时', {
      png: PIXEL,
      width: 1,
      height: 1,
    });
    const zip = await JSZip.loadAsync(await Packer.toBuffer(document));
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const text of [
      '销售流程 — 标准作业程序手册',
      '1. 合同评审',
      '法务 · 法务部',
      '48个工作小时',
      '流程开始',
      '超时升级法务经理',
      '超过 48 工作小时 升级至 法务经理（邮件）',
      '进入前：信用检查',
    ])
      expect(xml).toContain(text);
    // Each other rule a paragraph of its own.
    expect(xml).toMatch(/超过 5 工作日 无跟进[^<]*<\/w:t><\/w:r><\/w:p><w:p>[\s\S]*?使用 电子签章/);
    // Bold kept as a bold run, the markup gone.
    expect(xml).toMatch(/<w:b\/>[\s\S]*?当天/);
    expect(xml).not.toContain('**');
    // The exceptions are a bulleted list: two numbered paragraphs.
    expect(xml.match(/<w:numPr>/g)?.length).toBe(2);
    expect(Object.keys(zip.files).some((name) => name.startsWith('word/media/'))).toBe(true);
  });

  it('numbers each numbered list from 1: one Word list per list written', async () => {
    const model = {
      ...createProcessModel('m', { zh: '销售流程' }, 'to-be'),
      steps: [makeStep('a', { zh: '报价' }), makeStep('b', { zh: '合同评审' })],
    };
    const manual = buildSopManual(
      model,
      [
        { stepId: 'a', instructions: '1. 核价\n2. 审批', script: '', exceptions: '' },
        { stepId: 'b', instructions: '1. 审核', script: '', exceptions: '' },
      ],
      'zh',
    );
    const document = sopManualDocument(manual, LABELS, () => '', {
      png: PIXEL,
      width: 1,
      height: 1,
    });
    const zip = await JSZip.loadAsync(await Packer.toBuffer(document));
    const xml = await zip.file('word/document.xml')!.async('string');
    const numIds = [...xml.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((match) => match[1]);
    // 核价 and 审批 in one list; 审核 in another, which Word numbers from 1 again.
    expect(numIds).toHaveLength(3);
    expect(numIds[0]).toBe(numIds[1]);
    expect(numIds[2]).not.toBe(numIds[0]);
  });
});
