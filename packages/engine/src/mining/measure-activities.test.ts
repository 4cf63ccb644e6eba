import { describe, expect, it } from 'vitest';
import {
  collapseRepeats,
  type EventLog,
  EventLogBuilder,
  selectCases,
} from '../event-log/index.ts';
import { measureActivities } from './measure-activities.ts';

/** [case id, activity, UTC timestamp] */
function buildLog(rows: readonly [string, string, string][]): EventLog {
  const builder = new EventLogBuilder();
  for (const [caseId, activity, timestamp] of rows)
    builder.add(caseId, activity, Date.parse(timestamp));
  return builder.build();
}

describe('measureActivities', () => {
  const log = buildLog([
    ['c1', 'Lead', '2024-01-01T09:00Z'],
    ['c1', 'Call', '2024-01-01T10:00Z'],
    ['c1', 'Call', '2024-01-01T11:00Z'],
    ['c1', 'Call', '2024-01-01T12:00Z'], // three Calls in c1: still one rework case
    ['c1', 'Proposal', '2024-01-01T13:00Z'],
    ['c2', 'Lead', '2024-01-02T09:00Z'],
    ['c2', 'Call', '2024-01-02T10:00Z'],
    ['c2', 'Proposal', '2024-01-02T11:00Z'],
    ['c2', 'Call', '2024-01-02T12:00Z'], // back to Call after Proposal: rework too
    ['c3', 'Lead', '2024-01-03T09:00Z'],
    ['c3', 'Proposal', '2024-01-03T10:00Z'],
    ['c4', 'Call', '2024-01-04T09:00Z'],
  ]);

  it('counts events, cases and rework cases per activity, most events first, ties by name', () => {
    expect(measureActivities(log)).toEqual([
      // Call: 3 + 2 + 1 = 6 events in c1, c2, c4; more than once in c1 and c2.
      { activity: 'Call', events: 6, cases: 3, reworkCases: 2 },
      // Lead and Proposal tie at 3 events: by name.
      { activity: 'Lead', events: 3, cases: 3, reworkCases: 0 },
      { activity: 'Proposal', events: 3, cases: 3, reworkCases: 0 },
    ]);
  });

  it('keeps only non-consecutive rework once repeats are collapsed', () => {
    // c1's Call, Call, Call becomes one Call; c2's Call … Call stays.
    expect(measureActivities(collapseRepeats(log))[0]).toEqual({
      activity: 'Call',
      events: 4,
      cases: 3,
      reworkCases: 1,
    });
  });

  it('leaves out activities that no event of the log has', () => {
    // The activity table is shared with the full log, but c3 has no Call.
    expect(measureActivities(selectCases(log, [2]))).toEqual([
      { activity: 'Lead', events: 1, cases: 1, reworkCases: 0 },
      { activity: 'Proposal', events: 1, cases: 1, reworkCases: 0 },
    ]);
  });
});
