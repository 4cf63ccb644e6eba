import { describe, expect, it } from 'vitest';
import {
  compareDirectlyFollows,
  type DirectlyFollowsArcFigures,
  type DirectlyFollowsSummary,
} from './compare-directly-follows.ts';

function arc(from: string, to: string, count: number, meanMs: number): DirectlyFollowsArcFigures {
  return { from, to, count, meanMs, medianMs: meanMs, p90Ms: meanMs, maxMs: meanMs };
}

function summary(dfg: DirectlyFollowsArcFigures[]): DirectlyFollowsSummary {
  return { events: 10, cases: 3, activities: 3, dfg };
}

describe('compareDirectlyFollows', () => {
  it('agrees when arcs match in any order and means differ only by rounding', () => {
    const pipewise = summary([arc('A', 'B', 4, 1000), arc('B', 'C', 3, 2000)]);
    const reference = summary([arc('B', 'C', 3, 2000 * (1 + 1e-9)), arc('A', 'B', 4, 1000)]);
    expect(compareDirectlyFollows(pipewise, reference)).toEqual({
      agrees: true,
      disagreements: [],
      notes: [],
    });
  });

  it('reports counts, means and arcs that differ', () => {
    const pipewise = summary([arc('A', 'B', 4, 1000), arc('B', 'A', 1, 10)]);
    const reference = summary([arc('A', 'B', 5, 1001), arc('B', 'C', 1, 10)]);
    const agreement = compareDirectlyFollows(pipewise, reference);
    expect(agreement.agrees).toBe(false);
    expect(agreement.disagreements).toEqual([
      'A → B: count Pipewise 4, reference 5',
      'A → B: mean Pipewise 1000 ms, reference 1001 ms',
      'B → A: only Pipewise has it (count 1)',
      'B → C: only the reference has it (count 1)',
    ]);
  });

  it('notes a different median without failing the agreement', () => {
    const pipewise = summary([arc('A', 'B', 4, 1000)]);
    const reference = summary([{ ...arc('A', 'B', 4, 1000), medianMs: 900 }]);
    const agreement = compareDirectlyFollows(pipewise, reference);
    expect(agreement.agrees).toBe(true);
    expect(agreement.notes).toEqual(['A → B: medianMs Pipewise 1000, reference 900']);
  });
});
