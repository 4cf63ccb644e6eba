import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { diagnose } from './diagnose.ts';

const HOUR = 3_600_000;

/** Ten deals: the rep's own steps 2 h apart; the contract waits 40 h at legal. */
function deals() {
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
    step('合同评审', '法务', 40);
    step('签约', '王芳', 3);
  }
  return builder.build();
}

describe('diagnose', () => {
  it('reports a hand-off that is both a bottleneck and a broken hand-off once, as the broken hand-off', () => {
    // Arcs 2, 2, 40, 3 h: typical (2 + 3) / 2 = 2.5 h, 40 h is a 16× bottleneck; it is also
    // the only owner change, 20× the same-owner steps.
    const result = diagnose({ log: deals() });
    if (!result.ok) throw new Error('no segment asked');
    expect(result.findings.map((finding) => finding.detector)).toEqual(['broken-hand-off']);
    expect(result.findings[0]!.evidence).toMatchObject({ ratio: 20, bottleneckRatio: 16 });
  });

  it('keeps the weightiest findings per detector and counts the others', () => {
    const result = diagnose({ log: deals(), limit: 0 });
    expect(result.ok && result.findings).toEqual([]);
    expect(result.ok && result.leftOut).toEqual({ 'broken-hand-off': 1 });
  });

  it('names the attributes there are when asked for one the cases lack', () => {
    expect(diagnose({ log: deals(), segmentBy: '团队' })).toEqual({
      ok: false,
      reason: 'unknown-case-attribute',
      attribute: '团队',
      available: [],
    });
  });
});
