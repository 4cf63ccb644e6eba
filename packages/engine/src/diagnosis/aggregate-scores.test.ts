import { describe, expect, it } from 'vitest';
import { createProcessModel, makeStep } from '../process-model/process-model.ts';
import {
  aggregateScores,
  isScore,
  listScoredSteps,
  type ScoreDimension,
  type StepScore,
  summarizeDimension,
} from './aggregate-scores.ts';

const STEPS = [
  { id: 'A', name: { zh: '合同评审' } },
  { id: 'B', name: { zh: '报价' } },
  { id: 'C', name: { zh: '签约' } },
];

/** Scores of one rater on one step: [efficiency, effectiveness, compliance, customer experience], null for unscored. */
function sheet(raterId: string, stepId: string, values: (number | null)[]): StepScore[] {
  const dimensions: ScoreDimension[] = [
    'efficiency',
    'effectiveness',
    'compliance',
    'customer-experience',
  ];
  return dimensions.flatMap((dimension, k) =>
    values[k] === null ? [] : [{ raterId, stepId, dimension, score: values[k]! }],
  );
}

const SCORES = [
  ...sheet('r1', 'A', [2, 3, 4, 1]),
  ...sheet('r2', 'A', [4, 3, 5, 2]),
  ...sheet('r3', 'A', [3, 3, null, 3]),
  ...sheet('r1', 'B', [5, 5, 5, 4]),
  // A step that is not in the round and a rater who was not invited: not counted.
  ...sheet('r1', 'X', [1, 1, 1, 1]),
  ...sheet('stranger', 'B', [1, 1, 1, 1]),
];

describe('aggregateScores', () => {
  const results = aggregateScores(STEPS, ['r1', 'r2', 'r3'], SCORES, [
    { raterId: 'r2', stepId: 'A', comment: '法务没有时限' },
    { raterId: 'stranger', stepId: 'A', comment: 'not counted' },
    { raterId: 'r1', stepId: 'A', comment: '客户等太久' },
  ]);

  it('gives per step and dimension the mean, the population standard deviation, the range and the raters', () => {
    const a = results.steps[0]!;
    expect(a.stepId).toBe('A');
    // Efficiency 2, 4, 3: mean 3; σ = √((1 + 1 + 0) / 3) = √(2/3) ≈ 0.8165; 4 − 2 = 2, disputed.
    expect(a.dimensions.efficiency).toEqual({
      mean: 3,
      spread: expect.closeTo(0.8165, 4),
      min: 2,
      max: 4,
      raters: 3,
      isDisputed: true,
    });
    // Effectiveness 3, 3, 3: everyone agrees.
    expect(a.dimensions.effectiveness).toMatchObject({ mean: 3, spread: 0, isDisputed: false });
    // Compliance 4, 5 (r3 left it empty): mean 4.5, σ 0.5, one point apart.
    expect(a.dimensions.compliance).toMatchObject({
      mean: 4.5,
      spread: 0.5,
      raters: 2,
      isDisputed: false,
    });
    // Customer experience 1, 2, 3: mean 2, 3 − 1 = 2, disputed.
    expect(a.dimensions['customer-experience']).toMatchObject({ mean: 2, isDisputed: true });
    // The step's mean is the mean of its dimension means: (3 + 3 + 4.5 + 2) / 4.
    expect(a.mean).toBe(3.125);
    expect(a.raters).toBe(3);
    expect(a.isDisputed).toBe(true);
    // In the raters' order, whatever the order they came in.
    expect(a.comments).toEqual([
      { raterId: 'r1', comment: '客户等太久' },
      { raterId: 'r2', comment: '法务没有时限' },
    ]);
  });

  it('lists the lowest step first and the steps nobody scored last', () => {
    expect(results.steps.map((step) => [step.stepId, step.mean])).toEqual([
      ['A', 3.125],
      ['B', 4.75],
      ['C', null],
    ]);
    const b = results.steps[1]!;
    // One rater: no spread, no disagreement; the uninvited rater's 1s are left out.
    expect(b.dimensions.efficiency).toEqual({
      mean: 5,
      spread: 0,
      min: 5,
      max: 5,
      raters: 1,
      isDisputed: false,
    });
    expect(results.steps[2]!.dimensions.compliance).toBeNull();
    expect(results.steps[2]!.raters).toBe(0);
  });

  it('keeps the steps’ own order between equal means', () => {
    const tied = aggregateScores(
      [...STEPS].reverse(),
      ['r1'],
      [...sheet('r1', 'A', [3, 3, 3, 3]), ...sheet('r1', 'B', [3, 3, 3, 3])],
    );
    expect(tied.steps.map((step) => step.stepId)).toEqual(['B', 'A', 'C']);
  });

  it('counts per rater the step-dimension pairs scored of all the sheet has', () => {
    // 3 steps × 4 dimensions = 12 cells; r1 scored A and B fully (8), r2 only A (4), r3 three of A's.
    expect(results.raters).toEqual([
      { raterId: 'r1', scored: 8, total: 12, share: 8 / 12 },
      { raterId: 'r2', scored: 4, total: 12, share: 4 / 12 },
      { raterId: 'r3', scored: 3, total: 12, share: 0.25 },
    ]);
    expect(aggregateScores([], ['r1'], []).raters).toEqual([
      { raterId: 'r1', scored: 0, total: 0, share: 0 },
    ]);
  });
});

describe('summarizeDimension', () => {
  it('flags two raters two points apart, and not one point apart', () => {
    expect(summarizeDimension([2, 4])).toMatchObject({ mean: 3, spread: 1, isDisputed: true });
    expect(summarizeDimension([4, 5, 5, 4])).toMatchObject({
      mean: 4.5,
      spread: 0.5,
      isDisputed: false,
    });
    // σ of 1, 1, 1, 5: mean 2, √((1 + 1 + 1 + 9) / 4) = √3.
    expect(summarizeDimension([1, 1, 1, 5]).spread).toBeCloseTo(Math.sqrt(3), 12);
  });
});

describe('isScore', () => {
  it('takes the whole numbers 1 to 5 only', () => {
    expect([1, 2, 3, 4, 5].every(isScore)).toBe(true);
    expect([0, 6, 2.5, Number.NaN, '3', null].some(isScore)).toBe(false);
  });
});

describe('listScoredSteps', () => {
  it('scores the steps that do work, not start, end, gateways or events', () => {
    const model = {
      ...createProcessModel('m', { zh: '销售流程' }),
      steps: [
        makeStep('s', { zh: '开始' }, 'start'),
        makeStep('t', { zh: '报价' }, 'task'),
        makeStep('g', { zh: '是否通过' }, 'decision'),
        makeStep('h', { zh: '交接' }, 'hand-off'),
        makeStep('e', { zh: '结束' }, 'end'),
      ],
    };
    expect(listScoredSteps(model)).toEqual([
      { id: 't', name: { zh: '报价' } },
      { id: 'h', name: { zh: '交接' } },
    ]);
  });
});
