import { describe, expect, it } from 'vitest';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import { computeCaseDurations, measureCaseDurations } from './measure-case-durations.ts';

const HOUR = 3_600_000;

/** [case id, activity, UTC timestamp] */
function buildLog(rows: readonly [string, string, string][]): EventLog {
  const builder = new EventLogBuilder();
  for (const [caseId, activity, timestamp] of rows)
    builder.add(caseId, activity, Date.parse(timestamp));
  return builder.build();
}

describe('case durations', () => {
  const log = buildLog([
    ['c1', 'Lead', '2024-01-01T09:00Z'],
    ['c1', 'Qualify', '2024-01-01T12:00Z'],
    ['c1', 'Won', '2024-01-01T17:00Z'], // 09:00 → 17:00: 8 h
    ['c2', 'Lead', '2024-01-02T09:00Z'], // one event: 0
    ['c3', 'Won', '2024-01-03T09:00Z'], // given last, happened last: 48 h
    ['c3', 'Lead', '2024-01-01T09:00Z'],
    ['c4', 'Lead', '2024-01-04T09:00Z'],
    ['c4', 'Lost', '2024-01-04T09:00Z'], // two events at the same instant: 0
  ]);

  it('runs from the first to the last event of each case, 0 for a single event', () => {
    expect(Array.from(computeCaseDurations(log))).toEqual([8 * HOUR, 0, 48 * HOUR, 0]);
  });

  it('summarizes the durations of all cases', () => {
    // Sorted: 0, 0, 8, 48 h.
    const stats = measureCaseDurations(log);
    expect(stats.count).toBe(4);
    expect(stats.totalMs).toBe(56 * HOUR); // 0 + 0 + 8 + 48
    expect(stats.meanMs).toBe(14 * HOUR); // 56 / 4
    expect(stats.medianMs).toBe(4 * HOUR); // h = 3·0.5 = 1.5 → 0 + 0.5·(8 − 0)
    expect(stats.p90Ms).toBeCloseTo(36 * HOUR, 3); // h = 3·0.9 = 2.7 → 8 + 0.7·(48 − 8)
    expect(stats.minMs).toBe(0);
    expect(stats.maxMs).toBe(48 * HOUR);
  });

  it('gives 0 for a log of single-event cases', () => {
    const stats = measureCaseDurations(buildLog([['c1', 'Lead', '2024-01-01T09:00Z']]));
    expect(stats).toEqual({
      count: 1,
      totalMs: 0,
      meanMs: 0,
      medianMs: 0,
      p90Ms: 0,
      minMs: 0,
      maxMs: 0,
    });
  });

  it('gives count 0, total 0 and NaN for the rest on an empty log', () => {
    expect(measureCaseDurations(buildLog([]))).toEqual({
      count: 0,
      totalMs: 0,
      meanMs: Number.NaN,
      medianMs: Number.NaN,
      p90Ms: Number.NaN,
      minMs: Number.NaN,
      maxMs: Number.NaN,
    });
  });
});
