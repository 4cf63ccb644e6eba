import { describe, expect, it } from 'vitest';
import { createWorkingTime, MONDAY_TO_FRIDAY } from '../calendar/index.ts';
import { EventLogBuilder } from '../event-log/index.ts';
import { resolveTimeZone } from '../time-zone/index.ts';
import { attachMeasurements, compareEstimates } from './compare-estimates.ts';
import {
  createProcessModel,
  type DurationEstimate,
  makeStep,
  type ProcessModel,
} from './process-model.ts';

const HOUR = 3_600_000;
const at = (day: number, hour: number) => Date.UTC(2024, 0, day, hour); // 2024-01-01 is a Monday

/**
 * Contract review, then signing:
 * C1 Mon 09:00 → Thu 09:00: 72 h, or 3 working days of 8 h
 * C2 Mon 09:00 → Mon 17:00: 8 h, 1 working day
 * C3 Tue 09:00 → next Tue 09:00: 168 h, 5 working days
 * Median: 72 h in calendar time, 24 h (3 working days) in working time.
 */
function contractLog() {
  const builder = new EventLogBuilder();
  for (const [c, from, to] of [
    ['C1', at(1, 9), at(4, 9)],
    ['C2', at(1, 9), at(1, 17)],
    ['C3', at(2, 9), at(9, 9)],
  ] as const) {
    builder.add(c, 'Contract review', from);
    builder.add(c, 'Signed', to);
  }
  return builder.build();
}

function modelWith(estimates: Record<string, DurationEstimate>): ProcessModel {
  return {
    ...createProcessModel('m', { en: 'Contracts' }),
    steps: [
      makeStep('review', { en: 'Contract review', zh: '合同审批' }, 'approval', {
        estimated: estimates.review!,
      }),
      makeStep('sign', { zh: '签约' }, 'task', { source: 'Signed', estimated: estimates.sign! }),
      makeStep('qualify', { en: 'Qualify' }, 'task'),
    ],
  };
}

const workingTime = () => {
  const zone = resolveTimeZone('UTC');
  if (!zone.ok) throw new Error('no UTC');
  return createWorkingTime(MONDAY_TO_FRIDAY, zone.zone);
};

describe('estimated versus measured', () => {
  it('matches steps to activities by name or source and lists what did not match', () => {
    const { model, unmatchedSteps, unmatchedActivities } = attachMeasurements(
      modelWith({
        review: { value: 3, unit: 'day', basis: 'working' },
        sign: { value: 1, unit: 'day', basis: 'calendar' },
      }),
      contractLog(),
    );
    expect(model.steps.map((step) => step.cases)).toEqual([3, 3, undefined]);
    expect(unmatchedSteps).toEqual(['qualify']);
    expect(unmatchedActivities).toEqual([]);
  });

  it('agrees when the working-time median is the estimate, flags a factor over 2 either way', () => {
    const compare = (review: DurationEstimate) =>
      compareEstimates(
        attachMeasurements(
          modelWith({ review, sign: { value: 1, unit: 'day', basis: 'calendar' } }),
          contractLog(),
          { workingTime: workingTime() },
        ).model,
      );
    const [agrees, signing] = compare({
      value: 3,
      unit: 'day',
      basis: 'working',
      text: '3 个工作日',
    });
    expect(agrees).toMatchObject({
      stepId: 'review',
      estimatedMs: 24 * HOUR,
      measuredMedianMs: 24 * HOUR,
      measuredCount: 3,
      ratio: 1,
      verdict: 'agrees',
    });
    // Signing ends each case: nothing follows it to measure.
    expect(signing).toMatchObject({ stepId: 'sign', verdict: 'no-data' });

    // "Interviews say 1 working day, the data says a median of 3."
    expect(compare({ value: 1, unit: 'day', basis: 'working' })[0]).toMatchObject({
      ratio: 3,
      verdict: 'longer-than-estimated',
    });
    // Calendar estimates are compared with the calendar median: 72 h against 10 days.
    expect(compare({ value: 10, unit: 'day', basis: 'calendar' })[0]).toMatchObject({
      measuredMedianMs: 72 * HOUR,
      ratio: 0.3,
      verdict: 'shorter-than-estimated',
    });
  });

  it('honours the chosen factor, and asks for a calendar for working estimates', () => {
    const model = attachMeasurements(
      modelWith({
        review: { value: 2, unit: 'day', basis: 'working' },
        sign: { value: 1, unit: 'day', basis: 'calendar' },
      }),
      contractLog(),
      { workingTime: workingTime() },
    ).model;
    expect(compareEstimates(model)[0]!.verdict).toBe('agrees'); // 1.5×
    expect(compareEstimates(model, { factor: 1.25 })[0]!.verdict).toBe('longer-than-estimated');

    const withoutCalendar = attachMeasurements(
      modelWith({
        review: { value: 2, unit: 'day', basis: 'working' },
        sign: { value: 1, unit: 'day', basis: 'calendar' },
      }),
      contractLog(),
    ).model;
    expect(compareEstimates(withoutCalendar)[0]!.verdict).toBe('needs-working-time');
  });
});
