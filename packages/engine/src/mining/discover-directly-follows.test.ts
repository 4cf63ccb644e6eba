import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import { discoverDirectlyFollows } from './discover-directly-follows.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** [case id, activity, UTC timestamp]; `padActivities` interns that many unused activities first. */
function buildLog(rows: readonly [string, string, string][], padActivities = 0): EventLog {
  const builder = new EventLogBuilder();
  for (let k = 0; k < padActivities; k++) builder.activities.intern(`unused ${k}`);
  for (const [caseId, activity, timestamp] of rows)
    builder.add(caseId, activity, Date.parse(timestamp));
  return builder.build();
}

const rows: [string, string, string][] = [
  ['c1', 'A', '2024-01-02T09:00Z'],
  ['c1', 'A', '2024-01-02T09:30Z'], // A→A 30 min
  ['c1', 'B', '2024-01-02T09:50Z'], // A→B 20 min
  ['c2', 'A', '2024-01-02T09:00Z'],
  ['c2', 'B', '2024-01-02T10:20Z'], // A→B 80 min
  ['c3', 'A', '2024-01-02T09:00Z'],
  ['c3', 'B', '2024-01-02T09:10Z'], // A→B 10 min
  ['c3', 'A', '2024-01-02T09:40Z'], // B→A 30 min
  ['c3', 'A', '2024-01-02T10:00Z'], // A→A 20 min
  ['c4', 'A', '2024-01-02T09:00Z'],
  ['c4', 'B', '2024-01-02T11:40Z'], // A→B 160 min
  ['c5', 'A', '2024-01-02T09:00Z'],
  ['c5', 'B', '2024-01-02T09:40Z'], // A→B 40 min
  ['c6', 'A', '2024-01-05T17:00Z'], // a Friday evening…
  ['c6', 'C', '2024-01-08T09:00Z'], // …to Monday morning: A→C 64 h of calendar time
  ['c7', 'B', '2024-01-02T09:00Z'],
  ['c7', 'B', '2024-01-02T09:00Z'], // B→B 0: same timestamp
];

describe('discoverDirectlyFollows', () => {
  const arcs = discoverDirectlyFollows(buildLog(rows));

  it('counts each arc over all cases, most frequent first, then by names', () => {
    expect(arcs.map(({ from, to, count }) => [from, to, count])).toEqual([
      ['A', 'B', 5], // c1, c2, c3, c4, c5
      ['A', 'A', 2], // c1, c3
      ['A', 'C', 1],
      ['B', 'A', 1], // c3 only: c1 ending in B and c2 starting with A is no arc
      ['B', 'B', 1],
    ]);
  });

  it('measures an arc seen in several cases: total, mean, median, p90, min, max', () => {
    // Sorted durations 10, 20, 40, 80, 160 min.
    const arc = arcs.find((a) => a.from === 'A' && a.to === 'B')!;
    expect(arc.totalMs).toBe(310 * MINUTE); // 10 + 20 + 40 + 80 + 160
    expect(arc.meanMs).toBe(62 * MINUTE); // 310 / 5
    expect(arc.medianMs).toBe(40 * MINUTE); // h = 4·0.5 = 2 → x[2]
    expect(arc.p90Ms).toBeCloseTo(128 * MINUTE, 3); // h = 4·0.9 = 3.6 → 80 + 0.6·(160 − 80)
    expect(arc.minMs).toBe(10 * MINUTE);
    expect(arc.maxMs).toBe(160 * MINUTE);
  });

  it('measures a self-loop A→A like any other arc', () => {
    // Durations 20 (c3) and 30 (c1) min.
    const arc = arcs.find((a) => a.from === 'A' && a.to === 'A')!;
    expect(arc.count).toBe(2);
    expect(arc.totalMs).toBe(50 * MINUTE);
    expect(arc.meanMs).toBe(25 * MINUTE);
    expect(arc.medianMs).toBe(25 * MINUTE); // h = 0.5 → 20 + 0.5·10
    expect(arc.p90Ms).toBeCloseTo(29 * MINUTE, 3); // h = 0.9 → 20 + 0.9·10
    expect(arc.minMs).toBe(20 * MINUTE);
    expect(arc.maxMs).toBe(30 * MINUTE);
  });

  it('measures calendar time, nights and weekends included', () => {
    // Friday 17:00 → Monday 17:00 is 3 × 24 = 72 h; Monday 09:00 is 8 h earlier: 64 h.
    expect(arcs.find((a) => a.from === 'A' && a.to === 'C')).toEqual({
      from: 'A',
      to: 'C',
      count: 1,
      totalMs: 64 * HOUR,
      meanMs: 64 * HOUR,
      medianMs: 64 * HOUR,
      p90Ms: 64 * HOUR,
      minMs: 64 * HOUR,
      maxMs: 64 * HOUR,
    });
  });

  it('gives 0 ms to an arc between events with the same timestamp', () => {
    const arc = arcs.find((a) => a.from === 'B' && a.to === 'B')!;
    expect([arc.totalMs, arc.medianMs, arc.maxMs]).toEqual([0, 0, 0]);
  });

  it('has events − cases arcs in all, one per pair of consecutive events', () => {
    // 17 events in 7 cases.
    expect(arcs.reduce((sum, arc) => sum + arc.count, 0)).toBe(17 - 7);
  });

  it('gives the same arcs past 2048 activities, where arcs are kept in a Map', () => {
    expect(discoverDirectlyFollows(buildLog(rows, 2100))).toEqual(arcs);
  });

  it('finds no arcs in single-event cases or an empty log', () => {
    expect(discoverDirectlyFollows(buildLog([['c1', 'A', '2024-01-01T00:00Z']]))).toEqual([]);
    expect(discoverDirectlyFollows(buildLog([]))).toEqual([]);
  });

  it('agrees with a plain walk over consecutive pairs on random logs', () => {
    // Up to 150 events over 3 cases and 2 activities, so arcs often hold more
    // than a handful of durations.
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('c1', 'c2', 'c3'),
            fc.constantFrom('A', 'B'),
            fc.integer({ min: 0, max: 10_000 }),
          ),
          { maxLength: 150 },
        ),
        (events) => {
          const builder = new EventLogBuilder();
          for (const [caseId, activity, t] of events) builder.add(caseId, activity, t);
          // Reference: sort each case by time (stable), collect each arc's durations.
          const byCase = new Map<string, [string, number][]>();
          for (const [caseId, activity, t] of events) {
            byCase.set(caseId, [...(byCase.get(caseId) ?? []), [activity, t]]);
          }
          const durationsByArc = new Map<string, number[]>();
          for (const caseEvents of byCase.values()) {
            caseEvents.sort((x, y) => x[1] - y[1]);
            for (let i = 1; i < caseEvents.length; i++) {
              const key = `${caseEvents[i - 1]![0]}→${caseEvents[i]![0]}`;
              const durations = durationsByArc.get(key) ?? [];
              durations.push(caseEvents[i]![1] - caseEvents[i - 1]![1]);
              durationsByArc.set(key, durations);
            }
          }
          const expected = new Map(
            [...durationsByArc].map(([key, durations]) => {
              const x = durations.sort((a, b) => a - b);
              // numpy's linear percentile, written out again.
              const percentile = (p: number): number => {
                const h = (x.length - 1) * p;
                const lower = Math.floor(h);
                const upper = Math.min(lower + 1, x.length - 1);
                return x[lower]! + (h - lower) * (x[upper]! - x[lower]!);
              };
              return [
                key,
                {
                  count: x.length,
                  totalMs: x.reduce((sum, d) => sum + d, 0),
                  medianMs: percentile(0.5),
                  p90Ms: percentile(0.9),
                  minMs: x[0],
                  maxMs: x[x.length - 1],
                },
              ];
            }),
          );
          const actual = new Map(
            discoverDirectlyFollows(builder.build()).map((arc) => [
              `${arc.from}→${arc.to}`,
              {
                count: arc.count,
                totalMs: arc.totalMs,
                medianMs: arc.medianMs,
                p90Ms: arc.p90Ms,
                minMs: arc.minMs,
                maxMs: arc.maxMs,
              },
            ]),
          );
          expect(actual).toEqual(expected);
        },
      ),
    );
  });
});
