import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collapseRepeats } from './collapse-repeats.ts';
import { type EventLog, MISSING, measureColumnBytes } from './event-log.ts';
import { EventLogBuilder } from './event-log-builder.ts';
import { selectCases } from './select-cases.ts';

/** [case id, activity, UTC timestamp, resource?] */
type Row = [string, string, string, string?];

function buildLog(rows: readonly Row[]): EventLog {
  const builder = new EventLogBuilder();
  for (const [caseId, activity, timestamp, resource] of rows)
    builder.add(caseId, activity, Date.parse(timestamp), resource);
  return builder.build();
}

/** The events of case `c` as [activity, ISO timestamp, resource or null]. */
function eventsOf(log: EventLog, c: number): [string, string, string | null][] {
  const events: [string, string, string | null][] = [];
  for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
    const r = log.resourceOf[i]!;
    events.push([
      log.activities[log.activityOf[i]!]!,
      new Date(log.timestampMs[i]!).toISOString(),
      r === MISSING ? null : log.resources[r]!,
    ]);
  }
  return events;
}

/** The value of a case attribute per case, null where the case has none. */
function attributeValues(log: EventLog, name: string): (string | null)[] {
  const attribute = log.caseAttributes.find((a) => a.name === name)!;
  return Array.from(attribute.valueIndexOf, (v) => (v === MISSING ? null : attribute.values[v]!));
}

describe('EventLogBuilder', () => {
  it('sorts events by case, then by timestamp', () => {
    const log = buildLog([
      ['c2', 'Qualify', '2024-01-01T10:00:00.000Z'],
      ['c1', 'Qualify', '2024-01-01T11:00:00.000Z'],
      ['c1', 'Lead', '2024-01-01T09:00:00.000Z'],
      ['c2', 'Lead', '2024-01-01T08:00:00.000Z'],
      ['c1', 'Won', '2024-01-02T12:00:00.000Z'],
    ]);
    expect(log.eventCount).toBe(5);
    expect(log.caseCount).toBe(2);
    expect(Array.from(log.caseStart)).toEqual([0, 2, 5]);
    expect(eventsOf(log, 0)).toEqual([
      ['Lead', '2024-01-01T08:00:00.000Z', null],
      ['Qualify', '2024-01-01T10:00:00.000Z', null],
    ]);
    expect(eventsOf(log, 1)).toEqual([
      ['Lead', '2024-01-01T09:00:00.000Z', null],
      ['Qualify', '2024-01-01T11:00:00.000Z', null],
      ['Won', '2024-01-02T12:00:00.000Z', null],
    ]);
  });

  it('keeps input order for events of one case with the same timestamp', () => {
    const log = buildLog([
      // c1 arrives out of time order, so it is sorted: X, Y and Z tie at 10:00.
      ['c1', 'X', '2024-01-01T10:00:00.000Z'],
      ['c1', 'Y', '2024-01-01T10:00:00.000Z'],
      ['c1', 'W', '2024-01-01T09:00:00.000Z'],
      ['c1', 'Z', '2024-01-01T10:00:00.000Z'],
      // c2 arrives in time order: the tie keeps P before O (not alphabetical).
      ['c2', 'P', '2024-01-01T10:00:00.000Z'],
      ['c2', 'O', '2024-01-01T10:00:00.000Z'],
    ]);
    expect(eventsOf(log, 0).map(([activity]) => activity)).toEqual(['W', 'X', 'Y', 'Z']);
    expect(eventsOf(log, 1).map(([activity]) => activity)).toEqual(['P', 'O']);
  });

  it('keeps ties in input order whatever the rest of the case looks like', () => {
    // Distinct tie-break labels 0, 1, 2… in input order; within a case, events
    // with equal timestamps must come out with increasing labels.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 4 })), {
          maxLength: 40,
        }),
        (rows) => {
          const builder = new EventLogBuilder(1);
          for (const [k, [caseId, t]] of rows.entries()) builder.add(caseId, String(k), t);
          const log = builder.build();
          for (let c = 0; c < log.caseCount; c++) {
            for (let i = log.caseStart[c]! + 1; i < log.caseStart[c + 1]!; i++) {
              const previous = Number(log.activities[log.activityOf[i - 1]!]);
              const current = Number(log.activities[log.activityOf[i]!]);
              expect(log.timestampMs[i]).toBeGreaterThanOrEqual(log.timestampMs[i - 1]!);
              if (log.timestampMs[i] === log.timestampMs[i - 1]) {
                expect(current).toBeGreaterThan(previous);
              }
            }
          }
        },
      ),
    );
  });

  it('lists cases in order of first appearance, not of time or name', () => {
    const log = buildLog([
      ['c3', 'Lead', '2024-03-01T00:00:00Z'],
      ['c1', 'Lead', '2024-01-01T00:00:00Z'],
      ['c3', 'Won', '2024-03-02T00:00:00Z'],
      ['c2', 'Lead', '2024-02-01T00:00:00Z'],
    ]);
    expect(log.caseIds).toEqual(['c3', 'c1', 'c2']);
    expect(Array.from(log.caseStart)).toEqual([0, 2, 3, 4]);
  });

  it('stores a missing or empty resource as MISSING', () => {
    const log = buildLog([
      ['c1', 'Lead', '2024-01-01T09:00:00.000Z', 'Ann'],
      ['c1', 'Qualify', '2024-01-01T10:00:00.000Z', ''],
      ['c1', 'Won', '2024-01-01T11:00:00.000Z'],
    ]);
    expect(log.resources).toEqual(['Ann']);
    expect(Array.from(log.resourceOf)).toEqual([0, MISSING, MISSING]);
  });

  it('keeps case attributes per case, MISSING where a case has no value', () => {
    const builder = new EventLogBuilder();
    builder.add('c1', 'Lead', 1);
    builder.add('c2', 'Lead', 2);
    builder.add('c3', 'Lead', 3);
    const c1 = builder.caseIds.intern('c1');
    const c3 = builder.caseIds.intern('c3');
    builder.setCaseAttribute('Team', c1, 'West');
    builder.setCaseAttribute('Team', c1, 'East'); // a later value replaces the earlier one
    builder.setCaseAttribute('Team', c3, 'East');
    builder.setCaseAttribute('Region', c3, '华东');

    const log = builder.build();
    expect(log.caseAttributes.map((a) => a.name)).toEqual(['Team', 'Region']);
    expect(attributeValues(log, 'Team')).toEqual(['East', null, 'East']);
    expect(attributeValues(log, 'Region')).toEqual([null, null, '华东']);
    const team = log.caseAttributes[0]!;
    // Dictionary encoded: 'West' stays in the table though no case uses it now.
    expect(team.values).toEqual(['West', 'East']);
    expect(Array.from(team.valueIndexOf)).toEqual([1, MISSING, 1]);
  });

  it('keeps the value observed last in time when values come with a time', () => {
    const builder = new EventLogBuilder();
    builder.add('c1', 'Lead', 1);
    builder.add('c2', 'Lead', 2);
    const c1 = builder.caseIds.intern('c1');
    const c2 = builder.caseIds.intern('c2');
    builder.setCaseAttribute('Owner', c1, 'Ann', 5);
    builder.setCaseAttribute('Owner', c1, 'Bob', 3); // observed earlier: ignored
    builder.setCaseAttribute('Owner', c2, 'Ann', 7);
    builder.setCaseAttribute('Owner', c2, 'Chen', 7); // same time: the later call wins
    expect(attributeValues(builder.build(), 'Owner')).toEqual(['Ann', 'Chen']);
  });

  it('accepts a case attribute set before the case has any event', () => {
    const builder = new EventLogBuilder();
    builder.setCaseAttribute('Team', builder.caseIds.intern('c1'), 'East');
    builder.add('c1', 'Lead', 1);
    const log = builder.build();
    expect(log.caseIds).toEqual(['c1']);
    expect(attributeValues(log, 'Team')).toEqual(['East']);
  });

  it('leaves out case ids that have no events, with their attributes', () => {
    // A case-attribute file may name opportunities with no history; an empty
    // case would break every figure (start/end activities, arcs = events − cases).
    const builder = new EventLogBuilder();
    builder.add('c1', 'Lead', 0);
    builder.add('c1', 'Won', 10);
    builder.setCaseAttribute('Team', builder.caseIds.intern('ghost'), 'North');
    builder.add('c2', 'Lead', 5);
    builder.setCaseAttribute('Team', builder.caseIds.intern('c2'), 'South');
    const log = builder.build();
    expect(log.caseCount).toBe(2);
    expect(log.caseIds).toEqual(['c1', 'c2']);
    expect(Array.from(log.caseStart)).toEqual([0, 2, 3]);
    expect(eventsOf(log, 1).map(([activity]) => activity)).toEqual(['Lead']);
    expect(attributeValues(log, 'Team')).toEqual([null, 'South']);
  });

  it('grows past its expected size without losing events', () => {
    const builder = new EventLogBuilder(1); // starts at the minimum capacity, 16
    for (let i = 0; i < 1000; i++) builder.add(`c${i % 7}`, `A${i % 3}`, 1000 - i);
    expect(builder.eventCount).toBe(1000);
    const log = builder.build();
    expect(log.eventCount).toBe(1000);
    // Case c0 holds i = 0, 7, …, 994: 143 events; time runs backwards in the input.
    expect(log.caseStart[1]).toBe(143);
    expect(log.timestampMs[0]).toBe(1000 - 994);
    expect(log.timestampMs[142]).toBe(1000);
  });

  it('holds 100k events over 10k cases with one case attribute in at most 40 bytes per event', () => {
    const eventCount = 100_000;
    const caseCount = 10_000;
    const builder = new EventLogBuilder(eventCount);
    for (let i = 0; i < eventCount; i++) {
      builder.add(
        `case-${i % caseCount}`,
        `Stage ${i % 8}`,
        1_700_000_000_000 + i * 60_000,
        `rep-${i % 20}`,
      );
    }
    for (let c = 0; c < caseCount; c++) builder.setCaseAttribute('Team', c, `team-${c % 5}`);
    const log = builder.build();
    const bytes = measureColumnBytes(log);
    // 16 B per event (activity 4, resource 4, timestamp 8), 4 B per case for the
    // team, 4 B per case + 4 for caseStart: 1 600 000 + 40 000 + 40 004.
    expect(bytes).toBe(1_680_004);
    expect(bytes / log.eventCount).toBeLessThanOrEqual(40);
  });
});

describe('selectCases', () => {
  const log = (() => {
    const builder = new EventLogBuilder();
    builder.add('c1', 'Lead', Date.parse('2024-01-01T09:00:00.000Z'), 'Ann');
    builder.add('c1', 'Won', Date.parse('2024-01-02T09:00:00.000Z'), 'Ann');
    builder.add('c2', 'Lead', Date.parse('2024-01-03T09:00:00.000Z'), 'Bob');
    builder.add('c3', 'Lead', Date.parse('2024-01-04T09:00:00.000Z'));
    builder.add('c3', 'Lost', Date.parse('2024-01-05T09:00:00.000Z'), 'Bob');
    builder.add('c3', 'Lead', Date.parse('2024-01-06T09:00:00.000Z'), 'Bob');
    builder.setCaseAttribute('Team', builder.caseIds.intern('c1'), 'East');
    builder.setCaseAttribute('Team', builder.caseIds.intern('c3'), 'West');
    return builder.build();
  })();

  it('keeps only the given cases, in the order given, with all their events', () => {
    const selected = selectCases(log, [2, 0]);
    expect(selected.caseCount).toBe(2);
    expect(selected.eventCount).toBe(5);
    expect(selected.caseIds).toEqual(['c3', 'c1']);
    expect(Array.from(selected.caseStart)).toEqual([0, 3, 5]);
    expect(eventsOf(selected, 0)).toEqual([
      ['Lead', '2024-01-04T09:00:00.000Z', null],
      ['Lost', '2024-01-05T09:00:00.000Z', 'Bob'],
      ['Lead', '2024-01-06T09:00:00.000Z', 'Bob'],
    ]);
    expect(eventsOf(selected, 1)).toEqual([
      ['Lead', '2024-01-01T09:00:00.000Z', 'Ann'],
      ['Won', '2024-01-02T09:00:00.000Z', 'Ann'],
    ]);
    expect(attributeValues(selected, 'Team')).toEqual(['West', 'East']);
  });

  it('shares the string tables, so indices keep their meaning', () => {
    const selected = selectCases(log, [1]);
    expect(selected.activities).toBe(log.activities);
    expect(selected.resources).toBe(log.resources);
    expect(selected.caseAttributes[0]!.values).toBe(log.caseAttributes[0]!.values);
    expect(attributeValues(selected, 'Team')).toEqual([null]);
  });

  it('gives an empty log for no cases', () => {
    const selected = selectCases(log, []);
    expect(selected.caseCount).toBe(0);
    expect(selected.eventCount).toBe(0);
    expect(Array.from(selected.caseStart)).toEqual([0]);
  });

  it('leaves the original log unchanged', () => {
    selectCases(log, [2]);
    expect(log.caseIds).toEqual(['c1', 'c2', 'c3']);
    expect(Array.from(log.caseStart)).toEqual([0, 2, 3, 6]);
  });
});

describe('collapseRepeats', () => {
  it('keeps the first event of each run of the same activity in a case', () => {
    const log = buildLog([
      ['c1', 'Lead', '2024-01-01T09:00:00.000Z', 'Ann'],
      ['c1', 'Negotiation', '2024-01-02T09:00:00.000Z', 'Ann'],
      ['c1', 'Negotiation', '2024-01-03T09:00:00.000Z', 'Bob'],
      ['c1', 'Negotiation', '2024-01-04T09:00:00.000Z', 'Bob'],
      ['c1', 'Won', '2024-01-05T09:00:00.000Z', 'Bob'],
    ]);
    const collapsed = collapseRepeats(log);
    expect(collapsed.eventCount).toBe(3);
    expect(Array.from(collapsed.caseStart)).toEqual([0, 3]);
    // The kept Negotiation is the first of the run: its time and its resource.
    expect(eventsOf(collapsed, 0)).toEqual([
      ['Lead', '2024-01-01T09:00:00.000Z', 'Ann'],
      ['Negotiation', '2024-01-02T09:00:00.000Z', 'Ann'],
      ['Won', '2024-01-05T09:00:00.000Z', 'Bob'],
    ]);
  });

  it('keeps repeats that are not consecutive, and runs that cross a case boundary', () => {
    const log = buildLog([
      ['c1', 'Qualify', '2024-01-01T09:00:00.000Z'],
      ['c1', 'Proposal', '2024-01-02T09:00:00.000Z'],
      ['c1', 'Qualify', '2024-01-03T09:00:00.000Z'],
      ['c2', 'Qualify', '2024-01-04T09:00:00.000Z'],
      ['c2', 'Qualify', '2024-01-05T09:00:00.000Z'],
    ]);
    const collapsed = collapseRepeats(log);
    expect(Array.from(collapsed.caseStart)).toEqual([0, 3, 4]);
    expect(eventsOf(collapsed, 0).map(([activity]) => activity)).toEqual([
      'Qualify',
      'Proposal',
      'Qualify',
    ]);
    expect(eventsOf(collapsed, 1)).toEqual([['Qualify', '2024-01-04T09:00:00.000Z', null]]);
  });

  it('ends a case at the first event of a final run', () => {
    // The case's last event is now the first Negotiation (day 2), not day 4.
    const collapsed = collapseRepeats(
      buildLog([
        ['c1', 'Lead', '2024-01-01T00:00:00.000Z'],
        ['c1', 'Negotiation', '2024-01-02T00:00:00.000Z'],
        ['c1', 'Negotiation', '2024-01-04T00:00:00.000Z'],
      ]),
    );
    expect(collapsed.timestampMs[collapsed.eventCount - 1]).toBe(
      Date.parse('2024-01-02T00:00:00.000Z'),
    );
  });

  it('keeps cases, case ids, tables and attributes', () => {
    const builder = new EventLogBuilder();
    builder.add('c1', 'A', 1);
    builder.add('c1', 'A', 2);
    builder.add('c2', 'B', 3);
    builder.setCaseAttribute('Team', builder.caseIds.intern('c2'), 'East');
    const log = builder.build();
    const collapsed = collapseRepeats(log);
    expect(collapsed.caseCount).toBe(2);
    expect(collapsed.caseIds).toEqual(['c1', 'c2']);
    expect(collapsed.activities).toBe(log.activities);
    expect(attributeValues(collapsed, 'Team')).toEqual([null, 'East']);
  });

  it('leaves no two equal consecutive activities in a case, and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('c1', 'c2', 'c3'), fc.constantFrom('A', 'B')), {
          maxLength: 30,
        }),
        (rows) => {
          const builder = new EventLogBuilder();
          for (const [t, [caseId, activity]] of rows.entries()) builder.add(caseId, activity, t);
          const collapsed = collapseRepeats(builder.build());
          for (let c = 0; c < collapsed.caseCount; c++) {
            for (let i = collapsed.caseStart[c]! + 1; i < collapsed.caseStart[c + 1]!; i++) {
              expect(collapsed.activityOf[i]).not.toBe(collapsed.activityOf[i - 1]);
            }
          }
          const twice = collapseRepeats(collapsed);
          expect(Array.from(twice.caseStart)).toEqual(Array.from(collapsed.caseStart));
          expect(Array.from(twice.activityOf)).toEqual(Array.from(collapsed.activityOf));
          expect(Array.from(twice.timestampMs)).toEqual(Array.from(collapsed.timestampMs));
        },
      ),
    );
  });
});
