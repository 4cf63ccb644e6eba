import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { fitProcessBehaviour } from './fit-process-behaviour.ts';
import { simulateWhatIf } from './simulate-what-if.ts';
import type { SimulationChange } from './simulation-plan.ts';

const ACTIVITIES = ['A', 'B', 'C', 'D'] as const;

/** Small random logs: 1–6 cases of 1–6 events over four activities, times in hours. */
const logs = fc.array(
  fc.array(
    fc.record({ activity: fc.constantFrom(...ACTIVITIES), hours: fc.integer({ min: 0, max: 50 }) }),
    {
      minLength: 1,
      maxLength: 6,
    },
  ),
  { minLength: 1, maxLength: 6 },
);

/** Changes that can only take time away: removals, merges, speed-ups, deadlines. */
const shorteningChanges = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('remove' as const), activity: fc.constantFrom(...ACTIVITIES) }),
    fc.record({
      kind: fc.constant('merge' as const),
      activities: fc.uniqueArray(fc.constantFrom(...ACTIVITIES), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('scale' as const),
      activity: fc.constantFrom(...ACTIVITIES),
      factor: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    fc.record({
      kind: fc.constant('deadline' as const),
      activity: fc.constantFrom(...ACTIVITIES),
      deadlineMs: fc.integer({ min: 1, max: 30 }).map((hours) => hours * 3_600_000),
      policy: fc.constantFrom('escalate' as const, 'meet' as const),
    }),
  ),
  { minLength: 1, maxLength: 3 },
);

function buildLog(cases: { activity: string; hours: number }[][]) {
  const builder = new EventLogBuilder();
  cases.forEach((events, c) => {
    // Times ascending within a case: sorted so the builder keeps this order.
    const sorted = [...events].sort((x, y) => x.hours - y.hours);
    for (const { activity, hours } of sorted) builder.add(`c${c}`, activity, hours * 3_600_000);
  });
  return builder.build();
}

describe('simulation properties', () => {
  it('changes that only take time away never lengthen any run (paired draw by draw)', () => {
    fc.assert(
      fc.property(
        logs,
        shorteningChanges,
        fc.constantFrom(1 as const, 2 as const),
        (cases, changes, order) => {
          const log = buildLog(cases);
          const known = changes.filter((change) =>
            (change.kind === 'merge' ? change.activities : [change.activity]).every((a) =>
              log.activities.includes(a),
            ),
          ) as SimulationChange[];
          if (known.length === 0) return;
          const result = simulateWhatIf(fitProcessBehaviour(log, { order }), known, {
            runs: 5,
            seed: 3,
            casesPerRun: 20,
          });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          // Every change keeps the draws and only shortens passages, so every
          // case, hence every run's median and p90, is no longer than as-is.
          expect(result.result.gain!.ci95[0]).toBeGreaterThanOrEqual(0);
          expect(result.result.gain!.p90Ci95[0]).toBeGreaterThanOrEqual(0);
          for (const { gain } of result.result.contributions)
            expect(gain.ci95[0]).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('an unchanged simulation reaches the start activities exactly as often as cases start there', () => {
    fc.assert(
      fc.property(logs, (cases) => {
        const log = buildLog(cases);
        // One run: a stage's reach rate is then that run's share, not a median over runs, and
        // medians of different stages taken across runs need not sum to 1.
        const result = simulateWhatIf(fitProcessBehaviour(log), [], {
          runs: 1,
          seed: 9,
          casesPerRun: 50,
        });
        if (!result.ok) throw new Error(result.message);
        const reach = new Map(
          result.result.asIs.stages.map((stage) => [stage.name, stage.reachRate]),
        );
        // Every simulated case reaches at least its start activity, so reach rates sum to ≥ 1;
        // an activity no case has is not a stage.
        expect([...reach.values()].reduce((sum, rate) => sum + rate, 0)).toBeGreaterThanOrEqual(
          1 - 1e-12,
        );
        for (const [name, rate] of reach) {
          expect(log.activities).toContain(name);
          expect(rate).toBeGreaterThanOrEqual(0);
          expect(rate).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 100 },
    );
  });
});
