import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { type CaseFilter, filterCases } from './filter-cases.ts';

const DAY = 86_400_000;
const at = (day: number): number => Date.UTC(2024, 0, 1) + day * DAY;

/**
 * Five deals (day of each event in brackets):
 *   D1 East  Lead[0] → Proposal[2] → Won[5]
 *   D2 East  Lead[1] → Proposal[3] → Won[4]
 *   D3 West  Lead[3] → Lost[10]
 *   D4 West  Lead[8] → Proposal[9] → Won[12]
 *   D5 —     Lead[20]                      (still open)
 * Variants: Lead→Proposal→Won (3 cases), Lead→Lost (1), Lead (1).
 */
function deals() {
  const builder = new EventLogBuilder();
  const rows: [string, string, number][] = [
    ['D1', 'Lead', 0],
    ['D1', 'Proposal', 2],
    ['D1', 'Won', 5],
    ['D2', 'Lead', 1],
    ['D2', 'Proposal', 3],
    ['D2', 'Won', 4],
    ['D3', 'Lead', 3],
    ['D3', 'Lost', 10],
    ['D4', 'Lead', 8],
    ['D4', 'Proposal', 9],
    ['D4', 'Won', 12],
    ['D5', 'Lead', 20],
  ];
  for (const [deal, activity, day] of rows) builder.add(deal, activity, at(day));
  for (const [deal, team] of [
    ['D1', 'East'],
    ['D2', 'East'],
    ['D3', 'West'],
    ['D4', 'West'],
  ] as const) {
    builder.setCaseAttribute('Team', builder.caseIds.intern(deal), team);
  }
  return builder.build();
}

function kept(...filters: CaseFilter[]): string[] {
  const result = filterCases(deals(), filters);
  if (!result.ok) throw new Error(result.reason);
  return [...result.log.caseIds];
}

describe('filterCases', () => {
  it('keeps cases by their place in a period [from, to)', () => {
    const window = { fromMs: at(3), toMs: at(9) };
    expect(kept({ kind: 'period', mode: 'active', ...window })).toEqual(['D1', 'D2', 'D3', 'D4']);
    expect(kept({ kind: 'period', mode: 'starting', ...window })).toEqual(['D3', 'D4']);
    expect(kept({ kind: 'period', mode: 'ending', ...window })).toEqual(['D1', 'D2']);
    expect(kept({ kind: 'period', mode: 'contained', ...window })).toEqual([]);
    expect(kept({ kind: 'period', mode: 'contained', fromMs: at(0), toMs: at(6) })).toEqual([
      'D1',
      'D2',
    ]);
  });

  it('keeps or drops cases by a case attribute; cases without a value never match', () => {
    expect(kept({ kind: 'attribute', name: 'team', values: ['East'], isExcluded: false })).toEqual([
      'D1',
      'D2',
    ]);
    expect(kept({ kind: 'attribute', name: 'Team', values: ['East'], isExcluded: true })).toEqual([
      'D3',
      'D4',
      'D5',
    ]);
  });

  it('keeps cases with or without an activity', () => {
    expect(kept({ kind: 'activity', activity: 'Proposal', isPresent: true })).toEqual([
      'D1',
      'D2',
      'D4',
    ]);
    expect(kept({ kind: 'activity', activity: 'Proposal', isPresent: false })).toEqual([
      'D3',
      'D5',
    ]);
    expect(kept({ kind: 'activity', activity: 'Nope', isPresent: true })).toEqual([]);
  });

  it('keeps cases by their first or last activity (dropping open deals)', () => {
    expect(kept({ kind: 'end-activity', activities: ['Won', 'Lost'] })).toEqual([
      'D1',
      'D2',
      'D3',
      'D4',
    ]);
    expect(kept({ kind: 'start-activity', activities: ['Proposal'] })).toEqual([]);
  });

  it('keeps the most frequent variants, by number or by share of cases', () => {
    expect(kept({ kind: 'top-variants', count: 1 })).toEqual(['D1', 'D2', 'D4']);
    // Lead→Proposal→Won holds 3/5 = 60 %; 80 % needs the next variant too:
    // Lead (1 case) before Lead→Lost (1 case), since "Lead" sorts first.
    expect(kept({ kind: 'variant-coverage', share: 0.6 })).toEqual(['D1', 'D2', 'D4']);
    expect(kept({ kind: 'variant-coverage', share: 0.8 })).toEqual(['D1', 'D2', 'D4', 'D5']);
  });

  it('keeps cases by duration, bounds included', () => {
    // Durations: D1 5 d, D2 3 d, D3 7 d, D4 4 d, D5 0.
    expect(kept({ kind: 'case-duration', minMs: 4 * DAY, maxMs: 5 * DAY })).toEqual(['D1', 'D4']);
  });

  it('applies filters in order and reports each step', () => {
    const result = filterCases(deals(), [
      { kind: 'end-activity', activities: ['Won', 'Lost'] },
      { kind: 'attribute', name: 'Team', values: ['West'], isExcluded: false },
    ]);
    if (!result.ok) throw new Error(result.reason);
    expect(result.steps.map((step) => [step.casesBefore, step.casesAfter])).toEqual([
      [5, 4],
      [4, 2],
    ]);
    expect(result.log.eventCount).toBe(5);
  });

  it('refuses an attribute the log does not have', () => {
    expect(
      filterCases(deals(), [
        { kind: 'attribute', name: 'Region', values: ['x'], isExcluded: false },
      ]),
    ).toMatchObject({
      ok: false,
      reason: 'unknown-case-attribute',
      available: ['Team'],
    });
  });
});
