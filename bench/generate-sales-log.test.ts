import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROXIMATE_EVENTS_PER_CASE,
  generateSalesLog,
  type SalesLogOptions,
  type SalesLogSummary,
} from './generate-sales-log.ts';

const directory = mkdtempSync(join(tmpdir(), 'sales-log-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function generate(
  name: string,
  options: Partial<SalesLogOptions> = {},
): SalesLogSummary & { events: string; cases: string } {
  const eventsPath = join(directory, `${name}-events.csv`);
  const casesPath = join(directory, `${name}-cases.csv`);
  const summary = generateSalesLog({
    caseCount: 200,
    seed: 7,
    language: 'english',
    eventsPath,
    casesPath,
    ...options,
  });
  return {
    ...summary,
    events: readFileSync(eventsPath, 'utf8'),
    cases: readFileSync(casesPath, 'utf8'),
  };
}

interface EventRow {
  caseId: string;
  activity: string;
  timestamp: string;
  resource: string;
}

function parseEvents(text: string): EventRow[] {
  return text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [caseId, activity, timestamp, resource] = line.split(',');
      return { caseId: caseId!, activity: activity!, timestamp: timestamp!, resource: resource! };
    });
}

function groupByCase(rows: readonly EventRow[]): Map<string, EventRow[]> {
  const byCase = new Map<string, EventRow[]>();
  for (const row of rows) {
    const events = byCase.get(row.caseId) ?? [];
    events.push(row);
    byCase.set(row.caseId, events);
  }
  return byCase;
}

describe('generateSalesLog', () => {
  it('writes the same bytes for the same seed, and different ones for another seed', () => {
    const first = generate('same-a');
    const second = generate('same-b');
    const otherSeed = generate('other-seed', { seed: 8 });
    expect(second.events).toBe(first.events);
    expect(second.cases).toBe(first.cases);
    expect(otherSeed.events).not.toBe(first.events);
  });

  describe('a log of 2,000 opportunities', () => {
    let log: ReturnType<typeof generate>;
    let rows: EventRow[];
    let byCase: Map<string, EventRow[]>;
    beforeAll(() => {
      log = generate('shape', { caseCount: 2000 });
      rows = parseEvents(log.events);
      byCase = groupByCase(rows);
    });

    it('has the English headers', () => {
      expect(log.events.split('\n')[0]).toBe('case_id,activity,timestamp,resource');
      expect(log.cases.split('\n')[0]).toBe('case_id,team,region,amount,owner,outcome');
    });

    it('has one case-file row and at least one event per opportunity', () => {
      expect(log.cases.trimEnd().split('\n')).toHaveLength(2001);
      expect(byCase.size).toBe(2000);
      expect(rows).toHaveLength(log.eventCount);
    });

    it('has about ten events per opportunity', () => {
      const eventsPerCase = rows.length / byCase.size;
      expect(eventsPerCase).toBeGreaterThan(APPROXIMATE_EVENTS_PER_CASE * 0.9);
      expect(eventsPerCase).toBeLessThan(APPROXIMATE_EVENTS_PER_CASE * 1.1);
    });

    it('starts every opportunity with Lead and closes it at most once, as its last event', () => {
      for (const events of byCase.values()) {
        expect(events[0]!.activity).toBe('Lead');
        const closedAt = events.findIndex((event) => event.activity.startsWith('Closed'));
        expect(closedAt === -1 || closedAt === events.length - 1).toBe(true);
      }
    });

    it('never has two events of one opportunity in the same second, nor out of order', () => {
      for (const events of byCase.values()) {
        for (let i = 1; i < events.length; i++) {
          expect(events[i]!.timestamp > events[i - 1]!.timestamp).toBe(true);
        }
      }
    });

    it('is sorted by time across opportunities, as a CRM export sorted by time', () => {
      for (let i = 1; i < rows.length; i++) {
        expect(rows[i]!.timestamp >= rows[i - 1]!.timestamp).toBe(true);
      }
    });

    it('writes wall-clock timestamps inside office hours, on weekdays', () => {
      for (const { timestamp } of rows) {
        expect(timestamp).toMatch(/^\d{4}-\d{2}-\d{2} (09|1[0-7]):[0-5]\d:[0-5]\d$/);
        const weekday = new Date(`${timestamp.slice(0, 10)}T00:00:00Z`).getUTCDay();
        expect(weekday).toBeGreaterThanOrEqual(1);
        expect(weekday).toBeLessThanOrEqual(5);
      }
    });

    it('leaves about 5 % of opportunities open, matching the case file', () => {
      const openCases = [...byCase.values()].filter(
        (events) => !events.at(-1)!.activity.startsWith('Closed'),
      ).length;
      expect(openCases).toBe(log.openCount);
      expect(openCases / byCase.size).toBeGreaterThan(0.02);
      expect(openCases / byCase.size).toBeLessThan(0.1);
      const openInCaseFile = log.cases.split('\n').filter((line) => line.endsWith(',Open'));
      expect(openInCaseFile).toHaveLength(openCases);
    });

    it('takes contract review about five days longer in the slow team', () => {
      const teamOfCase = new Map(
        log.cases
          .trimEnd()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',') as [string, string]),
      );
      const reviewDays = new Map<string, number[]>();
      for (const [caseId, events] of byCase) {
        for (let i = 1; i < events.length; i++) {
          if (events[i - 1]!.activity !== 'Contract Review') continue;
          const days =
            (Date.parse(`${events[i]!.timestamp}Z`) - Date.parse(`${events[i - 1]!.timestamp}Z`)) /
            86_400_000;
          const team = teamOfCase.get(caseId)!;
          reviewDays.set(team, [...(reviewDays.get(team) ?? []), days]);
        }
      }
      const mean = (values: readonly number[]) =>
        values.reduce((sum, value) => sum + value, 0) / values.length;
      const slowTeamMean = mean(reviewDays.get('North Sales')!);
      const otherMeans = [...reviewDays]
        .filter(([team]) => team !== 'North Sales')
        .map(([, days]) => mean(days));
      expect(slowTeamMean - Math.max(...otherMeans)).toBeGreaterThan(3);
    });
  });

  it('writes Chinese headers and a byte order mark with CRLF, as Chinese Excel saves CSV', () => {
    const log = generate('chinese', {
      language: 'chinese',
      teamCount: 4,
      hasByteOrderMark: true,
      lineEnding: '\r\n',
    });
    expect(log.events.startsWith('\uFEFF商机编号,阶段,时间,负责人\r\n')).toBe(true);
    expect(log.cases.startsWith('\uFEFF商机编号,团队,区域,金额,负责人,结果\r\n')).toBe(true);
    expect(log.events).toContain(',线索,');
    const teams = new Set(
      log.cases
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[1]),
    );
    expect([...teams].sort()).toEqual([
      '华东区销售组',
      '华北区销售组',
      '华南区销售组',
      '西南区销售组',
    ]);
  });
});
