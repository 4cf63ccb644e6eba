import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.ts';

const demo = (name: string): string =>
  fileURLToPath(new URL(`../../demo/${name}`, import.meta.url));
const run = (args: string[]) => runCaptured(args, { defaultTimeZone: 'Asia/Shanghai' });

const DEMO = [
  'diagnose',
  demo('opportunity-history.csv'),
  '--cases',
  demo('opportunities.csv'),
  '--no-progress',
];

interface JsonFinding {
  detector: string;
  title: string;
  steps: string[];
  segment: { attribute: string; value: string } | null;
  severity: number;
  evidence: Record<string, unknown>;
}

async function findings(args: string[]): Promise<JsonFinding[]> {
  const result = await run([...DEMO, ...args, '--json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout).findings;
}

describe('pipewise diagnose', () => {
  it('finds the problems built into the demo export, most severe first', async () => {
    const list = await findings(['--by', '团队', '--model', demo('sales-steps.csv')]);
    const severities = list.map((finding) => finding.severity);
    expect(severities).toEqual([...severities].sort((x, y) => y - x));
    const of = (detector: string, step: string) =>
      list.filter((finding) => finding.detector === detector && finding.steps.includes(step));
    // 华北's legal reviewer works without a deadline (demo README).
    expect(of('segment-bottleneck', '合同评审')[0]?.segment).toEqual({
      attribute: '团队',
      value: '华北区销售组',
    });
    expect(of('no-deadline', '合同评审')).toHaveLength(1);
    // Small deals signed without 合同评审; 线索 → 方案设计 skipping 需求确认.
    expect(of('skipped-step', '合同评审')[0]?.evidence).toMatchObject({ reached: 133 });
    expect(of('skipped-step', '需求确认')).toHaveLength(1);
    // Revised quotes and back-moves from negotiation.
    expect(of('rework-loop', '报价')).toHaveLength(1);
    // The step table: quotes typed into ERP and CRM; nothing after 赢单.
    expect(of('redundant-entry', '报价')).toHaveLength(1);
    expect(of('missing-hand-off', '赢单')).toHaveLength(1);
    // Findings of the whole process have no segment.
    expect(of('rework-loop', '报价')[0]!.segment).toBeNull();
  });

  it('judges the log alone without a model, and in working time when asked', async () => {
    const logOnly = await findings([]);
    expect(logOnly.map((finding) => finding.detector)).not.toContain('missing-hand-off');
    expect(logOnly.map((finding) => finding.detector)).not.toContain('segment-bottleneck');
    const working = await run([...DEMO, '--time', 'working', '--calendar', 'cn', '--json']);
    expect(JSON.parse(working.stdout).time).toMatchObject({ kind: 'working', calendar: 'cn' });
  });

  it('prints a numbered summary with titles and evidence in the language asked for', async () => {
    const zh = await run([...DEMO, '--model', demo('sales-steps.csv'), '--lang', 'zh']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('“赢单”之后流程就结束了');
    expect(zh.stdout).toMatch(/^1\. ●+○* /m);
    const en = await run([...DEMO, '--model', demo('sales-steps.csv'), '--lang', 'en']);
    expect(en.stdout).toContain('The process ends at "赢单"');
    expect(en.stdout).toContain('docs/diagnosis.md');
  });

  it('refuses an unknown segment attribute and a model that cannot be read', async () => {
    const by = await run([...DEMO, '--by', 'Nope']);
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('no case attribute "Nope"');
    expect(by.stderr).toContain('"团队"');
    const model = await run([...DEMO, '--model', demo('missing.csv')]);
    expect(model.code).toBe(1);
    expect(model.stderr).toContain('missing.csv');
    expect(model.stdout).toBe('');
  });

  it('is listed in the main help', async () => {
    expect((await run(['--help'])).stdout).toContain('diagnose FILE');
    expect((await run(['diagnose', '--help'])).stdout).toContain('--model FILE');
  });
});
