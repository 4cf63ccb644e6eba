import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { measureStepIndicators } from './measure-step-indicators.ts';

const HOUR = 3_600_000;

/** 开始 → 报价 → 合同评审 → (赢单 | 输单) → 结束; review touches OA and e-mail. */
function model(): ProcessModel {
  const flow = (from: string, to: string) => ({ id: `${from}->${to}`, from, to });
  return {
    ...createProcessModel('m', { zh: '现状' }),
    steps: [
      makeStep('start', { zh: '开始' }, 'start'),
      makeStep('quote', { zh: '报价' }),
      makeStep('review', { zh: '合同评审' }, 'approval', { systems: ['OA', '邮件'] }),
      makeStep('won', { zh: '赢单' }),
      makeStep('lost', { zh: '输单' }),
      makeStep('end', { zh: '结束' }, 'end'),
    ],
    flows: [
      flow('start', 'quote'),
      flow('quote', 'review'),
      flow('review', 'won'),
      flow('review', 'lost'),
      flow('won', 'end'),
      flow('lost', 'end'),
    ],
  };
}

/**
 * Ten deals, each quoted by 王芳 at hour 0:
 * - D0–D3: legal reviews after 10 h, signed 20 h later (won);
 * - D4: reviewed after 10 h, reviewed again 5 h later, signed 20 h after that (won, rework);
 * - D5–D6: signed 10 h after the quote without review (won, skipped);
 * - D7–D8: reviewed after 10 h, lost 30 h later;
 * - D9: reviewed after 10 h, still open.
 */
function deals() {
  const builder = new EventLogBuilder();
  const deal = (d: number, steps: [string, number, string][]) => {
    let at = d * 1000 * HOUR;
    builder.add(`D${d}`, '报价', at, '王芳');
    for (const [activity, after, owner] of steps) {
      at += after * HOUR;
      builder.add(`D${d}`, activity, at, owner);
    }
  };
  for (const d of [0, 1, 2, 3])
    deal(d, [
      ['合同评审', 10, '法务'],
      ['赢单', 20, '王芳'],
    ]);
  deal(4, [
    ['合同评审', 10, '法务'],
    ['合同评审', 5, '法务'],
    ['赢单', 20, '王芳'],
  ]);
  for (const d of [5, 6]) deal(d, [['赢单', 10, '王芳']]);
  for (const d of [7, 8])
    deal(d, [
      ['合同评审', 10, '法务'],
      ['输单', 30, '王芳'],
    ]);
  deal(9, [['合同评审', 10, '法务']]);
  return builder.build();
}

describe('measureStepIndicators', () => {
  const indicators = measureStepIndicators(model(), deals());
  const review = indicators.find((step) => step.stepId === 'review')!;

  it('measures the waiting before a step and the time in it', () => {
    // Waiting: eight arrivals 10 h after the quote, one 5 h after the first review.
    expect(review.waiting).toEqual({ count: 9, medianMs: 10 * HOUR, p90Ms: 10 * HOUR });
    // In it: 20 ×5 (D0–D3 and D4's second), 5 (D4's first), 30 ×2; D9 has no next event.
    // Sorted 5, 20, 20, 20, 20, 20, 30, 30: median at rank 3.5 = 20 h, p90 at rank 6.3 = 30 h.
    expect(review.inStep).toEqual({ count: 8, medianMs: 20 * HOUR, p90Ms: 30 * HOUR });
  });

  it('counts skips, rework, drop-off, hand-offs, owners and systems', () => {
    expect(review.activity).toBe('合同评审');
    expect(review.cases).toBe(8);
    // 7 deals reached 赢单, which every path reaches through review; 2 without it.
    expect(review.skip).toEqual({ cases: 2, of: 7, share: 2 / 7 });
    expect(review.rework).toEqual({ cases: 1, share: 1 / 8 });
    // D7 and D8 lost after it (输单 is no step of their own), D9 still there: 3 of 8.
    expect(review.dropOff).toEqual({ cases: 3, share: 3 / 8 });
    // 9 review events; 8 came from 王芳's quote, D4's second from 法务 itself.
    expect(review.handOffs).toEqual({ count: 8, share: 8 / 9 });
    expect(review.owners).toBe(1);
    expect(review.systems).toBe(2);
  });

  it('sets the win rate through the step against the others, with a 95% interval', () => {
    // Through review: 5 of 8 won; not through: 2 of 2. Newcombe's interval,
    // computed independently: −0.6943 to 0.3244.
    const win = review.win!;
    expect(win.through).toEqual({ cases: 8, won: 5, rate: 5 / 8 });
    expect(win.notThrough).toEqual({ cases: 2, won: 2, rate: 1 });
    expect(win.difference).toBeCloseTo(-0.375, 10);
    expect(win.ci95[0]).toBeCloseTo(-0.6943, 4);
    expect(win.ci95[1]).toBeCloseTo(0.3244, 4);
  });

  it('says nothing where the data cannot: a losing step has no drop-off, an unmatched step no figures', () => {
    const lost = indicators.find((step) => step.stepId === 'lost')!;
    expect(lost.dropOff).toBeNull();
    expect(lost.skip).toBeNull();
    const quote = indicators.find((step) => step.stepId === 'quote')!;
    // Every deal passes the quote: nobody to compare with.
    expect(quote.win).toBeNull();
    const unmatched = measureStepIndicators(
      { ...model(), steps: [...model().steps, makeStep('x', { zh: '回款' })] },
      deals(),
    ).find((step) => step.stepId === 'x')!;
    expect(unmatched).toMatchObject({ activity: null, cases: 0, waiting: null, win: null });
    expect(indicators.map((step) => step.stepId)).toEqual(['quote', 'review', 'won', 'lost']);
  });
});
