import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import { discoverVariants } from './discover-variants.ts';

/** Each case is given as its activities in time order (one minute apart). */
function buildLog(cases: readonly (readonly string[])[]): EventLog {
  const builder = new EventLogBuilder();
  cases.forEach((activities, c) => {
    for (const [k, activity] of activities.entries())
      builder.add(`case ${c}`, activity, k * 60_000);
  });
  return builder.build();
}

describe('discoverVariants', () => {
  it('counts cases per sequence: most cases first, ties by sequence', () => {
    const variants = discoverVariants(
      buildLog([
        ['A', 'B', 'C'],
        ['A', 'C'],
        ['a', 'B'],
        ['A', 'B', 'C'],
        ['B', 'A'],
        ['A', 'B', 'D'],
        ['A', 'C'],
        ['A', 'B', 'C'],
        ['A', 'B'],
        ['A', 'A', 'B'],
      ]),
    );
    expect(variants).toEqual([
      { activities: ['A', 'B', 'C'], cases: 3 },
      { activities: ['A', 'C'], cases: 2 },
      // One case each, so by sequence, element by element:
      { activities: ['A', 'A', 'B'], cases: 1 }, // A < B at the second element
      { activities: ['A', 'B'], cases: 1 }, // a prefix comes before its extensions
      { activities: ['A', 'B', 'D'], cases: 1 },
      { activities: ['B', 'A'], cases: 1 },
      { activities: ['a', 'B'], cases: 1 }, // by UTF-16 code unit: 'B' (66) < 'a' (97)
    ]);
    expect(variants.reduce((sum, v) => sum + v.cases, 0)).toBe(10);
  });

  it('tells sequences apart by order and by repeats', () => {
    const variants = discoverVariants(buildLog([['A', 'B'], ['B', 'A'], ['A', 'B', 'B'], ['A']]));
    expect(variants.map((v) => v.activities.join(' '))).toEqual(['A', 'A B', 'A B B', 'B A']);
  });

  it('gives no variants for an empty log', () => {
    expect(discoverVariants(buildLog([]))).toEqual([]);
  });

  it('agrees with grouping cases by their joined activity names on random logs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('A', 'B', 'C'), { minLength: 1, maxLength: 5 }), {
          maxLength: 60,
        }),
        (cases) => {
          const expected = new Map<string, number>();
          for (const activities of cases) {
            const key = activities.join(' ');
            expected.set(key, (expected.get(key) ?? 0) + 1);
          }
          const actual = new Map(
            discoverVariants(buildLog(cases)).map((v) => [v.activities.join(' '), v.cases]),
          );
          expect(actual).toEqual(expected);
        },
      ),
    );
  });
});
