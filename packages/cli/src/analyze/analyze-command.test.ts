import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../testing/run-captured.ts';
import type { AnalysisJson, AnalyzeJson } from './to-json.ts';

// End to end through `runCli`, on small hand-made exports in
// packages/cli/test-fixtures/. Every expected figure below was worked out by
// hand from those files; durations are in hours unless named `…Ms`.

const HOUR = 3_600_000;
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../test-fixtures/${name}`, import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `pipewise analyze …` with a fake terminal; the machine's zone is UTC. */
function analyze(args: string[], locale = 'en_US.UTF-8'): Promise<Run> {
  return runCaptured(['analyze', ...args], { locale });
}

/** `pipewise analyze FILE --json …`, expecting success. */
async function analyzeJson(file: string, ...args: string[]): Promise<AnalyzeJson> {
  const run = await analyze([fixture(file), '--json', ...args]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as AnalyzeJson;
}

/** Arcs as `from → to: count`, in output order. */
const arcCounts = (analysis: AnalysisJson): string[] =>
  analysis.dfg.map((arc) => `${arc.from} → ${arc.to}: ${arc.count}`);

describe('pipewise analyze on a Salesforce OpportunityHistory export', () => {
  // O1 Prospecting → Qualification → Qualification (amount change) → Closed Won,
  // O2 Prospecting → Qualification → Closed Lost, O3 Prospecting → Qualification →
  // Closed Won with its rows out of time order in the file. Quoted fields, CRLF.
  let json: AnalyzeJson;
  beforeAll(async () => {
    json = await analyzeJson('salesforce-opportunity-history.csv');
  });

  it('recognizes the Salesforce columns and reads every row', () => {
    expect(json.source).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      preset: 'salesforce-opportunity-history',
      columns: {
        case: 'OpportunityId',
        activity: 'StageName',
        timestamp: 'CreatedDate',
        resource: 'CreatedById',
      },
      timeZone: 'UTC',
      rows: 10,
      skipped: { rows: 0, examples: [] },
      collapseRepeats: false,
    });
  });

  it('counts 10 events in 3 opportunities, 4 stages and 3 users', () => {
    expect([json.events, json.cases, json.activities, json.resources]).toEqual([10, 3, 4, 3]);
    expect(json.firstEvent).toBe('2024-03-01T09:00:00.000Z');
    expect(json.lastEvent).toBe('2024-03-06T09:00:00.000Z');
  });

  it('orders events by time within an opportunity, whatever the row order', () => {
    expect(json.variants).toEqual([
      { activities: ['Prospecting', 'Qualification', 'Closed Lost'], cases: 1 },
      { activities: ['Prospecting', 'Qualification', 'Closed Won'], cases: 1 },
      { activities: ['Prospecting', 'Qualification', 'Qualification', 'Closed Won'], cases: 1 },
    ]);
    expect(json.start).toEqual([{ activity: 'Prospecting', count: 3 }]);
    expect(json.end).toEqual([
      { activity: 'Closed Won', count: 2 },
      { activity: 'Closed Lost', count: 1 },
    ]);
  });

  it('measures the hand-offs: Qualification → Closed Won took 48 h and 72 h', () => {
    expect(arcCounts(json)).toEqual([
      'Prospecting → Qualification: 3',
      'Qualification → Closed Won: 2',
      'Qualification → Closed Lost: 1',
      'Qualification → Qualification: 1',
    ]);
    // Prospecting → Qualification: 24 h (O1), 6 h (O2), 24 h (O3).
    expect(json.dfg[0]).toEqual({
      from: 'Prospecting',
      to: 'Qualification',
      count: 3,
      totalMs: 54 * HOUR,
      meanMs: 18 * HOUR,
      medianMs: 24 * HOUR,
      p90Ms: 24 * HOUR,
      minMs: 6 * HOUR,
      maxMs: 24 * HOUR,
    });
    // 48 h and 72 h: p90 at rank 0.9 → 48 + 0.9 · 24 = 69.6 h.
    expect(json.dfg[1]).toMatchObject({
      totalMs: 120 * HOUR,
      meanMs: 60 * HOUR,
      medianMs: 60 * HOUR,
      minMs: 48 * HOUR,
      maxMs: 72 * HOUR,
    });
    expect(json.dfg[1]!.p90Ms).toBeCloseTo(69.6 * HOUR, 3);
  });

  it('counts Qualification as rework in one opportunity', () => {
    expect(json.activityStats).toEqual([
      { activity: 'Qualification', events: 4, cases: 3, reworkCases: 1 },
      { activity: 'Prospecting', events: 3, cases: 3, reworkCases: 0 },
      { activity: 'Closed Won', events: 2, cases: 2, reworkCases: 0 },
      { activity: 'Closed Lost', events: 1, cases: 1, reworkCases: 0 },
    ]);
  });

  it('measures case durations of 96 h, 78 h and 96 h', () => {
    expect(json.caseDuration).toEqual({
      count: 3,
      totalMs: 270 * HOUR,
      meanMs: 90 * HOUR,
      medianMs: 96 * HOUR,
      p90Ms: 96 * HOUR,
      minMs: 78 * HOUR,
      maxMs: 96 * HOUR,
    });
  });

  it('ranks Qualification → Closed Won first by total waiting time', () => {
    expect(json.bottlenecks.byTotal.map((arc) => `${arc.from} → ${arc.to}`)).toEqual([
      'Qualification → Closed Won',
      'Qualification → Closed Lost',
      'Prospecting → Qualification',
      'Qualification → Qualification',
    ]);
  });
});

describe('--collapse-repeats', () => {
  it("drops O1's second Qualification: no self-loop, no rework, Qualification → Closed Won from entering the stage", async () => {
    const json = await analyzeJson('salesforce-opportunity-history.csv', '--collapse-repeats');
    expect(json.source.collapseRepeats).toBe(true);
    expect(json.events).toBe(9);
    expect(arcCounts(json)).toEqual([
      'Prospecting → Qualification: 3',
      'Qualification → Closed Won: 2',
      'Qualification → Closed Lost: 1',
    ]);
    // O1 entered Qualification on 03-02 09:00 and won on 03-05 09:00: 72 h, as O3.
    expect(json.dfg[1]).toMatchObject({ meanMs: 72 * HOUR, minMs: 72 * HOUR, maxMs: 72 * HOUR });
    expect(json.activityStats.find((s) => s.activity === 'Qualification')).toEqual({
      activity: 'Qualification',
      events: 3,
      cases: 3,
      reworkCases: 0,
    });
    expect(json.variants).toEqual([
      { activities: ['Prospecting', 'Qualification', 'Closed Won'], cases: 2 },
      { activities: ['Prospecting', 'Qualification', 'Closed Lost'], cases: 1 },
    ]);
  });
});

describe('other CRM and event-log shapes', () => {
  it('takes the stage changes of a Salesforce OpportunityFieldHistory export, and each first stage at creation', async () => {
    // Only Field = StageName rows are stage changes; a deal's first stage is the
    // OldValue of its first change, at the time of its `created` row.
    const json = await analyzeJson('salesforce-opportunity-field-history.csv');
    expect(json.source).toMatchObject({
      preset: 'salesforce-opportunity-field-history',
      columns: { case: 'OpportunityId', activity: 'NewValue', timestamp: 'CreatedDate' },
      rows: 8,
      filteredRows: 4,
      addedInitialStages: 2,
    });
    expect([json.events, json.cases, json.activities]).toEqual([6, 2, 4]);
    expect(json.variants).toEqual([
      { activities: ['Prospecting', 'Qualification'], cases: 1 },
      { activities: ['Prospecting', 'Qualification', 'Negotiation', 'Closed Won'], cases: 1 },
    ]);
    // 006A: created 09:30 → Qualification 10:00 (0.5 h); 006B: 08:00 → 09:00 (1 h).
    expect(json.dfg.map((arc) => [arc.from, arc.to, arc.count, arc.meanMs / HOUR])).toEqual([
      ['Prospecting', 'Qualification', 2, 0.75],
      ['Negotiation', 'Closed Won', 1, 48],
      ['Qualification', 'Negotiation', 1, 24],
    ]);
    expect(json.start).toEqual([{ activity: 'Prospecting', count: 2 }]);
  });

  it('reads a HubSpot deal stage history', async () => {
    const json = await analyzeJson('hubspot-deal-stage-history.csv');
    expect(json.source).toMatchObject({
      preset: 'hubspot-deal-stage-history',
      columns: {
        case: 'Deal ID',
        activity: 'Deal Stage',
        timestamp: 'Date entered stage',
        resource: 'Deal owner',
      },
    });
    expect([json.events, json.cases, json.activities, json.resources]).toEqual([5, 2, 4, 2]);
    expect(json.dfg.map((arc) => [arc.from, arc.to, arc.meanMs / HOUR])).toEqual([
      ['appointmentscheduled', 'closedlost', 12],
      ['appointmentscheduled', 'qualifiedtobuy', 24],
      ['qualifiedtobuy', 'closedwon', 48],
    ]);
    expect(json.caseDuration.maxMs).toBe(72 * HOUR);
  });

  it('reads an XES-style CSV with offsets, keeping events with equal times in file order', async () => {
    const json = await analyzeJson('xes-style.csv');
    expect(json.source).toMatchObject({
      preset: 'xes',
      columns: {
        case: 'case:concept:name',
        activity: 'concept:name',
        timestamp: 'time:timestamp',
        resource: 'org:resource',
        caseAttributes: ['Region', 'Amount'],
      },
    });
    expect([json.events, json.cases, json.activities, json.resources]).toEqual([9, 4, 3, 4]);
    // C3 logs Register and Check at the same instant, Register first in the file.
    expect(json.variants).toEqual([
      { activities: ['Register', 'Check', 'Decide'], cases: 2 },
      { activities: ['Register'], cases: 1 },
      { activities: ['Register', 'Decide'], cases: 1 },
    ]);
    // Register → Check: 1.5 h (C1) and 0 h (C3).
    expect(json.dfg.find((arc) => arc.from === 'Register' && arc.to === 'Check')).toMatchObject({
      count: 2,
      totalMs: 1.5 * HOUR,
      minMs: 0,
      maxMs: 1.5 * HOUR,
    });
    // Case durations 24 h, 1 h, 6 h, 0 h: median (1 + 6) / 2 h.
    expect(json.caseDuration).toMatchObject({ count: 4, totalMs: 31 * HOUR, medianMs: 3.5 * HOUR });
    expect(json.firstEvent).toBe('2024-02-01T08:00:00.000Z');
  });

  it('detects a Chinese CRM export in GBK and decodes its stage names', async () => {
    const json = await analyzeJson('chinese-gbk.csv');
    expect(json.source).toMatchObject({
      encoding: 'gb18030',
      preset: 'chinese',
      columns: { case: '商机编号', activity: '阶段', timestamp: '时间', resource: '负责人' },
    });
    expect(json.variants).toEqual([
      { activities: ['初步接洽', '输单'], cases: 1 },
      { activities: ['初步接洽', '需求确认', '赢单'], cases: 1 },
    ]);
    expect(json.resources).toBe(3);
  });

  it('detects UTF-16 LE by its byte-order mark', async () => {
    const json = await analyzeJson('utf16le-bom.csv');
    expect(json.source.encoding).toBe('utf-16le');
    expect(json.source.columns.case).toBe('case');
    expect(arcCounts(json)).toEqual(['Anfrage → Prüfung: 1']);
    expect(json.dfg[0]!.meanMs).toBe(12 * HOUR);
  });

  it('detects a semicolon delimiter; a comma inside a value stays text', async () => {
    const json = await analyzeJson('semicolon.csv');
    expect(json.source).toMatchObject({
      delimiter: ';',
      columns: { case: 'Case ID', activity: 'Activity', timestamp: 'Timestamp', resource: 'Owner' },
    });
    expect(arcCounts(json)).toEqual(['Lead → Review, legal: 1']);
  });

  it('detects a tab delimiter', async () => {
    const json = await analyzeJson('tab.csv');
    expect(json.source.delimiter).toBe('tab');
    expect(arcCounts(json)).toEqual(['Lead → Won; signed: 1']);
    expect(json.dfg[0]!.meanMs).toBe(48 * HOUR);
    expect(json.resources).toBe(2);
  });

  it('follows --delimiter when given', async () => {
    const json = await analyzeJson('semicolon.csv', '--delimiter', ';');
    expect(json.events).toBe(3);
  });

  it('reads quoted fields holding delimiters, doubled quotes and line breaks', async () => {
    const json = await analyzeJson('quoted-fields.csv');
    expect(json.source.rows).toBe(4);
    expect(json.variants).toEqual([{ activities: ['Quote, draft', 'Quote sent'], cases: 2 }]);
    expect(json.resources).toBe(2);
    const byResource = await analyzeJson(
      'quoted-fields.csv',
      '--case-columns',
      'resource',
      '--by',
      'resource',
    );
    // Each case's latest resource: Q1 Bob (12:00), Q2 Ann "the closer" (06-03).
    expect(byResource.segments?.values.map((s) => s.value)).toEqual(['Ann "the closer"', 'Bob']);
    const byComment = await analyzeJson(
      'quoted-fields.csv',
      '--case-columns',
      'comment',
      '--by',
      'comment',
    );
    expect(byComment.segments?.values.map((s) => s.value)).toEqual([
      'a, b',
      'first line\nsecond line',
    ]);
  });

  it('uses the columns chosen with --case, --activity, --timestamp and --resource', async () => {
    const json = await analyzeJson(
      'salesforce-opportunity-history.csv',
      '--case',
      'Amount',
      '--activity',
      'Probability',
      '--timestamp',
      'CreatedDate',
      '--resource',
      'OpportunityId',
    );
    expect(json.source.preset).toBe('manual');
    // Amounts 1000, 1500, 800, 300 are the "cases", probabilities 0, 10, 20, 100
    // the activities, opportunities the resources.
    expect([json.cases, json.activities, json.resources]).toEqual([4, 4, 3]);
  });
});

describe('--json', () => {
  it('prints the documented top-level keys and nothing else', async () => {
    const json = await analyzeJson('salesforce-opportunity-history.csv');
    expect(Object.keys(json).sort()).toEqual(
      [
        'events',
        'cases',
        'activities',
        'resources',
        'firstEventMs',
        'lastEventMs',
        'firstEvent',
        'lastEvent',
        'start',
        'end',
        'dfg',
        'activityStats',
        'variants',
        'caseDuration',
        'passRates',
        'bottlenecks',
        'source',
      ].sort(),
    );
    expect(Object.keys(json.dfg[0]!).sort()).toEqual(
      ['from', 'to', 'count', 'totalMs', 'meanMs', 'medianMs', 'p90Ms', 'minMs', 'maxMs'].sort(),
    );
    expect(Object.keys(json.bottlenecks).sort()).toEqual(['byMedian', 'byTotal']);
  });

  it('prints one JSON document on one line', async () => {
    const run = await analyze([fixture('tab.csv'), '--json']);
    expect(run.stdout.endsWith('}\n')).toBe(true);
    expect(run.stdout.trimEnd().includes('\n')).toBe(false);
  });
});

describe('--cases and --by', () => {
  it('joins case attributes by key and gives every figure per team', async () => {
    const json = await analyzeJson(
      'salesforce-opportunity-history.csv',
      '--cases',
      fixture('opportunities.csv'),
      '--by',
      'Team',
    );
    expect(json.source.caseFile).toMatchObject({
      key: 'Id',
      rows: 4,
      matchedRows: 3,
      casesWithoutRow: 0,
    });
    expect(json.segments?.attribute).toBe('Team');
    const segments = json.segments!.values;
    // East: O1 (4 events) and O3 (3); West: O2 (3). 0069 has no events.
    expect(segments.map((s) => [s.value, s.cases, s.events])).toEqual([
      ['East', 2, 7],
      ['West', 1, 3],
    ]);
    expect(arcCounts(segments[1]!)).toEqual([
      'Prospecting → Qualification: 1',
      'Qualification → Closed Lost: 1',
    ]);
    expect(segments[0]!.caseDuration.medianMs).toBe(96 * HOUR);
  });

  it("names the hand-off where a team is slower than everyone: the demo's planted legal delay", async () => {
    // The demo generator makes 华北区销售组's contract review (合同评审) take days
    // longer than the other teams'; its bottleneck by total time is elsewhere.
    const demo = (name: string): string =>
      fileURLToPath(new URL(`../../demo/${name}`, import.meta.url));
    const run = await analyze([
      demo('opportunity-history.csv'),
      '--cases',
      demo('opportunities.csv'),
      '--by',
      '团队',
      '--json',
    ]);
    const north = JSON.parse(run.stdout).segments.values.find(
      (s: { value: string }) => s.value === '华北区销售组',
    );
    expect(north.bottlenecks.byTotal[0]).toMatchObject({ from: '报价', to: '商务谈判' });
    expect(north.slowestHandOff).toMatchObject({ from: '合同评审', to: '赢单' });
    expect(north.slowestHandOff.ratio).toBeGreaterThan(2);
    expect(north.slowestHandOff.count).toBeGreaterThanOrEqual(5);
  });

  it('warns when no row of the case file matches a case', async () => {
    const run = await analyze([
      fixture('salesforce-opportunity-history.csv'),
      '--cases',
      fixture('opportunities.csv'),
      '--case-key',
      'Team',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: no row of');
    expect(run.stderr).toContain('matched a case by its column "Team"');
  });

  it('puts cases without a value in a last, null segment', async () => {
    const json = await analyzeJson(
      'salesforce-opportunity-history.csv',
      '--cases',
      fixture('opportunities.csv'),
      '--case-key',
      'Id',
      '--by',
      'region',
    );
    expect(json.segments?.values.map((s) => [s.value, s.cases])).toEqual([
      ['APAC', 1],
      ['EMEA', 1],
      [null, 1],
    ]);
  });

  it('segments by a case:… column of an XES-style file without --cases', async () => {
    const json = await analyzeJson('xes-style.csv', '--by', 'Region');
    expect(json.segments?.values.map((s) => [s.value, s.cases, s.events])).toEqual([
      ['North', 2, 5],
      ['South', 1, 3],
      [null, 1, 1],
    ]);
  });
});

describe('--time working', () => {
  it('gives working-time durations beside calendar ones (Monday–Friday 09–17, UTC)', async () => {
    // Prospecting → Qualification, 1–3 March 2024 (Fri, Sat, Sun):
    // 0061 Fri 09:00 → Sat 09:00: 24 h, 8 h working; 0062 Fri 12:00 → 18:00: 6 h, 5 h;
    // 0063 Sat 09:00 → Sun 09:00: 24 h, 0 h.
    const json = await analyzeJson('salesforce-opportunity-history.csv', '--time', 'working');
    const arc = json.dfg.find((a) => a.from === 'Prospecting' && a.to === 'Qualification')!;
    expect([arc.totalMs, arc.medianMs]).toEqual([54 * HOUR, 24 * HOUR]);
    expect([arc.totalWorkingMs, arc.medianWorkingMs, arc.minWorkingMs, arc.maxWorkingMs]).toEqual([
      13 * HOUR,
      5 * HOUR,
      0,
      8 * HOUR,
    ]);
    expect(json.source.time).toEqual({ kind: 'working', calendar: 'mon-fri', dayMs: 8 * HOUR });
  });

  it('shows working days in the summary and refuses an unknown calendar', async () => {
    const run = await analyze([
      fixture('salesforce-opportunity-history.csv'),
      '--time',
      'working',
      '--calendar',
      'cn',
    ]);
    expect(run.stdout).toContain('Durations in working time, calendar (cn)');
    expect(run.stdout).toContain('working days');
    const bad = await analyze([
      fixture('salesforce-opportunity-history.csv'),
      '--time',
      'working',
      '--calendar',
      'mars',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown calendar "mars"');
  });
});

describe('filters', () => {
  it('keeps whole cases, reports each step in JSON, and computes every figure on what is kept', async () => {
    // salesforce-opportunity-history.csv: 0061 and 0062 start on 1 March, 0063 on
    // 2 March; 0062 is the one that ends Closed Lost. 0061 has 4 events.
    const json = await analyzeJson(
      'salesforce-opportunity-history.csv',
      '--period',
      '..2024-03-02',
      '--period-mode',
      'starting',
      '--without',
      'Closed Lost',
    );
    expect(json.source.filters.map((f) => [f.kind, f.casesBefore, f.casesAfter])).toEqual([
      ['period', 3, 2],
      ['activity', 2, 1],
    ]);
    expect(json.source.filters[0]).toMatchObject({ from: null, to: '2024-03-02T00:00:00.000Z' });
    expect([json.cases, json.events]).toEqual([1, 4]);
  });

  it('refuses a filter on an attribute the cases do not have (exit 2)', async () => {
    const run = await analyze([
      fixture('salesforce-opportunity-history.csv'),
      '--where',
      'Team=East',
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no case attribute "Team" to filter on');
  });
});

describe('--tz', () => {
  it('reads timestamps without an offset in the given zone', async () => {
    const utc = await analyzeJson('chinese-gbk.csv', '--tz', 'UTC');
    expect(utc.firstEvent).toBe('2024-01-02T09:00:00.000Z');
    const shanghai = await analyzeJson('chinese-gbk.csv', '--tz', 'Asia/Shanghai');
    expect(shanghai.firstEvent).toBe('2024-01-02T01:00:00.000Z');
    expect(shanghai.lastEvent).toBe('2024-01-05T01:00:00.000Z');
    expect(shanghai.source.timeZone).toBe('Asia/Shanghai');
    // Fixed offsets; a negative one must be attached (`--tz=-05:00`), as
    // node:util parseArgs takes a separate `-05:00` for an option.
    const plusEight = await analyzeJson('chinese-gbk.csv', '--tz', '+08:00');
    expect(plusEight.firstEvent).toBe('2024-01-02T01:00:00.000Z');
    const minusFive = await analyzeJson('chinese-gbk.csv', '--tz=-05:00');
    expect(minusFive.firstEvent).toBe('2024-01-02T14:00:00.000Z');
  });

  it('uses the machine zone when --tz is absent', async () => {
    const { stdout } = await runCaptured(['analyze', fixture('chinese-gbk.csv'), '--json'], {
      defaultTimeZone: 'Asia/Shanghai',
      locale: undefined,
    });
    expect((JSON.parse(stdout) as AnalyzeJson).firstEvent).toBe('2024-01-02T01:00:00.000Z');
  });

  it('leaves timestamps with an offset as they are', async () => {
    const shanghai = await analyzeJson('xes-style.csv', '--tz', 'Asia/Shanghai');
    expect(shanghai.firstEvent).toBe('2024-02-01T08:00:00.000Z');
  });
});

describe('the text summary', () => {
  it('shows the top variant and the bottleneck ranking', async () => {
    const run = await analyze([fixture('xes-style.csv'), '--tz', 'UTC']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Pipewise analysis of');
    expect(run.stdout).toContain('9 events · 4 cases · 3 activities · 4 resources');
    expect(run.stdout).toMatch(/^\s+1\s+2\s+50\.0%\s+Register → Check → Decide$/m);
    const ranking = sectionAfter(run.stdout, 'Bottleneck ranking');
    // Check → Decide 28.5 h in total, Register → Check 1.5 h, Register → Decide 1 h.
    expect(ranking.map((line) => line.match(/^\s*\d+\s+(.+?)\s{2,}/)?.[1])).toEqual([
      'Check → Decide',
      'Register → Check',
      'Register → Decide',
    ]);
    expect(ranking[0]).toMatch(/^\s*1\s+Check → Decide\s+1d 4h\s+2\s/);
  });

  it('lists skipped rows with their lines', async () => {
    const run = await analyze([fixture('bad-timestamp.csv'), '--skip-invalid']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Skipped invalid rows: 2');
    expect(run.stdout).toContain('line 4: unparseable-timestamp "31/02/2024"');
  });

  it('shows at most --top variants', async () => {
    const run = await analyze([fixture('salesforce-opportunity-history.csv'), '--top', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Top variants (1 of 3)');
    expect(run.stdout).not.toContain('Prospecting → Qualification → Closed Won');
  });

  it('speaks Chinese with --lang zh', async () => {
    const run = await analyze([fixture('chinese-gbk.csv'), '--lang', 'zh']);
    expect(run.code).toBe(0);
    for (const label of ['Pipewise 流程分析', '概览', '主要流程变体', '瓶颈排名', '案例耗时']) {
      expect(run.stdout).toContain(label);
    }
    expect(run.stdout).toContain('5 事件 · 2 案例 · 4 活动 · 3 执行人');
    expect(run.stdout).not.toContain('Overview');
  });

  it('speaks Chinese when LANG is zh_CN, unless --lang en', async () => {
    const chinese = await analyze([fixture('chinese-gbk.csv')], 'zh_CN.UTF-8');
    expect(chinese.stdout).toContain('概览');
    const english = await analyze([fixture('chinese-gbk.csv'), '--lang', 'en'], 'zh_CN.UTF-8');
    expect(english.stdout).toContain('Overview');
    expect(english.stdout).not.toContain('概览');
  });
});

/** The table lines under a heading of the summary (header row dropped). */
function sectionAfter(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(heading));
  const end = lines.findIndex((line, k) => k > start && line.trim() === '');
  return lines.slice(start + 2, end);
}

describe('--skip-invalid', () => {
  it('skips bad rows, reports their count and first examples, and exits 0', async () => {
    const json = await analyzeJson('bad-timestamp.csv', '--skip-invalid');
    expect(json.events).toBe(3);
    expect(json.source.rows).toBe(5);
    expect(json.source.skipped.rows).toBe(2);
    expect(
      json.source.skipped.examples.map(({ reason, line, column, value }) => ({
        reason,
        line,
        column,
        value,
      })),
    ).toEqual([
      { reason: 'unparseable-timestamp', line: 4, column: 'timestamp', value: '31/02/2024' },
      { reason: 'unparseable-timestamp', line: 6, column: 'timestamp', value: 'yesterday' },
    ]);
  });
});

describe('bad input: exit 1, a located message on stderr, nothing on stdout', () => {
  const cases: { name: string; args: string[]; messages: string[] }[] = [
    {
      name: 'an unparseable timestamp (after a two-line quoted field)',
      args: [fixture('bad-timestamp.csv')],
      messages: [
        `${fixture('bad-timestamp.csv')}:4, column "timestamp" (3)`,
        'the timestamp cannot be read: "31/02/2024"',
      ],
    },
    {
      name: 'a required column that is missing',
      args: [fixture('bad-missing-column.csv')],
      messages: [
        `${fixture('bad-missing-column.csv')}:1:`,
        'a required column was not found: "activity"',
        '--activity NAME',
        '"deal", "stage_name_x", "when"',
      ],
    },
    {
      name: '--case naming a column the file does not have',
      args: [fixture('salesforce-opportunity-history.csv'), '--case', 'Nope'],
      messages: [
        `${fixture('salesforce-opportunity-history.csv')}:1:`,
        'no such column: "Nope"',
        '"OpportunityId"',
      ],
    },
    {
      name: 'a quote that is never closed',
      args: [fixture('bad-unterminated-quote.csv')],
      messages: [
        `${fixture('bad-unterminated-quote.csv')}:3, column "activity" (2)`,
        'a quoted field is never closed',
        // The value: where the open quote starts.
        '"Qualify',
      ],
    },
    {
      name: 'text after a closing quote',
      args: [fixture('bad-text-after-quote.csv')],
      messages: [
        `${fixture('bad-text-after-quote.csv')}:3, column "activity" (2)`,
        'unexpected text after a closing quote',
        '"Qualify"ed',
      ],
    },
    {
      name: 'a row with too few fields',
      args: [fixture('bad-too-few-fields.csv')],
      messages: [
        `${fixture('bad-too-few-fields.csv')}:3, column "timestamp" (3)`,
        'fewer fields than the header: "2 fields"',
        'expected 4 fields',
      ],
    },
    {
      name: 'bytes that are not UTF-8 when --encoding utf-8 is chosen',
      args: [fixture('latin1-stages.csv'), '--encoding', 'utf-8'],
      messages: [
        `${fixture('latin1-stages.csv')}:2, column "StageName" (2)`,
        'bytes that are not valid in the encoding: "Negociaci',
      ],
    },
    {
      name: 'bytes that are not GBK when --encoding gbk is chosen',
      args: [fixture('bad-invalid-gbk.csv'), '--encoding', 'gbk'],
      messages: [
        `${fixture('bad-invalid-gbk.csv')}:3, column "阶段" (2)`,
        'bytes that are not valid in the encoding',
      ],
    },
    {
      name: 'a --cases file with the same key twice',
      args: [
        fixture('salesforce-opportunity-history.csv'),
        '--cases',
        fixture('opportunities-duplicate-key.csv'),
      ],
      messages: [
        `${fixture('opportunities-duplicate-key.csv')}:4, column "Id" (1)`,
        'the same case key appears twice: "0061"',
        'line 2',
      ],
    },
    {
      name: 'a file that does not exist',
      args: [fixture('no-such-file.csv')],
      messages: [`${fixture('no-such-file.csv')}: file not found`],
    },
  ];

  for (const { name, args, messages } of cases) {
    it(`refuses ${name}`, async () => {
      const run = await analyze([...args, '--json']);
      expect(run.stdout).toBe('');
      for (const message of messages) expect(run.stderr).toContain(message);
      expect(run.stderr.startsWith('pipewise analyze: ')).toBe(true);
      expect(run.code).toBe(1);
    });
  }

  it('prints no partial summary either', async () => {
    const run = await analyze([fixture('bad-timestamp.csv')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
  });
});

describe('bad usage: exit 2, a hint on stderr, nothing on stdout', () => {
  const file = fixture('salesforce-opportunity-history.csv');
  const cases: { name: string; args: string[]; message: string }[] = [
    { name: 'no FILE', args: [], message: 'missing FILE' },
    { name: 'two FILEs', args: [file, file], message: 'give exactly one FILE' },
    { name: 'an unknown option', args: [file, '--frobnicate'], message: "'--frobnicate'" },
    { name: 'an option without its value', args: [file, '--tz'], message: '--tz' },
    {
      name: 'an unknown time zone',
      args: [file, '--tz', 'Mars/Olympus'],
      message: 'unknown time zone "Mars/Olympus"',
    },
    {
      name: '--top 0',
      args: [file, '--top', '0'],
      message: '--top needs a positive whole number, not "0"',
    },
    {
      name: '--top that is not a number',
      args: [file, '--top', 'ten'],
      message: '--top needs a positive whole number, not "ten"',
    },
    {
      name: '--by an attribute the log does not have',
      args: [file, '--cases', fixture('opportunities.csv'), '--by', 'Colour'],
      message: 'no case attribute "Colour"; case attributes are: "Team", "Region"',
    },
    {
      name: '--by without any case attributes',
      args: [file, '--by', 'Team'],
      message: 'none (add --cases FILE or --case-columns)',
    },
    {
      name: '--case-key without --cases',
      args: [file, '--case-key', 'Id'],
      message: '--case-key needs --cases FILE',
    },
  ];

  it('treats an unknown --encoding name as bad input, naming the file (exit 1)', async () => {
    const run = await analyze([file, '--encoding', 'klingon', '--json']);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}: unknown encoding: "klingon"`);
    expect(run.code).toBe(1);
  });

  for (const { name, args, message } of cases) {
    it(`refuses ${name}`, async () => {
      const run = await analyze([...args, '--json']);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('pipewise analyze --help');
      expect(run.code).toBe(2);
    });
  }
});
