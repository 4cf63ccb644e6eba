import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.ts';

const demo = (name: string): string =>
  fileURLToPath(new URL(`../../demo/${name}`, import.meta.url));
const run = (args: string[]) => runCaptured(args, { defaultTimeZone: 'Asia/Shanghai' });
const CHECK = [
  'rules',
  'check',
  '--model',
  demo('to-be-rules.json'),
  '--log',
  demo('opportunity-history.csv'),
  '--calendar',
  'cn',
  '--no-progress',
];
const HOUR = 3_600_000;

/**
 * An independent reading of the demo for the oracle: the CSV split by hand,
 * times kept as Shanghai wall-clock milliseconds, working time counted day by
 * day over the cn calendar's hours (09–12, 13–18, Monday to Friday; the demo
 * runs 2023–2024, before the calendar's first listed holiday).
 */
function demoCases(): Map<string, { stage: string; atMs: number }[]> {
  const text = readFileSync(demo('opportunity-history.csv'), 'utf8').replace(/^\uFEFF/, '');
  const cases = new Map<string, { stage: string; atMs: number }[]>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line === '') continue;
    const [id, stage, time] = line.split(',') as [string, string, string];
    const events = cases.get(id) ?? [];
    events.push({ stage, atMs: Date.parse(`${time.replace(' ', 'T')}Z`) });
    cases.set(id, events);
  }
  for (const events of cases.values()) events.sort((a, b) => a.atMs - b.atMs);
  return cases;
}

function naiveWorkingMs(fromMs: number, toMs: number): number {
  let total = 0;
  for (let day = Math.floor(fromMs / 86_400_000); day * 86_400_000 < toMs; day++) {
    const weekday = (day + 3) % 7; // 0 = Monday; 1970-01-01 was a Thursday
    if (weekday > 4) continue;
    for (const [start, end] of [
      [9, 12],
      [13, 18],
    ] as const) {
      const a = Math.max(fromMs, day * 86_400_000 + start * HOUR);
      const b = Math.min(toMs, day * 86_400_000 + end * HOUR);
      if (b > a) total += b - a;
    }
  }
  return total;
}

function oracle() {
  const cases = demoCases();
  const nowMs = Math.max(...[...cases.values()].flatMap((events) => events.map((e) => e.atMs)));
  let onTime = 0;
  let late = 0;
  let openLate = 0;
  const escalations = [0, 0];
  let reminders = 0;
  const remindedStages = new Set(['线索', '需求确认', '方案设计', '报价', '商务谈判', '合同评审']);
  for (const events of cases.values()) {
    events.forEach((event, k) => {
      const next = events[k + 1];
      const used = naiveWorkingMs(event.atMs, next?.atMs ?? nowMs);
      // An answer strictly past the hour mark is late; open clocks reach it at now.
      const isPast = (ms: number) => (next ? used > ms : used >= ms);
      if (remindedStages.has(event.stage) && isPast(40 * HOUR)) reminders++;
      if (event.stage !== '合同评审') return;
      if (next) {
        if (used <= 48 * HOUR) onTime++;
        else late++;
      } else if (used > 48 * HOUR) openLate++;
      if (isPast(48 * HOUR)) escalations[0]!++;
      if (isPast(72 * HOUR)) escalations[1]!++;
    });
  }
  return { onTime, decided: onTime + late + openLate, escalations, reminders };
}

describe('pipewise rules check on the demo', () => {
  it('replays the 48-working-hour legal review and the 5-day reminder as a hand count does', async () => {
    const result = await run([...CHECK, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const replay = JSON.parse(result.stdout);
    const expected = oracle();
    expect(expected.decided).toBeGreaterThan(100);
    expect(replay.slaAdherence).toEqual({
      onTime: expected.onTime,
      decided: expected.decided,
      rate: expected.onTime / expected.decided,
    });
    const legal = replay.rules.find((row: { ruleId: string }) => row.ruleId === 'legal-review-48h');
    expect(legal.escalationsByLevel).toEqual(expected.escalations);
    expect(replay.reminders).toBe(expected.reminders);
    expect(replay.time).toEqual({ calendar: 'cn', zone: 'Asia/Shanghai', workingDayMs: 8 * HOUR });
    // The last event of the export, Friday 27 Dec 2024 17:35 in Shanghai.
    expect(replay.now.startsWith('2024-12-27T09:35')).toBe(true);
  });

  it('shows the planted legal bottleneck: 华北区销售组 answers fewer reviews in time', async () => {
    const rate = async (where: string) => {
      const result = await run([...CHECK, '--cases', demo('opportunities.csv'), where, '--json']);
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout).slaAdherence.rate as number;
    };
    const north = await rate('--where=团队=华北区销售组');
    const others = await rate('--where-not=团队=华北区销售组');
    expect(north).toBeLessThan(others - 0.2);
  });

  it('replays a log that filters leave empty: no cases, no instant, exit 0', async () => {
    const args = [...CHECK, '--cases', demo('opportunities.csv'), '--where=团队=没有这个团队'];
    const json = await run([...args, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      now: null,
      cases: 0,
      slaAdherence: { decided: 0, rate: null },
    });
    const text = await run(args);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('0 cases');
  });

  it('prints a readable report in Chinese', async () => {
    const result = await run([...CHECK, '--lang', 'zh', '--examples', '3']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('交接及时率（SLA 达成率）:');
    expect(result.stdout).toContain('合同评审 48 小时时限');
    expect(result.stdout).toContain('未回放（需要字段、资料或仿真）: 合同评审准入, 电子签章');
    // --examples 3: three escalations and three reminders, in time order.
    const examples = result.stdout.split('\n').filter((line) => /^ {2}20\d\d-/.test(line));
    expect(examples).toHaveLength(6);
    expect(examples.filter((line) => line.includes(' 升级 '))).toHaveLength(3);
  });

  it('replays as of an earlier --now: fewer hand-offs seen', async () => {
    const all = JSON.parse((await run([...CHECK, '--json'])).stdout);
    const early = JSON.parse((await run([...CHECK, '--json', '--now', '2023-06-30T18:00'])).stdout);
    expect(early.now).toBe('2023-06-30T10:00:00.000Z');
    expect(early.rules[0].clocks.started).toBeLessThan(all.rules[0].clocks.started);
    expect(early.rules[0].clocks.started).toBeGreaterThan(0);
  });
});

describe('pipewise rules check: bad input and usage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipewise-rules-'));

  it('names the file and the JSON path of a bad rule, exit 1', async () => {
    const model = JSON.parse(readFileSync(demo('to-be-rules.json'), 'utf8'));
    model.rules[0].escalations[1].after = { value: 72, unit: 'hours', basis: 'working' };
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(model));
    const result = await run([
      'rules',
      'check',
      '--model',
      file,
      '--log',
      demo('opportunity-history.csv'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(file);
    expect(result.stderr).toContain('rules.0.escalations.1.after.unit');
  });

  it('refuses a model without rules or deadlines, exit 1', async () => {
    const result = await run([
      'rules',
      'check',
      '--model',
      demo('sales-steps.csv'),
      '--log',
      demo('opportunity-history.csv'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the model has no rules');
  });

  it('needs --model and --log, working time and a readable --now (exit 2)', async () => {
    expect((await run(['rules', 'check', '--log', demo('opportunity-history.csv')])).code).toBe(2);
    expect((await run(['rules', 'check', '--model', demo('to-be-rules.json')])).code).toBe(2);
    expect((await run([...CHECK, '--time', 'calendar'])).code).toBe(2);
    const badNow = await run([...CHECK, '--now', 'yesterday']);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain('--now needs an ISO date');
    expect((await run(['rules', 'frobnicate'])).code).toBe(2);
  });
});
