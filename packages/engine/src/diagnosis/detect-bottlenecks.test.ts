import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { discoverDirectlyFollows } from '../mining/discover-directly-follows.ts';
import { detectBottlenecks } from './detect-bottlenecks.ts';

const HOUR = 3_600_000;

/** Ten deals through four hand-offs of `hours` each (the same in every deal). */
function dealsWith(hours: { quote: number; review: number; sign: number; handOver: number }) {
  const builder = new EventLogBuilder();
  for (let d = 0; d < 10; d++) {
    let at = d * 1000 * HOUR;
    const step = (activity: string, after: number) => {
      at += after * HOUR;
      builder.add(`D${d}`, activity, at);
    };
    step('需求确认', 0);
    step('报价', hours.quote);
    step('合同评审', hours.review);
    step('签约', hours.sign);
    step('售后交接', hours.handOver);
  }
  return discoverDirectlyFollows(builder.build());
}

describe('detectBottlenecks', () => {
  it('finds the one hand-off that waits far longer than the typical one, with its figures', () => {
    // Hand-off medians 4, 120, 6, 5 h: typical (median of medians) 5.5 h; 120 h is 21.8×.
    const findings = detectBottlenecks(dealsWith({ quote: 4, review: 6, sign: 120, handOver: 5 }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      detector: 'bottleneck',
      steps: ['合同评审', '签约'],
      severity: 5,
      suggestedType: 'low-efficiency',
      evidence: { cases: 10, medianMs: 120 * HOUR, typicalMs: 5.5 * HOUR },
    });
    expect((findings[0]!.evidence.ratio as number).toFixed(2)).toBe('21.82');
  });

  it('grades by how many times the typical hand-off: 3 from 2×, 4 from 3×, 5 from 5×', () => {
    // Medians 10, 10, 10 and x: typical 10 h.
    const grade = (x: number) =>
      detectBottlenecks(dealsWith({ quote: 10, review: 10, sign: x, handOver: 10 }))[0]?.severity;
    expect(grade(19)).toBeUndefined();
    expect(grade(20)).toBe(3);
    expect(grade(30)).toBe(4);
    expect(grade(50)).toBe(5);
  });

  it('finds nothing in a process without one (no false alarm), or with too few hand-offs to judge', () => {
    expect(detectBottlenecks(dealsWith({ quote: 4, review: 6, sign: 7, handOver: 5 }))).toEqual([]);
    expect(
      detectBottlenecks(dealsWith({ quote: 4, review: 6, sign: 120, handOver: 5 }), {
        minCases: 11,
      }),
    ).toEqual([]);
  });

  it('leaves out a slow hand-off that holds too little of the time', () => {
    // 120 of 135 hours per deal: 89% of the time; 60% is asked, then 90%.
    const arcs = dealsWith({ quote: 4, review: 6, sign: 120, handOver: 5 });
    const [finding] = detectBottlenecks(arcs, { minTimeShare: 0.6 });
    expect((finding!.evidence.timeShare as number).toFixed(3)).toBe((120 / 135).toFixed(3));
    expect(detectBottlenecks(arcs, { minTimeShare: 0.9 })).toEqual([]);
  });
});
