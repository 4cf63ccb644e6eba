import { describe, expect, it } from 'vitest';
import { createWorkingTime, MONDAY_TO_FRIDAY } from '../calendar/index.ts';
import { EventLogBuilder } from '../event-log/index.ts';
import { resolveTimeZone } from '../time-zone/index.ts';
import { discoverProcessModel } from './discover-process-model.ts';

const HOUR = 3_600_000;
// Monday 2024-01-01 09:00 UTC.
const MONDAY_9 = Date.UTC(2024, 0, 1, 9);

/**
 * C1: Lead 0h → Qualify 2h → Proposal 5h → Legal review 29h → Won 53h
 * C2: Lead 0h → Qualify 4h → Proposal 6h → Won 10h
 * C3: Lead 0h → Qualify 1h → Lost 3h
 */
function salesLog() {
  const builder = new EventLogBuilder();
  const add = (c: string, activity: string, hours: number, who: string) =>
    builder.add(c, activity, MONDAY_9 + hours * HOUR, who);
  add('C1', 'Lead', 0, 'Ann');
  add('C1', 'Qualify', 2, 'Ann');
  add('C1', 'Proposal', 5, 'Bob');
  add('C1', 'Legal review', 29, 'Lia');
  add('C1', 'Won', 53, 'Ann');
  add('C2', 'Lead', 0, 'Ann');
  add('C2', 'Qualify', 4, 'Bob');
  add('C2', 'Proposal', 6, 'Bob');
  add('C2', 'Won', 10, 'Bob');
  add('C3', 'Lead', 0, 'Cid');
  add('C3', 'Qualify', 1, 'Cid');
  add('C3', 'Lost', 3, 'Cid');
  return builder.build();
}

const laneOf = (resource: string) => (resource === 'Lia' ? 'Legal' : 'Sales');

describe('discovering an as-is model from an event log', () => {
  it('has a step per activity in the order they usually come, in the lane that does them most', () => {
    const model = discoverProcessModel(salesLog(), { laneOf });
    // Mean relative positions: Lead 0, Qualify 0.36, Proposal 0.58, Legal review 0.75,
    // Won 1 and Lost 1 (Won first: more cases).
    expect(
      model.steps.map((step) => [step.id, step.name.en, step.kind, step.laneId, step.cases]),
    ).toEqual([
      ['start', 'Start', 'start', undefined, undefined],
      ['a1', 'Lead', 'task', 'lane1', 3],
      ['a2', 'Qualify', 'task', 'lane1', 3],
      ['a3', 'Proposal', 'task', 'lane1', 2],
      ['a4', 'Legal review', 'approval', 'lane2', 1],
      ['a5', 'Won', 'task', 'lane1', 2],
      ['a6', 'Lost', 'task', 'lane1', 1],
      ['end', 'End', 'end', undefined, undefined],
    ]);
    expect(model.lanes).toEqual([
      { id: 'lane1', name: { en: 'Sales' } },
      { id: 'lane2', name: { en: 'Legal' } },
    ]);
  });

  it('measures each step as the time until the next event (time in stage), by hand', () => {
    const model = discoverProcessModel(salesLog(), { laneOf });
    const measured = (id: string) => model.steps.find((step) => step.id === id)!.measured;
    // Lead: 2h, 4h, 1h → mean 7/3 h, median 2 h, p90 = 2 + 0.8 × (4 − 2) = 3.6 h
    expect(measured('a1')).toEqual({
      count: 3,
      measure: 'until-next',
      calendar: { meanMs: (7 / 3) * HOUR, medianMs: 2 * HOUR, p90Ms: 3.6 * HOUR },
    });
    // Proposal: 24 h, 4 h → mean 14, median 14, p90 = 4 + 0.9 × 20 = 22 h
    expect(measured('a3')!.calendar).toEqual({
      meanMs: 14 * HOUR,
      medianMs: 14 * HOUR,
      p90Ms: 22 * HOUR,
    });
    // Won and Lost end their cases: nothing follows them.
    expect(measured('a5')).toBeUndefined();
    expect(measured('a6')).toBeUndefined();
  });

  it('measures in working time too when given a calendar', () => {
    const zone = resolveTimeZone('UTC');
    if (!zone.ok) throw new Error('no UTC');
    const workingTime = createWorkingTime(MONDAY_TO_FRIDAY, zone.zone);
    const model = discoverProcessModel(salesLog(), { laneOf, workingTime });
    // Proposal in C1: Mon 14:00 → Tue 14:00 = 3 h + 5 h of 09:00–17:00; in C2: Mon 15:00 → 19:00 = 2 h.
    expect(model.steps.find((step) => step.id === 'a3')!.measured!.working).toEqual({
      meanMs: 5 * HOUR,
      medianMs: 5 * HOUR,
      p90Ms: (2 + 0.9 * 6) * HOUR,
      calendarName: MONDAY_TO_FRIDAY.name,
      workingDayMs: 8 * HOUR,
    });
  });

  it('measures the time since the previous event when asked (logs of completed activities)', () => {
    const model = discoverProcessModel(salesLog(), { measure: 'since-previous' });
    // Won: 24 h after Legal review in C1, 4 h after Proposal in C2.
    expect(model.steps.find((step) => step.name.en === 'Won')!.measured!.calendar.medianMs).toBe(
      14 * HOUR,
    );
    expect(model.steps.find((step) => step.name.en === 'Lead')!.measured).toBeUndefined();
  });

  it('keeps flows above a count, and the most frequent way in and out of every step', () => {
    const model = discoverProcessModel(salesLog(), { laneOf, minFlowCount: 2 });
    expect(model.flows.map((flow) => `${flow.from}->${flow.to}:${flow.count}`)).toEqual([
      'a1->a2:3',
      'start->a1:3',
      'a2->a3:2',
      'a5->end:2',
      // kept so that no step is an island
      'a2->a6:1',
      'a3->a4:1',
      'a4->a5:1',
      'a6->end:1',
    ]);
    const all = discoverProcessModel(salesLog(), { laneOf });
    expect(all.flows).toHaveLength(9);
    expect(all.flows.find((flow) => flow.from === 'a3' && flow.to === 'a5')!.count).toBe(1);
  });

  it('keeps the most frequent flows up to a coverage share', () => {
    // 15 hand-overs in all; 3 + 3 + 2 = 8 reach half.
    const model = discoverProcessModel(salesLog(), { laneOf, flowCoverage: 0.5 });
    expect(model.flows.slice(0, 3).map((flow) => flow.id)).toEqual([
      'a1->a2',
      'start->a1',
      'a2->a3',
    ]);
    expect(model.flows.some((flow) => flow.id === 'a5->end')).toBe(true); // Won's only way out
  });

  it('leaves out rare activities, with their flows', () => {
    const model = discoverProcessModel(salesLog(), { minActivityCaseShare: 0.5 });
    expect(model.steps.map((step) => step.name.en)).toEqual([
      'Start',
      'Lead',
      'Qualify',
      'Proposal',
      'Won',
      'End',
    ]);
    // Proposal → Legal review → Won counts as Proposal → Won; C3 now ends at Qualify.
    expect(model.flows.map((flow) => `${flow.from}->${flow.to}:${flow.count}`)).toEqual([
      'a1->a2:3',
      'start->a1:3',
      'a2->a3:2',
      'a3->a4:2',
      'a4->end:2',
      'a2->end:1',
    ]);
  });
});
