import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { measureActivities } from '../mining/measure-activities.ts';
import { detectRework } from './detect-rework.ts';

/** Ten deals; the first `sentBack` go from negotiation back to quoting once. */
function deals(sentBack: number) {
  const builder = new EventLogBuilder();
  for (let d = 0; d < 10; d++) {
    const path = [
      '线索',
      '报价',
      '商务谈判',
      ...(d < sentBack ? ['报价', '商务谈判'] : []),
      '签约',
    ];
    path.forEach((activity, k) => {
      builder.add(`D${d}`, activity, d * 1e9 + k * 3.6e6);
    });
  }
  return measureActivities(builder.build());
}

describe('detectRework', () => {
  it('finds the steps a share of the cases do again, graded by that share', () => {
    // 4 of 10 deals quote and negotiate twice: 40%, severity 4.
    const findings = detectRework(deals(4));
    expect(
      findings
        .map((finding) => [finding.steps[0], finding.severity, finding.evidence.share])
        .sort(),
    ).toEqual([
      ['商务谈判', 4, 0.4],
      ['报价', 4, 0.4],
    ]);
    expect(detectRework(deals(1)).map((finding) => finding.severity)).toEqual([3, 3]);
    expect(detectRework(deals(5)).map((finding) => finding.severity)).toEqual([5, 5]);
  });

  it('finds nothing in a straight process, below the share, or with too few cases', () => {
    expect(detectRework(deals(0))).toEqual([]);
    expect(detectRework(deals(1), { share: 0.2 })).toEqual([]);
    expect(detectRework(deals(4), { minCases: 11 })).toEqual([]);
  });
});
