import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { detectBrokenHandOffs } from './detect-broken-hand-offs.ts';

const HOUR = 3_600_000;

/**
 * Ten deals: the rep qualifies, quotes and negotiates (2 h between each, one
 * owner), then hands the contract to legal, which takes `legalHours` to start
 * the review; legal hands back for signing after 3 h.
 */
function deals(legalHours: number, legalOwner = '法务') {
  const builder = new EventLogBuilder();
  for (let d = 0; d < 10; d++) {
    let at = d * 1000 * HOUR;
    const step = (activity: string, owner: string, after: number) => {
      at += after * HOUR;
      builder.add(`D${d}`, activity, at, owner);
    };
    step('线索', '王芳', 0);
    step('报价', '王芳', 2);
    step('商务谈判', '王芳', 2);
    step('合同评审', legalOwner, legalHours);
    step('签约', '王芳', 3);
  }
  return builder.build();
}

describe('detectBrokenHandOffs', () => {
  it('finds the hand-off to another owner after which work lies idle', () => {
    // Same-owner transitions: 2 h each (20 of them); to legal: 40 h = 20×; back: 3 h = 1.5×.
    const findings = detectBrokenHandOffs(deals(40));
    expect(findings).toEqual([
      expect.objectContaining({
        detector: 'broken-hand-off',
        steps: ['商务谈判', '合同评审'],
        severity: 5,
        suggestedType: 'broken-hand-off',
        evidence: expect.objectContaining({
          handOffs: 10,
          medianMs: 40 * HOUR,
          typicalSameOwnerMs: 2 * HOUR,
          ratio: 20,
          // 40 h of the 2 + 2 + 40 + 3 = 47 h between steps with known owners, per deal.
          totalMs: 400 * HOUR,
          timeShare: 40 / 47,
        }),
      }),
    ]);
  });

  it('finds nothing when hand-offs are answered as fast as one owner works, or when one owner does it all', () => {
    expect(detectBrokenHandOffs(deals(3))).toEqual([]);
    // The same long wait with no change of owner is not a broken hand-off.
    expect(detectBrokenHandOffs(deals(40, '王芳'))).toEqual([]);
  });

  it('leaves out a broken hand-off that holds too little of the time', () => {
    expect(detectBrokenHandOffs(deals(40), { minTimeShare: 0.85 })).toHaveLength(1);
    expect(detectBrokenHandOffs(deals(40), { minTimeShare: 0.86 })).toEqual([]);
  });
});
