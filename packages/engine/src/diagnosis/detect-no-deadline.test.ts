import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { attachMeasurements } from '../process-model/compare-estimates.ts';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { detectNoDeadline } from './detect-no-deadline.ts';

const HOUR = 3_600_000;

/** 报价 → 合同评审 (an approval) → 签约, with the given review deadline. */
function model(deadline?: ProcessModel['steps'][number]['deadline']): ProcessModel {
  return {
    ...createProcessModel('m', { zh: '现状' }),
    steps: [
      makeStep('quote', { zh: '报价' }),
      makeStep('review', { zh: '合同评审', en: 'Contract review' }, 'approval', {
        ...(deadline ? { deadline } : {}),
      }),
      makeStep('sign', { zh: '签约' }),
    ],
    flows: [
      { id: 'f1', from: 'quote', to: 'review' },
      { id: 'f2', from: 'review', to: 'sign' },
    ],
  };
}

/** Ten deals; the review (time until 签约) takes `reviewHours[d]` hours. */
function deals(reviewHours: number[]) {
  const builder = new EventLogBuilder();
  reviewHours.forEach((hours, d) => {
    const at = d * 1e9;
    builder.add(`D${d}`, '报价', at);
    builder.add(`D${d}`, '合同评审', at + 2 * HOUR);
    builder.add(`D${d}`, '签约', at + 2 * HOUR + hours * HOUR);
  });
  return builder.build();
}

describe('detectNoDeadline', () => {
  it('finds an approval without a deadline whose slowest cases take far longer than the usual', () => {
    // Eight reviews of 10 h and two of 80 h: median 10 h; the 90th percentile
    // (linear interpolation: rank 0.9 × 9 = 8.1, between two 80 h) is 80 h: 8× the median, severity 5.
    const log = deals([10, 10, 10, 10, 10, 10, 10, 10, 80, 80]);
    const measured = attachMeasurements(model(), log).model;
    const [finding, ...rest] = detectNoDeadline(measured);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      detector: 'no-deadline',
      steps: ['合同评审'],
      severity: 5,
      suggestedType: 'low-efficiency',
      evidence: { stepId: 'review', count: 10, medianMs: 10 * HOUR, p90Ms: 80 * HOUR, ratio: 8 },
    });
    expect(finding!.title.en).toContain('"Contract review" has no deadline');
  });

  it('finds nothing with a deadline set, with a short tail, or on too few cases', () => {
    const tailed = deals([10, 10, 10, 10, 10, 10, 10, 10, 80, 80]);
    const deadline = { value: 48, unit: 'hour', basis: 'working' } as const;
    expect(detectNoDeadline(attachMeasurements(model(deadline), tailed).model)).toEqual([]);
    const even = deals([10, 11, 12, 10, 9, 10, 12, 11, 13, 10]);
    expect(detectNoDeadline(attachMeasurements(model(), even).model)).toEqual([]);
    expect(detectNoDeadline(attachMeasurements(model(), tailed).model, { minCount: 11 })).toEqual(
      [],
    );
  });

  it('grades by how long the tail is', () => {
    // Median 10 h; 90th percentile 25 h (2.5×: 3) and 35 h (3.5×: 4).
    const at = (p90: number) =>
      detectNoDeadline(
        attachMeasurements(model(), deals([10, 10, 10, 10, 10, 10, 10, 10, p90, p90])).model,
      )[0]?.severity;
    expect(at(25)).toBe(3);
    expect(at(35)).toBe(4);
  });
});
