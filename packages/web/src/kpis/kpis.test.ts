import { describe, expect, it } from 'vitest';
import { measureOf, targetOf, typedTarget, usualDirection } from './kpis.ts';

describe('the KPI form', () => {
  it('builds the API measure from the fields its kind needs', () => {
    expect(
      measureOf({
        kind: 'timeliness',
        from: '线索',
        to: '报价',
        withinHours: 8,
        withinBasis: 'working',
      }),
    ).toEqual({
      kind: 'timeliness',
      from: '线索',
      to: '报价',
      within: { value: 8, unit: 'hour', basis: 'working' },
    });
    expect(measureOf({ kind: 'cycle-time', percentile: 90 })).toEqual({
      kind: 'cycle-time',
      percentile: 0.9,
    });
    expect(measureOf({ kind: 'sla-adherence', steps: [] })).toEqual({ kind: 'sla-adherence' });
  });

  it('stores targets in the measure’s unit: hours as ms, % as a share', () => {
    expect(targetOf('cycle-time', 48)).toBe(48 * 3_600_000);
    expect(targetOf('process-adherence', 85)).toBe(0.85);
    expect(targetOf('revenue-per-rep', 250_000)).toBe(250_000);
    expect(typedTarget('process-adherence', 0.85)).toBeCloseTo(85, 10);
    expect(targetOf('win-rate', null)).toBeNull();
    expect(usualDirection('stage-duration')).toBe('lower-is-better');
    expect(usualDirection('sla-adherence')).toBe('higher-is-better');
  });
});
