import { describe, expect, it } from 'vitest';
import { findingImpact } from './finding-impact.ts';

const HOUR = 3_600_000;

describe('findingImpact', () => {
  it('takes the time a bottleneck holds and the cases behind it', () => {
    expect(
      findingImpact({ detector: 'bottleneck', evidence: { cases: 10, totalMs: 1200 * HOUR } }),
    ).toEqual({ casesAffected: 10, waitingMs: 1200 * HOUR });
  });

  it("counts a segment's time lost over the whole: (median − overall median) × hand-offs", () => {
    // 华北: 31 hand-offs of median 10 days against 4 overall: 31 × 6 days.
    const day = 24 * HOUR;
    expect(
      findingImpact({
        detector: 'segment-bottleneck',
        evidence: { cases: 31, medianMs: 10 * day, overallMedianMs: 4 * day },
      }),
    ).toEqual({ casesAffected: 31, waitingMs: 31 * 6 * day });
  });

  it('gives cases without a wait for rework and skips, and nothing for model findings', () => {
    expect(findingImpact({ detector: 'rework-loop', evidence: { reworkCases: 7 } })).toEqual({
      casesAffected: 7,
      waitingMs: null,
    });
    expect(findingImpact({ detector: 'missing-hand-off', evidence: { stepId: 's' } })).toEqual({
      casesAffected: null,
      waitingMs: null,
    });
  });
});
