import { describe, expect, it } from 'vitest';
import type { DirectlyFollowsArc } from './discover-directly-follows.ts';
import { findSlowestHandOff } from './find-slowest-hand-off.ts';

const HOUR = 3_600_000;
function arc(from: string, to: string, count: number, medianHours: number): DirectlyFollowsArc {
  const medianMs = medianHours * HOUR;
  return {
    from,
    to,
    count,
    totalMs: count * medianMs,
    meanMs: medianMs,
    medianMs,
    p90Ms: medianMs,
    minMs: 0,
    maxMs: medianMs,
  };
}

describe('findSlowestHandOff', () => {
  const overall = [
    arc('Proposal', 'Negotiation', 500, 96),
    arc('Contract Review', 'Won', 100, 48),
    arc('Lead', 'Lead', 50, 1),
  ];

  it('picks the hand-off slowest relative to the whole log, not the longest one', () => {
    // Proposal → Negotiation: 100 h / 96 h = 1.04; Contract Review → Won: 120 h / 48 h = 2.5.
    const team = [arc('Proposal', 'Negotiation', 120, 100), arc('Contract Review', 'Won', 20, 120)];
    expect(findSlowestHandOff(team, overall)).toEqual({
      from: 'Contract Review',
      to: 'Won',
      count: 20,
      medianMs: 120 * HOUR,
      overallMedianMs: 48 * HOUR,
      ratio: 2.5,
    });
  });

  it('ignores repeats of one activity and hand-offs seen fewer than 5 times', () => {
    const team = [
      arc('Lead', 'Lead', 40, 10),
      arc('Contract Review', 'Won', 4, 480),
      arc('Proposal', 'Negotiation', 5, 48),
    ];
    expect(findSlowestHandOff(team, overall)).toMatchObject({
      from: 'Proposal',
      to: 'Negotiation',
      ratio: 0.5,
    });
  });

  it('finds nothing when no hand-off qualifies', () => {
    expect(findSlowestHandOff([arc('Lead', 'Lead', 40, 10)], overall)).toBeUndefined();
  });

  it('breaks ties by count, then by names', () => {
    const all = [arc('A', 'B', 10, 1), arc('C', 'D', 10, 1), arc('E', 'F', 10, 1)];
    const team = [arc('E', 'F', 6, 2), arc('C', 'D', 9, 2), arc('A', 'B', 9, 2)];
    expect(findSlowestHandOff(team, all)).toMatchObject({ from: 'A', to: 'B' });
  });
});
