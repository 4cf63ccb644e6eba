import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  collapseRepeats,
  type EventLog,
  EventLogBuilder,
  selectCases,
} from '../event-log/index.ts';
import { analyzeLog, analyzeSegments, type ProcessAnalysis } from './analyze-log.ts';

const HOUR = 3_600_000;

/** [case id, activity, UTC timestamp, resource ('' for none)] */
type Row = [string, string, string, string];

function buildLog(rows: readonly Row[], team: Record<string, string> = {}): EventLog {
  const builder = new EventLogBuilder();
  for (const [caseId, activity, timestamp, resource] of rows)
    builder.add(caseId, activity, Date.parse(timestamp), resource);
  for (const [caseId, value] of Object.entries(team))
    builder.setCaseAttribute('Team', builder.caseIds.intern(caseId), value);
  return builder.build();
}

/** The worked example of docs/metrics.md: three opportunities, c2 without a team. */
const WORKED_EXAMPLE: Row[] = [
  ['c1', 'Lead', '2024-01-01T09:00:00Z', 'Ann'],
  ['c1', 'Qualify', '2024-01-01T10:00:00Z', 'Ann'],
  ['c1', 'Proposal', '2024-01-01T13:00:00Z', 'Bob'],
  ['c1', 'Won', '2024-01-02T09:00:00Z', 'Bob'],
  ['c2', 'Lead', '2024-01-02T09:00:00Z', 'Chen'],
  ['c2', 'Qualify', '2024-01-02T11:00:00Z', 'Chen'],
  ['c2', 'Qualify', '2024-01-02T12:00:00Z', 'Chen'],
  ['c2', 'Proposal', '2024-01-03T09:00:00Z', 'Bob'],
  ['c2', 'Lost', '2024-01-03T15:00:00Z', 'Bob'],
  ['c3', 'Lead', '2024-01-04T09:00:00Z', 'Ann'],
  ['c3', 'Qualify', '2024-01-04T12:00:00Z', 'Ann'],
  ['c3', 'Lost', '2024-01-05T09:00:00Z', ''],
];
const WORKED_EXAMPLE_TEAMS = { c1: 'East', c3: 'East' };

/** An arc whose durations are all `hours`: every statistic equals it. */
function singleArc(from: string, to: string, hours: number) {
  const ms = hours * HOUR;
  return {
    from,
    to,
    count: 1,
    totalMs: ms,
    meanMs: ms,
    medianMs: ms,
    p90Ms: ms,
    minMs: ms,
    maxMs: ms,
  };
}

describe('analyzeLog on the worked example of docs/metrics.md', () => {
  const analysis = analyzeLog(buildLog(WORKED_EXAMPLE, WORKED_EXAMPLE_TEAMS));

  it('counts events, cases, activities and resources', () => {
    expect(analysis.events).toBe(12); // 4 + 5 + 3
    expect(analysis.cases).toBe(3);
    expect(analysis.activities).toBe(5); // Lead, Qualify, Proposal, Won, Lost
    expect(analysis.resources).toBe(3); // Ann, Bob, Chen; c3's Lost has none
  });

  it('gives the first and the last event as UTC milliseconds', () => {
    expect(analysis.firstEventMs).toBe(Date.UTC(2024, 0, 1, 9)); // 1 704 099 600 000
    expect(analysis.firstEventMs).toBe(1_704_099_600_000);
    expect(analysis.lastEventMs).toBe(Date.UTC(2024, 0, 5, 9)); // 1 704 445 200 000
  });

  it('counts start and end activities', () => {
    expect(analysis.start).toEqual([{ activity: 'Lead', count: 3 }]);
    expect(analysis.end).toEqual([
      { activity: 'Lost', count: 2 }, // c2, c3
      { activity: 'Won', count: 1 }, // c1
    ]);
  });

  it('measures every directly-follows arc', () => {
    expect(analysis.dfg).toEqual([
      // Lead → Qualify: 1 h (c1), 2 h (c2), 3 h (c3): total 6 h, mean 6 / 3 = 2 h,
      // median x[1] = 2 h, p90 h = 2·0.9 = 1.8 → 2 + 0.8·(3 − 2) = 2.8 h.
      {
        from: 'Lead',
        to: 'Qualify',
        count: 3,
        totalMs: 6 * HOUR,
        meanMs: 2 * HOUR,
        medianMs: 2 * HOUR,
        p90Ms: 2.8 * HOUR,
        minMs: 1 * HOUR,
        maxMs: 3 * HOUR,
      },
      // Qualify → Proposal: 3 h (c1, 10:00 → 13:00), 21 h (c2, 12:00 → 09:00 next day):
      // total 24 h, mean = median = 12 h, p90 h = 0.9 → 3 + 0.9·(21 − 3) = 19.2 h.
      {
        from: 'Qualify',
        to: 'Proposal',
        count: 2,
        totalMs: 24 * HOUR,
        meanMs: 12 * HOUR,
        medianMs: 12 * HOUR,
        p90Ms: 19.2 * HOUR,
        minMs: 3 * HOUR,
        maxMs: 21 * HOUR,
      },
      singleArc('Proposal', 'Lost', 6), // c2: 09:00 → 15:00
      singleArc('Proposal', 'Won', 20), // c1: 13:00 → 09:00 next day
      singleArc('Qualify', 'Lost', 21), // c3: 12:00 → 09:00 next day
      singleArc('Qualify', 'Qualify', 1), // c2: 11:00 → 12:00, a self-loop
    ]);
  });

  it('counts events, cases and rework per activity', () => {
    expect(analysis.activityStats).toEqual([
      { activity: 'Qualify', events: 4, cases: 3, reworkCases: 1 }, // twice in c2
      { activity: 'Lead', events: 3, cases: 3, reworkCases: 0 },
      { activity: 'Lost', events: 2, cases: 2, reworkCases: 0 },
      { activity: 'Proposal', events: 2, cases: 2, reworkCases: 0 },
      { activity: 'Won', events: 1, cases: 1, reworkCases: 0 },
    ]);
  });

  it('lists the variants, one case each, by sequence', () => {
    // At the third activity: Lost < Proposal < Qualify.
    expect(analysis.variants).toEqual([
      { activities: ['Lead', 'Qualify', 'Lost'], cases: 1 },
      { activities: ['Lead', 'Qualify', 'Proposal', 'Won'], cases: 1 },
      { activities: ['Lead', 'Qualify', 'Qualify', 'Proposal', 'Lost'], cases: 1 },
    ]);
  });

  it('summarizes case durations', () => {
    // c1 24 h, c2 30 h, c3 24 h; sorted 24, 24, 30.
    expect(analysis.caseDuration).toEqual({
      count: 3,
      totalMs: 78 * HOUR,
      meanMs: 26 * HOUR, // 78 / 3
      medianMs: 24 * HOUR,
      p90Ms: 28.8 * HOUR, // h = 1.8 → 24 + 0.8·(30 − 24)
      minMs: 24 * HOUR,
      maxMs: 30 * HOUR,
    });
  });

  it('gives pass rates from the first event of each activity', () => {
    // Reaching Lead: 3, Qualify: 3, Proposal: 2 (c1, c2).
    expect(analysis.passRates).toEqual([
      { from: 'Lead', to: 'Qualify', cases: 3, reached: 3, rate: 1 },
      { from: 'Lead', to: 'Lost', cases: 3, reached: 2, rate: 2 / 3 }, // c2, c3
      { from: 'Lead', to: 'Proposal', cases: 3, reached: 2, rate: 2 / 3 }, // c1, c2
      { from: 'Lead', to: 'Won', cases: 3, reached: 1, rate: 1 / 3 },
      { from: 'Qualify', to: 'Lost', cases: 3, reached: 2, rate: 2 / 3 },
      { from: 'Qualify', to: 'Proposal', cases: 3, reached: 2, rate: 2 / 3 },
      { from: 'Qualify', to: 'Won', cases: 3, reached: 1, rate: 1 / 3 },
      { from: 'Proposal', to: 'Lost', cases: 2, reached: 1, rate: 1 / 2 },
      { from: 'Proposal', to: 'Won', cases: 2, reached: 1, rate: 1 / 2 },
    ]);
  });

  it('ranks bottlenecks by total and by median', () => {
    const names = (arcs: ProcessAnalysis['dfg']) => arcs.map((a) => `${a.from} → ${a.to}`);
    // Totals: 24, 21, 20, 6, 6, 1 h (the two 6 h arcs by name).
    expect(names(analysis.bottlenecks.byTotal)).toEqual([
      'Qualify → Proposal',
      'Qualify → Lost',
      'Proposal → Won',
      'Lead → Qualify',
      'Proposal → Lost',
      'Qualify → Qualify',
    ]);
    // Medians: 21, 20, 12, 6, 2, 1 h.
    expect(names(analysis.bottlenecks.byMedian)).toEqual([
      'Qualify → Lost',
      'Proposal → Won',
      'Qualify → Proposal',
      'Proposal → Lost',
      'Lead → Qualify',
      'Qualify → Qualify',
    ]);
  });

  it('collapses c2’s repeated Qualify with --collapse-repeats', () => {
    const collapsed = analyzeLog(collapseRepeats(buildLog(WORKED_EXAMPLE)));
    expect(collapsed.events).toBe(11);
    expect(collapsed.dfg.map((a) => `${a.from} → ${a.to}`)).not.toContain('Qualify → Qualify');
    // c2's Qualify → Proposal now runs from the first Qualify (11:00): 22 h.
    // Durations 3 h, 22 h: total 25 h, mean = median = 12.5 h, p90 3 + 0.9·19 = 20.1 h.
    expect(collapsed.dfg[1]).toEqual({
      from: 'Qualify',
      to: 'Proposal',
      count: 2,
      totalMs: 25 * HOUR,
      meanMs: 12.5 * HOUR,
      medianMs: 12.5 * HOUR,
      p90Ms: 20.1 * HOUR,
      minMs: 3 * HOUR,
      maxMs: 22 * HOUR,
    });
    expect(collapsed.activityStats.find((a) => a.activity === 'Qualify')).toEqual({
      activity: 'Qualify',
      events: 3,
      cases: 3,
      reworkCases: 0,
    });
    expect(collapsed.caseDuration).toEqual(analysis.caseDuration); // no case ends in a run
  });
});

describe('docs/metrics.md', () => {
  const markdown = readFileSync(new URL('../../../../docs/metrics.md', import.meta.url), 'utf8');

  /** The body of the first fenced code block after `<!-- marker -->`. */
  function codeBlockAfter(marker: string): string {
    const at = markdown.indexOf(`<!-- ${marker} -->`);
    expect(at, `marker ${marker}`).toBeGreaterThanOrEqual(0);
    const bodyStart = markdown.indexOf('\n', markdown.indexOf('```', at)) + 1;
    return markdown.slice(bodyStart, markdown.indexOf('\n```', bodyStart));
  }

  const csvRows = (block: string): string[][] =>
    block
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));

  it('shows the events and teams of the worked example that this suite analyzes', () => {
    expect(csvRows(codeBlockAfter('worked-example:events'))).toEqual(WORKED_EXAMPLE);
    expect(Object.fromEntries(csvRows(codeBlockAfter('worked-example:cases')))).toEqual(
      WORKED_EXAMPLE_TEAMS,
    );
  });

  it('shows exactly the JSON that analyzeLog gives for the worked example', () => {
    const analysis = analyzeLog(buildLog(WORKED_EXAMPLE, WORKED_EXAMPLE_TEAMS));
    expect(JSON.parse(codeBlockAfter('worked-example:analysis'))).toEqual(
      JSON.parse(JSON.stringify(analysis)),
    );
  });
});

describe('analyzeLog', () => {
  it('counts only the activities and resources that events use', () => {
    const log = buildLog(WORKED_EXAMPLE);
    // c3 alone: Lead, Qualify, Lost by Ann (the Lost has no resource).
    const analysis = analyzeLog(selectCases(log, [2]));
    expect([analysis.activities, analysis.resources]).toEqual([3, 1]);
  });

  it('gives zeros, empty lists and NaN for an empty log', () => {
    const analysis = analyzeLog(buildLog([]));
    expect(analysis).toEqual({
      events: 0,
      cases: 0,
      activities: 0,
      resources: 0,
      firstEventMs: Number.NaN,
      lastEventMs: Number.NaN,
      start: [],
      end: [],
      dfg: [],
      activityStats: [],
      variants: [],
      caseDuration: {
        count: 0,
        totalMs: 0,
        meanMs: Number.NaN,
        medianMs: Number.NaN,
        p90Ms: Number.NaN,
        minMs: Number.NaN,
        maxMs: Number.NaN,
      },
      passRates: [],
      bottlenecks: { byTotal: [], byMedian: [] },
    });
  });
});

describe('analyzeSegments', () => {
  const log = buildLog(WORKED_EXAMPLE, WORKED_EXAMPLE_TEAMS);

  it('analyzes each value of a case attribute alone; cases without one form a null segment', () => {
    const result = analyzeSegments(log, 'Team');
    if (!result.ok) throw new Error(result.reason);
    expect(result.breakdown.attribute).toBe('Team');
    const [east, none] = result.breakdown.segments;
    expect(result.breakdown.segments).toHaveLength(2);

    // East: c1 and c3, 4 + 3 = 7 events, by Ann and Bob; 24 h each.
    expect(east!.value).toBe('East');
    expect(east!.analysis.events).toBe(7);
    expect(east!.analysis.cases).toBe(2);
    expect(east!.analysis.resources).toBe(2);
    expect(east!.analysis.caseDuration.medianMs).toBe(24 * HOUR);
    // Lead → Qualify within East only: 1 h (c1) and 3 h (c3); p90 1 + 0.9·2 = 2.8 h.
    expect(east!.analysis.dfg[0]).toEqual({
      from: 'Lead',
      to: 'Qualify',
      count: 2,
      totalMs: 4 * HOUR,
      meanMs: 2 * HOUR,
      medianMs: 2 * HOUR,
      p90Ms: 2.8 * HOUR,
      minMs: 1 * HOUR,
      maxMs: 3 * HOUR,
    });

    // No team: c2 alone, 5 events, 30 h.
    expect(none!.value).toBeNull();
    expect(none!.analysis.events).toBe(5);
    expect(none!.analysis.cases).toBe(1);
    expect(none!.analysis.caseDuration.maxMs).toBe(30 * HOUR);
  });

  it('gives each segment exactly the analysis of its cases alone', () => {
    const result = analyzeSegments(log, 'Team');
    if (!result.ok) throw new Error(result.reason);
    expect(result.breakdown.segments.map((s) => s.analysis)).toEqual([
      analyzeLog(selectCases(log, [0, 2])),
      analyzeLog(selectCases(log, [1])),
    ]);
  });

  it('orders segments by case count, then by value, the null segment last', () => {
    const rows: Row[] = ['c1', 'c2', 'c3', 'c4', 'c5'].map((c) => [c, 'Lead', '2024-01-01', '']);
    const result = analyzeSegments(
      buildLog(rows, { c1: 'West', c2: 'East', c3: 'North', c4: 'North' }),
      'Team',
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.breakdown.segments.map((s) => [s.value, s.analysis.cases])).toEqual([
      ['North', 2],
      ['East', 1],
      ['West', 1],
      [null, 1], // c5
    ]);
  });

  it('finds the attribute ignoring upper and lower case', () => {
    const result = analyzeSegments(log, 'team');
    expect(result.ok && result.breakdown.attribute).toBe('Team');
  });

  it('refuses an attribute the log does not have, listing those it has', () => {
    expect(analyzeSegments(log, 'Region')).toEqual({
      ok: false,
      reason: 'unknown-case-attribute',
      attribute: 'Region',
      available: ['Team'],
    });
  });
});
