import { describe, expect, it } from 'vitest';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import { computePassRates } from './compute-pass-rates.ts';

/** Each case is given as its activities in time order; `padActivities` unused activities come first. */
function buildLog(cases: Record<string, readonly string[]>, padActivities = 0): EventLog {
  const builder = new EventLogBuilder();
  for (let k = 0; k < padActivities; k++) builder.activities.intern(`unused ${k}`);
  for (const [caseId, activities] of Object.entries(cases)) {
    for (const [k, activity] of activities.entries()) builder.add(caseId, activity, k * 3_600_000);
  }
  return builder.build();
}

const cases = {
  c1: ['Lead', 'Qualify', 'Proposal', 'Won'],
  c2: ['Lead', 'Qualify', 'Lost'],
  c3: ['Lead', 'Proposal', 'Qualify', 'Proposal'],
  c4: ['Qualify', 'Lead'],
  c5: ['Lead'],
};

describe('computePassRates', () => {
  it('gives, of the cases reaching A, those with a B after their first A', () => {
    // Reaching: Lead 5 (c1–c5), Qualify 4 (c1–c4), Proposal 2 (c1, c3), Won 1, Lost 1.
    expect(computePassRates(buildLog(cases))).toEqual([
      // From Lead (5 cases). c4's Qualify comes before its Lead, c5 stops at Lead.
      { from: 'Lead', to: 'Qualify', cases: 5, reached: 3, rate: 3 / 5 }, // c1, c2, c3
      { from: 'Lead', to: 'Proposal', cases: 5, reached: 2, rate: 2 / 5 }, // c1, c3
      { from: 'Lead', to: 'Lost', cases: 5, reached: 1, rate: 1 / 5 }, // c2
      { from: 'Lead', to: 'Won', cases: 5, reached: 1, rate: 1 / 5 }, // c1
      // From Qualify (4 cases).
      { from: 'Qualify', to: 'Proposal', cases: 4, reached: 2, rate: 2 / 4 }, // c1; c3's second Proposal
      { from: 'Qualify', to: 'Lead', cases: 4, reached: 1, rate: 1 / 4 }, // c4
      { from: 'Qualify', to: 'Lost', cases: 4, reached: 1, rate: 1 / 4 }, // c2
      { from: 'Qualify', to: 'Won', cases: 4, reached: 1, rate: 1 / 4 }, // c1
      // From Proposal (2 cases). No Proposal → Proposal: A and B differ.
      { from: 'Proposal', to: 'Qualify', cases: 2, reached: 1, rate: 1 / 2 }, // c3
      { from: 'Proposal', to: 'Won', cases: 2, reached: 1, rate: 1 / 2 }, // c1
      // Nothing follows Won or Lost, and pairs no case reaches are not listed.
    ]);
  });

  it('counts a B between two As: it follows the first A', () => {
    const rates = computePassRates(buildLog({ c1: ['Proposal', 'Negotiation', 'Proposal'] }));
    expect(rates).toEqual([
      { from: 'Negotiation', to: 'Proposal', cases: 1, reached: 1, rate: 1 },
      { from: 'Proposal', to: 'Negotiation', cases: 1, reached: 1, rate: 1 },
    ]);
  });

  it('gives the same rates past 2048 activities, where counts are kept in a Map', () => {
    expect(computePassRates(buildLog(cases, 2100))).toEqual(computePassRates(buildLog(cases)));
  });

  it('gives no rates for an empty log', () => {
    expect(computePassRates(buildLog({}))).toEqual([]);
  });
});
