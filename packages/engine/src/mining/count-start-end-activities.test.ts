import { describe, expect, it } from 'vitest';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import { countStartEndActivities } from './count-start-end-activities.ts';

/** [case id, activity, UTC timestamp] */
function buildLog(rows: readonly [string, string, string][]): EventLog {
  const builder = new EventLogBuilder();
  for (const [caseId, activity, timestamp] of rows)
    builder.add(caseId, activity, Date.parse(timestamp));
  return builder.build();
}

describe('countStartEndActivities', () => {
  const log = buildLog([
    ['c1', 'Lead', '2024-01-01T09:00Z'],
    ['c1', 'Qualify', '2024-01-01T10:00Z'],
    ['c1', 'Won', '2024-01-01T11:00Z'],
    ['c2', 'Lead', '2024-01-02T09:00Z'],
    ['c2', 'Won', '2024-01-02T10:00Z'],
    ['c3', 'Qualify', '2024-01-03T09:00Z'], // a single-event case starts and ends with it
    // c4 arrives out of order: by time it starts with Lead and ends with Qualify.
    ['c4', 'Qualify', '2024-01-04T12:00Z'],
    ['c4', 'Lead', '2024-01-04T09:00Z'],
  ]);

  it('counts the first activity of every case, most frequent first', () => {
    // Lead starts c1, c2, c4; Qualify starts c3.
    expect(countStartEndActivities(log).start).toEqual([
      { activity: 'Lead', count: 3 },
      { activity: 'Qualify', count: 1 },
    ]);
  });

  it('counts the last activity of every case, ties by name', () => {
    // Won ends c1, c2; Qualify ends c3, c4: a tie at 2, so by name (Q < W).
    expect(countStartEndActivities(log).end).toEqual([
      { activity: 'Qualify', count: 2 },
      { activity: 'Won', count: 2 },
    ]);
  });

  it('gives empty lists for an empty log', () => {
    expect(countStartEndActivities(new EventLogBuilder().build())).toEqual({ start: [], end: [] });
  });
});
