import { describe, expect, it } from 'vitest';
import { checkScoreSheet, sheetToScores } from './check-score-sheet.ts';

const STEPS = [
  { id: 'quote', name: { zh: '报价' } },
  { id: 'review', name: { zh: '合同评审' } },
];

describe('checkScoreSheet', () => {
  it('accepts whole scores 1–5 and empty cells of the round’s steps', () => {
    expect(
      checkScoreSheet(STEPS, [
        { stepId: 'quote', scores: { efficiency: 1, compliance: 5, effectiveness: null } },
        { stepId: 'review', scores: {}, comment: '无时限' },
      ]),
    ).toEqual([]);
  });

  it('lists every problem: a removed step, scores outside 1–5 or not whole, a step twice', () => {
    expect(
      checkScoreSheet(STEPS, [
        { stepId: 'quote', scores: { efficiency: 0, 'customer-experience': 3.5 } },
        { stepId: 'removed-in-v2', scores: { efficiency: 3 } },
        { stepId: 'review', scores: { compliance: 6 } },
        { stepId: 'quote', scores: {} },
      ]),
    ).toEqual([
      { reason: 'invalid-score', entry: 0, stepId: 'quote', dimension: 'efficiency', value: 0 },
      {
        reason: 'invalid-score',
        entry: 0,
        stepId: 'quote',
        dimension: 'customer-experience',
        value: 3.5,
      },
      { reason: 'unknown-step', entry: 1, stepId: 'removed-in-v2' },
      { reason: 'invalid-score', entry: 2, stepId: 'review', dimension: 'compliance', value: 6 },
      { reason: 'duplicate-step', entry: 3, stepId: 'quote' },
    ]);
  });
});

describe('sheetToScores', () => {
  it('turns the rows into scores and comments, leaving empty cells and blank comments out', () => {
    expect(
      sheetToScores('r1', [
        { stepId: 'quote', scores: { efficiency: 2, compliance: null }, comment: '  ' },
        { stepId: 'review', scores: { 'customer-experience': 1 }, comment: ' 客户等太久 ' },
      ]),
    ).toEqual({
      scores: [
        { raterId: 'r1', stepId: 'quote', dimension: 'efficiency', score: 2 },
        { raterId: 'r1', stepId: 'review', dimension: 'customer-experience', score: 1 },
      ],
      comments: [{ raterId: 'r1', stepId: 'review', comment: '客户等太久' }],
    });
  });
});
