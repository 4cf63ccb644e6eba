import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ProcessModel, parseProcessModel } from '@pipewise/engine/process-model';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.ts';

const demo = (name: string): string =>
  fileURLToPath(new URL(`../../demo/${name}`, import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-model-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string) => path.join(folder, name);

const run = (args: string[]) => runCaptured(args, { defaultTimeZone: 'Asia/Shanghai' });

function savedModel(text: string): ProcessModel {
  const parsed = parseProcessModel(JSON.parse(text));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.model;
}

const stepNames = (model: ProcessModel) => model.steps.map((step) => step.name.zh ?? step.name.en);

describe('pipewise model', () => {
  it('lists its commands, and every command has --help', async () => {
    const help = await run(['model', '--help']);
    expect(help.code).toBe(0);
    const commands = [
      'from-table',
      'template',
      'discover',
      'import',
      'draw',
      'export',
      'diff',
      'compare-estimates',
    ];
    for (const command of commands) {
      expect(help.stdout).toContain(command);
      const own = await run(['model', command, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`pipewise model ${command}`);
    }
    expect((await run(['model'])).code).toBe(2);
    expect((await run(['model', 'paint'])).code).toBe(2);
  });

  it('from-table: the demo step list becomes a model with lanes, flows and estimates', async () => {
    const result = await run([
      'model',
      'from-table',
      demo('sales-steps.csv'),
      '--out',
      file('as-is.json'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const model = savedModel(readFileSync(file('as-is.json'), 'utf8'));
    expect(stepNames(model)).toEqual([
      '开始',
      '线索',
      '需求确认',
      '方案设计',
      '报价',
      '商务谈判',
      '合同评审',
      '赢单',
      '输单',
      '结束',
    ]);
    expect(model.lanes.map((lane) => lane.name.zh)).toEqual([
      '销售代表',
      '解决方案工程师',
      '销售经理',
      '法务',
    ]);
    expect(model.flows.filter((flow) => flow.from === 's5').map((flow) => flow.to)).toEqual([
      's6',
      's8',
    ]);
    expect(model.steps.find((step) => step.name.zh === '合同评审')!.estimated).toMatchObject({
      value: 3,
      unit: 'day',
      basis: 'working',
    });
  });

  it('template: an empty step table whose headers from-table recognises', async () => {
    const csv = await run(['model', 'template', '--lang', 'zh']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain('序号,环节,负责人,部门');
    expect((await run(['model', 'template', '--format', 'xlsx'])).code).toBe(2);
    expect(
      (await run(['model', 'template', '--lang', 'en', '--out', file('template.xlsx')])).code,
    ).toBe(0);
    expect(readFileSync(file('template.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('draw: the step list as a swimlane chart with Chinese labels', async () => {
    const result = await run([
      'model',
      'draw',
      demo('sales-steps.csv'),
      '--lang',
      'zh',
      '--out',
      file('as-is.svg'),
    ]);
    expect(result.code).toBe(0);
    const svg = readFileSync(file('as-is.svg'), 'utf8');
    expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
    for (const name of ['合同评审', '商务谈判', '法务', '解决方案工程师'])
      expect(svg).toContain(name);
  });

  it('export and import: BPMN that reads back with the same steps, lanes and flows', async () => {
    const exported = await run([
      'model',
      'export',
      demo('sales-steps.csv'),
      '--format',
      'bpmn',
      '--lang',
      'zh',
      '--out',
      file('as-is.bpmn'),
    ]);
    expect(exported.code).toBe(0);
    const xml = readFileSync(file('as-is.bpmn'), 'utf8');
    expect(xml).toContain('bpmndi:BPMNDiagram');
    const imported = await run(['model', 'import', file('as-is.bpmn')]);
    expect(imported.code).toBe(0);
    const roundTrip = savedModel(imported.stdout);
    const original = savedModel(
      (await run(['model', 'from-table', demo('sales-steps.csv')])).stdout,
    );
    expect(stepNames(roundTrip).toSorted()).toEqual(stepNames(original).toSorted());
    expect(roundTrip.lanes.map((lane) => lane.name.zh).toSorted()).toEqual(
      original.lanes.map((lane) => lane.name.zh).toSorted(),
    );
    expect(roundTrip.flows).toHaveLength(original.flows.length);
  });

  it('discover: an as-is model from the demo export, measured in working time', async () => {
    const result = await run([
      'model',
      'discover',
      demo('opportunity-history.csv'),
      '--time',
      'working',
      '--calendar',
      'cn',
      '--min-flow-count',
      '5',
      '--no-progress',
    ]);
    expect(result.code).toBe(0);
    const model = savedModel(result.stdout);
    // 输单 and 赢单 both end cases (mean position 1): the one in more cases first.
    expect(stepNames(model)).toEqual([
      '开始',
      '线索',
      '需求确认',
      '方案设计',
      '报价',
      '商务谈判',
      '合同评审',
      '输单',
      '赢单',
      '结束',
    ]);
    const review = model.steps.find((step) => step.name.zh === '合同评审')!;
    expect(review.cases).toBeGreaterThan(0);
    expect(review.measured!.working!.calendarName).toBe('cn');
    expect(review.measured!.working!.medianMs).toBeLessThan(review.measured!.calendar.medianMs);
    expect(model.flows.every((flow) => (flow.count ?? 0) >= 1)).toBe(true);
  });

  it('compare-estimates: the interview estimates against the demo export', async () => {
    const args = [
      'model',
      'compare-estimates',
      demo('sales-steps.csv'),
      '--log',
      demo('opportunity-history.csv'),
      '--time',
      'working',
      '--calendar',
      'cn',
      '--no-progress',
    ];
    const table = await run(args);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('合同评审');
    const json = await run([...args, '--json']);
    const rows = JSON.parse(json.stdout).steps as {
      name: { zh: string };
      verdict: string;
      ratio?: number;
    }[];
    expect(rows.map((row) => row.name.zh)).toEqual([
      '线索',
      '需求确认',
      '方案设计',
      '报价',
      '商务谈判',
      '合同评审',
    ]);
    for (const row of rows) {
      expect(['agrees', 'longer-than-estimated', 'shorter-than-estimated']).toContain(row.verdict);
      expect(row.ratio).toBeGreaterThan(0);
    }
    // Working-day estimates need working time.
    const calendarOnly = await run(
      args
        .filter((arg) => !['--time', 'working', '--calendar', 'cn'].includes(arg))
        .concat('--json'),
    );
    expect(JSON.parse(calendarOnly.stdout).steps[0].verdict).toBe('needs-working-time');
    expect((await run(['model', 'compare-estimates', demo('sales-steps.csv')])).code).toBe(2);
  });

  it('diff: a to-be version against the as-is, as text, JSON and a drawing', async () => {
    const asIs = savedModel((await run(['model', 'from-table', demo('sales-steps.csv')])).stdout);
    const toBe: ProcessModel = {
      ...asIs,
      id: 'to-be',
      steps: asIs.steps
        .filter((step) => step.id !== 's2')
        .map((step) =>
          step.id === 's6'
            ? { ...step, estimated: { value: 2, unit: 'day' as const, basis: 'working' as const } }
            : step,
        ),
      flows: [
        ...asIs.flows.filter((flow) => flow.from !== 's2' && flow.to !== 's2'),
        { id: 'f-new', from: 's1', to: 's3' },
      ],
    };
    writeFileSync(file('as-is.json'), JSON.stringify(asIs));
    writeFileSync(file('to-be.json'), JSON.stringify(toBe));
    const text = await run([
      'model',
      'diff',
      file('as-is.json'),
      file('to-be.json'),
      '--lang',
      'zh',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('- 需求确认（删除）');
    expect(text.stdout).toContain('~ 合同评审: estimated 3个工作日 → 2 working days');
    expect(text.stdout).toContain('+ 线索 → 方案设计');
    const json = JSON.parse(
      (await run(['model', 'diff', file('as-is.json'), file('to-be.json'), '--format', 'json']))
        .stdout,
    );
    expect(json.steps.removed.map((step: { id: string }) => step.id)).toEqual(['s2']);
    expect(
      (
        await run([
          'model',
          'diff',
          file('as-is.json'),
          file('to-be.json'),
          '--out',
          file('diff.svg'),
        ])
      ).code,
    ).toBe(0);
    expect(readFileSync(file('diff.svg'), 'utf8')).toContain('需求确认');
    const overlaid = await run([
      'model',
      'diff',
      file('as-is.json'),
      file('to-be.json'),
      '--overlay',
      '--format',
      'svg',
    ]);
    // One chart, the removed step s2 back in it, dashed.
    expect(overlaid.stdout).toContain('data-side="overlay"');
    expect(overlaid.stdout).not.toContain('data-side="before"');
    expect(overlaid.stdout).toMatch(/data-step-id="was:s2"[^>]*data-diff="removed"/);
    const same = await run(['model', 'diff', file('as-is.json'), file('as-is.json')]);
    expect(same.stdout).toBe('The two versions are the same.\n');
  });

  it.each([
    [
      'a duration nobody can read',
      'Step,Estimated duration\nQualify,three-ish days\n',
      'steps.csv:2, column "Estimated duration" (2): the duration cannot be read: "three-ish days"',
    ],
    [
      'a next step that does not exist',
      'No,Step,Next\n1,A,9\n',
      'steps.csv:2, column "Next" (3): no step with that order number or name: "9"',
    ],
  ])('stops on %s with its place, and writes nothing', async (_case, text, message) => {
    const table = file('steps.csv');
    writeFileSync(table, text);
    const out = file('never.json');
    const result = await run(['model', 'from-table', table, '--out', out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message.replace('steps.csv', table));
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a BPMN file that declares entities, and a saved model that is not valid', async () => {
    const bpmn = file('laughs.bpmn');
    writeFileSync(
      bpmn,
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p"><task id="t" name="&b;"/></process></definitions>',
    );
    const laughs = await run(['model', 'import', bpmn]);
    expect(laughs.code).toBe(1);
    expect(laughs.stderr).toMatch(/entities/);

    const broken = file('broken.json');
    writeFileSync(broken, JSON.stringify({ schemaVersion: 1, id: 'x', name: { en: 'X' } }));
    const invalid = await run(['model', 'draw', broken]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('the process model is not valid');
    expect(invalid.stderr).toContain('version');
  });
});
