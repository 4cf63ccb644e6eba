import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DirectlyFollowsArc, DurationStats } from '@pipewise/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeJson } from '../analyze/to-json.ts';
import { runCaptured } from '../testing/run-captured.ts';
import {
  computeFiguresWithDuckDb,
  type OracleArc,
  type OracleDurationStats,
  type OracleFigures,
  type OracleLog,
} from './compute-figures-with-duckdb.ts';

// The real logs are read in place from the shared folder beside the
// repository: their licences (unknown, GPL) keep them out of it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const sharedData = process.env.PIPEWISE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
const hasSharedData = existsSync(path.join(sharedData, 'eventlogs'));
if (!hasSharedData && process.env.CI) {
  // CI must prove the "Done when" checks: a missing folder is a failure there.
  throw new Error(
    `The shared event logs are missing at ${sharedData}/eventlogs; CI must run the DuckDB oracle tests (set PIPEWISE_SHARED_DATA to their folder).`,
  );
}
const skipReason = hasSharedData
  ? ''
  : ` (skipped: no shared event logs at ${sharedData}/eventlogs; set PIPEWISE_SHARED_DATA)`;

async function analyzeWithPipewise(args: string[]): Promise<AnalyzeJson> {
  const { code, stdout, stderr } = await runCaptured(['analyze', ...args, '--json', '--tz', 'UTC']);
  if (code !== 0) throw new Error(`pipewise exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as AnalyzeJson;
}

/** |a − b| ≤ 1e-9·max(1, |b|): floating means may differ in the last bits. */
function isNearlyEqual(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

/** The duration figures that must be equal to the bit (all but the mean). */
function exactDurations(stats: OracleDurationStats | DurationStats) {
  const { count, totalMs, medianMs, p90Ms, minMs, maxMs } = stats;
  return { count, totalMs, medianMs, p90Ms, minMs, maxMs };
}

/** An arc's name and exact figures. */
function exactArc(arc: OracleArc | DirectlyFollowsArc) {
  return { from: arc.from, to: arc.to, ...exactDurations(arc) };
}

interface Comparison {
  name: string;
  log: OracleLog;
  /** Extra `pipewise analyze` options. */
  args?: string[];
  collapseRepeats?: boolean;
  /** Encoding and column preset Pipewise should detect. */
  encoding: string;
  preset: string;
  /** Sizes stated in the shared folder's README, so both sides are checked against a third. */
  expected?: { events?: number; cases: number; activities?: number };
}

/**
 * One suite for every log: each figure of docs/metrics.md from
 * `pipewise analyze --json` against the same figure in SQL.
 */
function describeComparison(comparison: Comparison): void {
  describe.skipIf(!hasSharedData)(
    `pipewise analyze ${comparison.name} matches DuckDB${skipReason}`,
    () => {
      let pipewise: AnalyzeJson;
      let oracle: OracleFigures;
      beforeAll(async () => {
        pipewise = await analyzeWithPipewise([
          comparison.log.file,
          ...(comparison.collapseRepeats ? ['--collapse-repeats'] : []),
          ...(comparison.args ?? []),
        ]);
        oracle = await computeFiguresWithDuckDb(comparison.log, {
          collapseRepeats: comparison.collapseRepeats ?? false,
        });
      });

      it('detects the encoding and the columns, and skips no row', () => {
        expect(pipewise.source.encoding).toBe(comparison.encoding);
        expect(pipewise.source.preset).toBe(comparison.preset);
        expect(pipewise.source.skipped.rows).toBe(0);
      });

      it('counts events, cases, activities and resources as SQL does', () => {
        const counts = (f: OracleFigures | AnalyzeJson) => ({
          events: f.events,
          cases: f.cases,
          activities: f.activities,
          resources: f.resources,
          firstEventMs: f.firstEventMs,
          lastEventMs: f.lastEventMs,
        });
        expect(counts(pipewise)).toEqual(counts(oracle));
        if (comparison.expected) expect(oracle).toMatchObject(comparison.expected);
      });

      it('counts the same start and end activities', () => {
        expect(pipewise.start).toEqual(oracle.start);
        expect(pipewise.end).toEqual(oracle.end);
      });

      it('finds every directly-follows arc with the same count, in the documented order', () => {
        const arcs = (f: OracleFigures | AnalyzeJson) =>
          f.dfg.map((arc) => `${arc.from} → ${arc.to}: ${arc.count}`);
        expect(arcs(pipewise)).toEqual(arcs(oracle));
        // n events in a case give n − 1 arcs.
        const arcCount = pipewise.dfg.reduce((sum, arc) => sum + arc.count, 0);
        expect(arcCount).toBe(oracle.events - oracle.cases);
      });

      it('measures every arc: total, median, p90, min and max to the bit, mean within 1e-9', () => {
        expect(pipewise.dfg.map(exactArc)).toEqual(oracle.dfg.map(exactArc));
        const meanMismatches = pipewise.dfg
          .map((arc, k) => ({
            arc: `${arc.from} → ${arc.to}`,
            pipewise: arc.meanMs,
            duckdb: oracle.dfg[k]!.meanMs,
          }))
          .filter((row) => !isNearlyEqual(row.pipewise, row.duckdb));
        expect(meanMismatches).toEqual([]);
      });

      it("agrees with DuckDB's quantile_cont on every median and p90 within 1e-9", () => {
        const stats = [
          ...pipewise.dfg.map((arc, k) => ({
            name: `${arc.from} → ${arc.to}`,
            pipewise: arc,
            duckdb: oracle.dfg[k]!.quantileCont,
          })),
          {
            name: 'case duration',
            pipewise: pipewise.caseDuration,
            duckdb: oracle.caseDuration.quantileCont,
          },
        ];
        const mismatches = stats.filter(
          ({ pipewise: p, duckdb: d }) =>
            !isNearlyEqual(p.medianMs, d.medianMs) || !isNearlyEqual(p.p90Ms, d.p90Ms),
        );
        expect(mismatches).toEqual([]);
      });

      it('ranks the bottlenecks by total waiting time over the same arcs', () => {
        const byTotal = [...oracle.dfg]
          .sort(
            (x, y) =>
              y.totalMs - x.totalMs ||
              (x.from < y.from ? -1 : x.from > y.from ? 1 : 0) ||
              (x.to < y.to ? -1 : x.to > y.to ? 1 : 0),
          )
          .map((arc) => `${arc.from} → ${arc.to} ${arc.totalMs}`);
        expect(
          pipewise.bottlenecks.byTotal.map((arc) => `${arc.from} → ${arc.to} ${arc.totalMs}`),
        ).toEqual(byTotal);
      });

      it('finds the same variants with the same case counts, in the documented order', () => {
        expect(pipewise.variants).toEqual(oracle.variants);
      });

      it('counts events, cases and rework cases per activity', () => {
        expect(pipewise.activityStats).toEqual(oracle.activityStats);
      });

      it('measures case durations (last minus first event) as SQL does', () => {
        expect(exactDurations(pipewise.caseDuration)).toEqual(exactDurations(oracle.caseDuration));
        expect(isNearlyEqual(pipewise.caseDuration.meanMs, oracle.caseDuration.meanMs)).toBe(true);
      });

      it('computes the same pass rates', () => {
        expect(pipewise.passRates).toEqual(
          oracle.passRates.map((rate) => ({ ...rate, rate: rate.reached / rate.cases })),
        );
      });

      if (comparison.log.segmentColumn !== undefined) {
        it('splits the cases into the same segments', () => {
          expect(
            pipewise.segments?.values.map((segment) => ({
              value: segment.value,
              cases: segment.cases,
              events: segment.events,
              medianCaseMs: segment.caseDuration.medianMs,
            })),
          ).toEqual(oracle.segments);
        });
      }
    },
  );
}

const eventLogs = path.join(sharedData, 'eventlogs');
const salesforce: OracleLog = {
  file: path.join(eventLogs, 'salesforce/OpportunityHistory.csv'),
  encoding: 'latin-1',
  columns: {
    case: 'OpportunityId',
    activity: 'StageName',
    timestamp: 'CreatedDate',
    resource: 'CreatedById',
  },
};
const xesColumns = {
  case: 'case:concept:name',
  activity: 'concept:name',
  timestamp: 'time:timestamp',
  resource: 'org:resource',
};

describeComparison({
  name: 'on the Salesforce OpportunityHistory export',
  log: salesforce,
  encoding: 'latin1',
  preset: 'salesforce-opportunity-history',
  expected: { events: 2809, cases: 512, activities: 7 },
});

describeComparison({
  name: '--collapse-repeats on the Salesforce OpportunityHistory export',
  log: salesforce,
  collapseRepeats: true,
  encoding: 'latin1',
  preset: 'salesforce-opportunity-history',
  expected: { cases: 512, activities: 7 },
});

describeComparison({
  name: 'on the pm4py receipt log (offsets, microseconds)',
  log: {
    file: path.join(eventLogs, 'pm4py/receipt.csv'),
    encoding: 'utf-8',
    columns: xesColumns,
    segmentColumn: 'case:channel',
  },
  args: ['--by', 'channel'],
  encoding: 'utf-8',
  preset: 'xes',
  expected: { events: 8577, cases: 1434, activities: 27 },
});

describeComparison({
  name: 'on the pm4py running example (offsets)',
  log: {
    file: path.join(eventLogs, 'pm4py/running-example.csv'),
    encoding: 'utf-8',
    columns: xesColumns,
  },
  encoding: 'utf-8',
  preset: 'xes',
  expected: { events: 42, cases: 6 },
});
