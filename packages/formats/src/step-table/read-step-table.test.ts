import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memorySource } from '../byte-source/index.ts';
import { readCsvTable } from '../csv/read-csv-table.ts';
import { readXlsxTable } from '../xlsx/read-xlsx-table.ts';
import { readStepTable, type StringTable } from './read-step-table.ts';
import { stepTableTemplateCsv, stepTableTemplateXlsx } from './step-table-template.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-steps-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The as-is contract process of the method's example, as a sales-ops lead would list it. */
const CHINESE_STEPS = [
  '序号,环节,负责人,部门,输入,输出,系统,预计耗时,备注',
  '1,需求沟通,销售代表,销售部,,客户需求表,CRM,2小时,',
  '2,方案设计,解决方案团队,售前部,客户需求表,解决方案,"Excel、邮件",3个工作日,',
  '3,报价审批,销售经理,销售部,解决方案,报价单,OA,1 天,超过50万需总监审批',
  '4,合同审核,法务,法务部,报价单,合同,OA,5 working days,法务审核无时限',
  '5,签约,销售代表,销售部,合同,已签合同,,30 分钟,',
].join('\n');

function csvTable(text: string, file = 'steps.csv'): StringTable {
  const read = readCsvTable(memorySource(file, new TextEncoder().encode(text)));
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return read.table;
}

describe('a step table becomes an as-is model', () => {
  it('one step per row in order, a lane per owner, flows in sequence, start and end added', () => {
    const read = readStepTable(csvTable(CHINESE_STEPS));
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    const { model } = read;
    expect(model.lanes).toEqual([
      { id: 'lane1', name: { zh: '销售代表' }, department: '销售部' },
      { id: 'lane2', name: { zh: '解决方案团队' }, department: '售前部' },
      { id: 'lane3', name: { zh: '销售经理' }, department: '销售部' },
      { id: 'lane4', name: { zh: '法务' }, department: '法务部' },
    ]);
    expect(
      model.steps.map((step) => [step.id, step.name.zh ?? step.name.en, step.kind, step.laneId]),
    ).toEqual([
      ['start', '开始', 'start', undefined],
      ['s1', '需求沟通', 'task', 'lane1'],
      ['s2', '方案设计', 'task', 'lane2'],
      ['s3', '报价审批', 'approval', 'lane3'],
      ['s4', '合同审核', 'approval', 'lane4'],
      ['s5', '签约', 'task', 'lane1'],
      ['end', '结束', 'end', undefined],
    ]);
    expect(model.steps[2]).toMatchObject({
      inputs: ['客户需求表'],
      outputs: ['解决方案'],
      systems: ['Excel', '邮件'],
      estimated: { value: 3, unit: 'day', basis: 'working', text: '3个工作日' },
      source: 'steps.csv:3',
    });
    expect(model.steps[3]!.notes).toBe('超过50万需总监审批');
    expect(model.steps[4]!.estimated).toMatchObject({ value: 5, unit: 'day', basis: 'working' });
    expect(model.flows.map((flow) => flow.id)).toEqual([
      'start->s1',
      's1->s2',
      's2->s3',
      's3->s4',
      's4->s5',
      's5->end',
    ]);
    expect(read.warnings).toEqual([]);
    expect(read.columns).toMatchObject({ order: '序号', step: '环节', estimated: '预计耗时' });
  });

  it('follows the order column rather than the rows, and the "next" column for branches', () => {
    const read = readStepTable(
      csvTable(
        [
          'Order,Step,Owner,Kind,Next',
          '3,Legal review,Legal,,4',
          '1,Qualify,Sales rep,,2',
          '2,Big deal?,Sales rep,decision,"3, Sign"',
          '4,Sign,Sales rep,,end',
        ].join('\n'),
      ),
    );
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.model.steps.map((step) => `${step.id}:${step.name.en}:${step.kind}`)).toEqual([
      'start:Start:start',
      's1:Qualify:task',
      's2:Big deal?:decision',
      's3:Legal review:approval',
      's4:Sign:task',
      'end:End:end',
    ]);
    expect(read.model.flows.map((flow) => flow.id)).toEqual([
      'start->s1',
      's1->s2',
      's2->s3',
      's2->s4',
      's3->s4',
      's4->end',
    ]);
  });

  it('warns about two steps with the same name in one lane, naming both rows', () => {
    const read = readStepTable(
      csvTable(
        [
          'Step,Owner',
          'Enter customer data,Sales rep',
          'Call,Sales rep',
          'Enter customer data,Sales rep',
        ].join('\n'),
      ),
    );
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.warnings.map((warning) => [warning.kind, warning.stepIds])).toEqual([
      ['duplicate-name-in-lane', ['s1', 's3']],
    ]);
  });

  it.each([
    [
      'an unreadable duration',
      'Step,Estimated duration\nQualify,2 hours\nPropose,three-ish days',
      {
        reason: 'unparseable-duration',
        line: 3,
        column: 'Estimated duration',
        columnNumber: 2,
        value: 'three-ish days',
      },
    ],
    [
      'a row without a step name',
      '序号,环节\n1,需求沟通\n2,',
      { reason: 'empty-step-name', line: 3, column: '环节' },
    ],
    [
      'two rows with one order number',
      'No,Step\n1,A\n1,B',
      { reason: 'duplicate-step-order', line: 3, value: '1' },
    ],
    [
      'a next step that does not exist',
      'No,Step,Next\n1,A,7\n2,B,',
      { reason: 'unknown-step-reference', line: 2, column: 'Next', value: '7' },
    ],
    [
      'an unknown kind',
      'Step,Kind\nA,meeting',
      { reason: 'unknown-step-kind', line: 2, value: 'meeting' },
    ],
    [
      'no step column',
      'Owner,Department\nSales,Sales',
      { reason: 'missing-column', line: 1, value: 'step' },
    ],
  ])('stops at %s with its place, and makes no model', (_case, text, expected) => {
    const read = readStepTable(csvTable(text));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatchObject({ file: 'steps.csv', ...expected });
  });
});

describe('a survey form with several problems', () => {
  const FORM = [
    '序号,环节,负责人,预计耗时,下一步',
    '1,需求沟通,销售代表,2小时,',
    '2,方案设计,,一阵子,',
    '3,,法务,1天,',
    '4,合同审核,法务,3个工作日,9',
  ].join('\n');

  it('lists every cell to fix in one pass, in row order, and makes no model', () => {
    const read = readStepTable(csvTable(FORM, '现状调研表.csv'), { requireOwner: true });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.errors).toEqual([
      expect.objectContaining({ reason: 'missing-owner', line: 3, column: '负责人' }),
      expect.objectContaining({
        reason: 'unparseable-duration',
        line: 3,
        column: '预计耗时',
        value: '一阵子',
      }),
      expect.objectContaining({ reason: 'empty-step-name', line: 4, column: '环节' }),
      expect.objectContaining({ reason: 'unknown-step-reference', line: 5, value: '9' }),
    ]);
    expect(read.error).toBe(read.errors[0]);
    for (const error of read.errors) expect(error.file).toBe('现状调研表.csv');
  });

  it('keeps pain points in the step’s notes, under the form’s column name', () => {
    const read = readStepTable(
      csvTable('环节,负责人,备注,痛点\n合同审核,法务,超过50万需总监审批,没有时限，常拖一周'),
      { requireOwner: true },
    );
    expect(read.ok && read.model.steps.find((step) => step.name.zh === '合同审核')?.notes).toBe(
      '超过50万需总监审批\n痛点: 没有时限，常拖一周',
    );
  });

  it('accepts a step without an owner when owners are not required (a lane-less step)', () => {
    const read = readStepTable(csvTable('Step,Owner\nQualify,\nPropose,Sales'));
    expect(read.ok).toBe(true);
  });
});

describe('the step table template', () => {
  it.each(['zh', 'en'] as const)(
    'in %s, as CSV and as Excel, is read back with every column recognised',
    async (language) => {
      const csvFile = path.join(folder, `template-${language}.csv`);
      writeFileSync(csvFile, stepTableTemplateCsv(language));
      const xlsxFile = path.join(folder, `template-${language}.xlsx`);
      writeFileSync(xlsxFile, await stepTableTemplateXlsx(language));
      const fromCsv = csvTable(stepTableTemplateCsv(language), csvFile);
      const fromXlsx = await readXlsxTable(xlsxFile);
      if (!fromXlsx.ok) throw new Error(JSON.stringify(fromXlsx.error));
      expect(fromXlsx.table.headers).toEqual(fromCsv.headers);
      for (const table of [fromCsv, fromXlsx.table]) {
        const read = readStepTable(table);
        if (!read.ok) throw new Error(JSON.stringify(read.error));
        expect(Object.keys(read.columns).toSorted()).toEqual(
          [
            'order',
            'step',
            'owner',
            'department',
            'inputs',
            'outputs',
            'systems',
            'estimated',
            'kind',
            'next',
            'painPoints',
            'notes',
          ].toSorted(),
        );
        expect(read.model.steps.map((step) => step.kind)).toEqual(['start', 'end']);
      }
    },
  );

  it('a filled-in workbook becomes a model', async () => {
    const { default: excel } = await import('exceljs');
    const workbook = new excel.Workbook();
    const sheet = workbook.addWorksheet('环节清单');
    for (const line of CHINESE_STEPS.split('\n'))
      sheet.addRow(
        line.replace(/"([^"]*)"/g, (_m, inner: string) => inner.replace(/,/g, '、')).split(','),
      );
    const file = path.join(folder, 'filled.xlsx');
    await workbook.xlsx.writeFile(file);
    const table = await readXlsxTable(file);
    if (!table.ok) throw new Error(JSON.stringify(table.error));
    const read = readStepTable(table.table);
    if (!read.ok) throw new Error(JSON.stringify(read.error));
    expect(read.model.steps).toHaveLength(7);
    expect(read.model.steps[2]!.systems).toEqual(['Excel', '邮件']);
    expect(read.model.steps[1]!.source).toBe(`${file}:2`);
  });
});
