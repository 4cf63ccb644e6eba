import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { detectSkippedSteps, findDominators } from './detect-skipped-steps.ts';

/**
 * 开始 → 报价 → 商务谈判 → (合同评审 → 赢单 | 输单) → 结束: every way to 赢单
 * passes 合同评审; 输单 does not need it.
 */
function model(): ProcessModel {
  const flow = (from: string, to: string) => ({ id: `${from}->${to}`, from, to });
  return {
    ...createProcessModel('m', { zh: '现状' }),
    steps: [
      makeStep('start', { zh: '开始' }, 'start'),
      makeStep('quote', { zh: '报价' }),
      makeStep('negotiate', { zh: '商务谈判' }),
      makeStep('review', { zh: '合同评审', en: 'Contract review' }, 'approval'),
      makeStep('won', { zh: '赢单' }),
      makeStep('lost', { zh: '输单' }),
      makeStep('end', { zh: '结束' }, 'end'),
    ],
    flows: [
      flow('start', 'quote'),
      flow('quote', 'negotiate'),
      flow('negotiate', 'review'),
      flow('negotiate', 'lost'),
      flow('review', 'won'),
      flow('won', 'end'),
      flow('lost', 'end'),
    ],
  };
}

/** `won` deals signed after review, `skipped` signed without it, `lost` lost after negotiating. */
function deals(won: number, skipped: number, lost: number, lostAtQuote = 0) {
  const builder = new EventLogBuilder();
  const paths = [
    ...Array.from({ length: won }, () => ['报价', '商务谈判', '合同评审', '赢单']),
    ...Array.from({ length: skipped }, () => ['报价', '商务谈判', '赢单']),
    ...Array.from({ length: lost }, () => ['报价', '商务谈判', '输单']),
    ...Array.from({ length: lostAtQuote }, () => ['报价', '输单']),
  ];
  paths.forEach((path, d) => {
    path.forEach((activity, k) => {
      builder.add(`D${d}`, activity, d * 1e9 + k * 3.6e6);
    });
  });
  return builder.build();
}

describe('findDominators', () => {
  it('lists the steps every path from the start to a step goes through', () => {
    const dominators = findDominators(model());
    expect([...dominators.get('won')!].sort()).toEqual(
      ['negotiate', 'quote', 'review', 'start', 'won'].sort(),
    );
    expect([...dominators.get('lost')!].sort()).toEqual(
      ['lost', 'negotiate', 'quote', 'start'].sort(),
    );
    // Both branches reach the end: only the common part dominates it.
    expect([...dominators.get('end')!].sort()).toEqual(
      ['end', 'negotiate', 'quote', 'start'].sort(),
    );
  });
});

describe('detectSkippedSteps', () => {
  it('finds the cases that reach a step without passing one every path to it goes through', () => {
    // 30 deals reach 赢单; 6 of them skipped 合同评审: 20%, severity 4. Lost deals never needed it.
    const findings = detectSkippedSteps(model(), deals(24, 6, 20));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      detector: 'skipped-step',
      steps: ['合同评审'],
      severity: 4,
      suggestedType: 'non-compliance',
      evidence: { stepId: 'review', reached: 30, skipped: 6, share: 0.2 },
    });
    expect(findings[0]!.evidence.cases).toEqual(['D24', 'D25', 'D26', 'D27', 'D28', 'D29']);
    expect(detectSkippedSteps(model(), deals(20, 10, 0))[0]!.severity).toBe(5);
    expect(detectSkippedSteps(model(), deals(47, 3, 0))[0]!.severity).toBe(3);
  });

  it('finds nothing when every case keeps to the model, or too few skip', () => {
    expect(detectSkippedSteps(model(), deals(30, 0, 20))).toEqual([]);
    // The model draws 输单 after 商务谈判 only, but deals are lost at any stage.
    expect(detectSkippedSteps(model(), deals(30, 0, 20, 20))).toEqual([]);
    expect(detectSkippedSteps(model(), deals(28, 2, 0))).toEqual([]);
    expect(detectSkippedSteps(model(), deals(27, 3, 0), { share: 0.2 })).toEqual([]);
  });
});
