import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import {
  analyzeFlow,
  analyzeLog,
  analyzeSegments,
  analyzeSequences,
  combineFigures,
} from './analyze-log.ts';

interface Row {
  caseId: string;
  activity: string;
  timestampMs: number;
  resource: string | undefined;
}

/**
 * Small random logs: up to 6 cases of 1–6 events over a four-letter alphabet.
 * Timestamps are distinct within a case, so the order of a case's events does
 * not depend on the order of the rows; different cases may share timestamps.
 * Each case may have a team, or none.
 */
const logs = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 6 })
  .chain((caseIds) =>
    fc.tuple(
      fc.tuple(
        ...caseIds.map((caseId) =>
          fc.uniqueArray(
            fc.record({
              caseId: fc.constant(caseId),
              activity: fc.constantFrom('A', 'B', 'C', 'D'),
              timestampMs: fc.integer({ min: 0, max: 40 }),
              resource: fc.constantFrom('Ann', 'Bob', undefined),
            }),
            { minLength: 1, maxLength: 6, selector: (row) => row.timestampMs },
          ),
        ),
      ),
      fc.tuple(
        ...caseIds.map((caseId) =>
          fc.tuple(fc.constant(caseId), fc.constantFrom('East', 'West', undefined)),
        ),
      ),
    ),
  )
  .map(([cases, teams]) => ({ rows: cases.flat() as Row[], teams }));

/** The rows with a shuffled copy of them. */
const logsWithShuffledRows = logs.chain((log) =>
  fc
    .shuffledSubarray(log.rows, { minLength: log.rows.length, maxLength: log.rows.length })
    .map((shuffled) => ({ ...log, shuffled })),
);

function buildLog(rows: readonly Row[], teams: readonly [string, string | undefined][]): EventLog {
  const builder = new EventLogBuilder();
  for (const { caseId, activity, timestampMs, resource } of rows)
    builder.add(caseId, activity, timestampMs, resource);
  for (const [caseId, team] of teams) {
    if (team !== undefined) builder.setCaseAttribute('Team', builder.caseIds.intern(caseId), team);
  }
  return builder.build();
}

const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);

describe('analyzeLog on random logs', () => {
  it('does not depend on the order of the input rows', () => {
    fc.assert(
      fc.property(logsWithShuffledRows, ({ rows, shuffled, teams }) => {
        // toEqual treats NaN as equal to NaN (an empty log's first event) and
        // tells 0 from −0, so this is exact equality of every figure.
        expect(analyzeLog(buildLog(shuffled, teams))).toEqual(analyzeLog(buildLog(rows, teams)));
        expect(analyzeSegments(buildLog(shuffled, teams), 'Team')).toEqual(
          analyzeSegments(buildLog(rows, teams), 'Team'),
        );
      }),
    );
  });

  it('gives the same figures when its two parts are computed apart and sent between threads', () => {
    fc.assert(
      fc.property(logs, ({ rows, teams }) => {
        const log = buildLog(rows, teams);
        const { eventCount, caseCount, caseStart, activityOf, activities } = log;
        // structuredClone is what posting to another thread does to the data.
        const sequences = structuredClone(
          analyzeSequences({ eventCount, caseCount, caseStart, activityOf, activities }),
        );
        expect(combineFigures(log, analyzeFlow(log), sequences)).toEqual(analyzeLog(log));
      }),
    );
  });

  it('keeps its totals consistent: arcs, variants, starts, ends, activity events', () => {
    fc.assert(
      fc.property(logs, ({ rows, teams }) => {
        const analysis = analyzeLog(buildLog(rows, teams));
        expect(analysis.events).toBe(rows.length);
        expect(analysis.cases).toBe(teams.length);
        expect(sum(analysis.dfg.map((arc) => arc.count))).toBe(analysis.events - analysis.cases);
        expect(sum(analysis.variants.map((v) => v.cases))).toBe(analysis.cases);
        expect(sum(analysis.variants.map((v) => v.cases * v.activities.length))).toBe(
          analysis.events,
        );
        expect(sum(analysis.start.map((s) => s.count))).toBe(analysis.cases);
        expect(sum(analysis.end.map((s) => s.count))).toBe(analysis.cases);
        expect(sum(analysis.activityStats.map((a) => a.events))).toBe(analysis.events);
        expect(analysis.caseDuration.count).toBe(analysis.cases);
      }),
    );
  });

  it('keeps each figure within its bounds', () => {
    fc.assert(
      fc.property(logs, ({ rows, teams }) => {
        const analysis = analyzeLog(buildLog(rows, teams));
        for (const arc of analysis.dfg) {
          expect(arc.minMs).toBeLessThanOrEqual(arc.medianMs);
          expect(arc.medianMs).toBeLessThanOrEqual(arc.p90Ms);
          expect(arc.p90Ms).toBeLessThanOrEqual(arc.maxMs);
          expect(arc.totalMs).toBeCloseTo(arc.count * arc.meanMs, 9);
        }
        for (const rate of analysis.passRates) {
          expect(rate.from).not.toBe(rate.to);
          expect(rate.reached).toBeGreaterThan(0);
          expect(rate.reached).toBeLessThanOrEqual(rate.cases);
        }
        for (const stats of analysis.activityStats) {
          expect(stats.reworkCases).toBeLessThanOrEqual(stats.cases);
          expect(stats.cases).toBeLessThanOrEqual(stats.events);
          // Rework means more than one event in the case, so events ≥ cases + rework.
          expect(stats.events).toBeGreaterThanOrEqual(stats.cases + stats.reworkCases);
        }
        const byNames = (arcs: typeof analysis.dfg) =>
          arcs.map((arc) => `${arc.from}→${arc.to}`).sort();
        expect(byNames(analysis.bottlenecks.byTotal)).toEqual(byNames(analysis.dfg));
        expect(byNames(analysis.bottlenecks.byMedian)).toEqual(byNames(analysis.dfg));
      }),
    );
  });

  it('splits the cases and events of a log among its segments', () => {
    fc.assert(
      fc.property(logs, ({ rows, teams }) => {
        const result = analyzeSegments(buildLog(rows, teams), 'Team');
        if (!result.ok) {
          // No case has a team: the builder never created the attribute.
          expect(teams.every(([, team]) => team === undefined)).toBe(true);
          expect(result.reason).toBe('unknown-case-attribute');
          return;
        }
        const segments = result.breakdown.segments;
        expect(sum(segments.map((s) => s.analysis.cases))).toBe(teams.length);
        expect(sum(segments.map((s) => s.analysis.events))).toBe(rows.length);
        const teamless = teams.filter(([, team]) => team === undefined).length;
        const nullSegment = segments.find((s) => s.value === null);
        expect(nullSegment?.analysis.cases ?? 0).toBe(teamless);
      }),
    );
  });
});
