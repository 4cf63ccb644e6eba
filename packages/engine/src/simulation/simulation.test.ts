import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { bootstrapPercentiles } from '../statistics/bootstrap-percentiles.ts';
import { SeededRandom } from '../statistics/seeded-random.ts';
import { checkReproduction } from './check-reproduction.ts';
import { CASE_END, contextOf, fitProcessBehaviour } from './fit-process-behaviour.ts';
import { simulateWhatIf } from './simulate-what-if.ts';
import { compilePlan, type SimulationChange } from './simulation-plan.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-03-04T09:00:00Z');

/** A log from cases written as [activity, hours since the case's start] lists. */
function logOf(cases: [string, number][][], dayStepHours = 24) {
  const builder = new EventLogBuilder();
  cases.forEach((events, c) => {
    for (const [activity, hours] of events)
      builder.add(`c${c}`, activity, T0 + c * dayStepHours * HOUR + hours * HOUR);
  });
  return builder.build();
}

/** Every case A → B (2 h) → C (3 h later): cycle time 5 h exactly. */
const STRAIGHT = logOf([
  [
    ['A', 0],
    ['B', 2],
    ['C', 5],
  ],
  [
    ['A', 0],
    ['B', 2],
    ['C', 5],
  ],
]);

function simulate(
  log: ReturnType<typeof logOf>,
  changes: SimulationChange[],
  runs = 20,
  cases = 200,
  order: 1 | 2 = 2,
) {
  const result = simulateWhatIf(fitProcessBehaviour(log, { order }), changes, {
    runs,
    seed: 7,
    casesPerRun: cases,
  });
  if (!result.ok) throw new Error(result.message);
  return result.result;
}

describe('fitProcessBehaviour', () => {
  it('keeps every event with its next activity and the time until it, sorted by time', () => {
    const log = logOf([
      [
        ['A', 0],
        ['B', 2],
        ['C', 5],
      ],
      [
        ['A', 0],
        ['C', 1],
      ],
    ]);
    const behaviour = fitProcessBehaviour(log, { order: 1 });
    const a = log.activities.indexOf('A');
    const c = log.activities.indexOf('C');
    const passagesOf = (activity: string) => {
      const k = log.activities.indexOf(activity);
      const list: [string, number][] = [];
      for (let i = behaviour.passageStart[k]!; i < behaviour.passageStart[k + 1]!; i++) {
        const next = behaviour.passageNext[i]!;
        list.push([
          next === CASE_END ? 'end' : log.activities[next]!,
          behaviour.passageMs[i]! / HOUR,
        ]);
      }
      return list;
    };
    expect(passagesOf('A')).toEqual([
      ['C', 1],
      ['B', 2],
    ]);
    expect(passagesOf('B')).toEqual([['C', 3]]);
    expect(passagesOf('C')).toEqual([
      ['end', 0],
      ['end', 0],
    ]);
    expect([...behaviour.startActivityOf]).toEqual([a, a]);
    expect(c).toBeGreaterThanOrEqual(0);
    // Two cases started one day apart: two cases per day.
    expect(behaviour.casesPerDay).toBeCloseTo(2, 10);

    // Order 2: C after B and C after A are two contexts.
    const second = fitProcessBehaviour(log, { order: 2 });
    const b = log.activities.indexOf('B');
    const contextRange = (previous: number, activity: number) => {
      const x = contextOf(second, previous, activity);
      return [second.passageStart[x]!, second.passageStart[x + 1]!] as const;
    };
    const [fromAC, toAC] = contextRange(a, c);
    const [fromBC, toBC] = contextRange(b, c);
    expect([toAC - fromAC, toBC - fromBC]).toEqual([1, 1]);
    const [fromA, toA] = contextRange(-1, a);
    expect([...second.passageMs.subarray(fromA, toA)].map((ms) => ms / HOUR)).toEqual([1, 2]);
  });
});

describe('fitProcessBehaviour with thousands of activities', () => {
  it('falls back to order 1 above the context limit', () => {
    const builder = new EventLogBuilder();
    for (let a = 0; a < 2100; a++) builder.add(`c${a}`, `activity ${a}`, T0);
    const log = builder.build();
    // (2100 + 1) × 2100 = 4,412,100 contexts > 4,194,304.
    expect(fitProcessBehaviour(log, { order: 2 }).order).toBe(1);
    expect(fitProcessBehaviour(logOf([[['A', 0]]])).order).toBe(2);
  });
});

describe('simulateWhatIf', () => {
  it('reproduces a process with one path and fixed times exactly', () => {
    const { asIs, toBe } = simulate(STRAIGHT, []);
    expect(toBe).toBeNull();
    expect(asIs.cycleTime.medianMs).toBe(5 * HOUR);
    expect(asIs.cycleTime.p90Ms).toBe(5 * HOUR);
    expect(asIs.cycleTime.ci95).toEqual([5 * HOUR, 5 * HOUR]);
    expect(asIs.stages.map((stage) => [stage.name, stage.reachRate])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 1],
    ]);
  });

  it('saves a removed step’s time and routes past it', () => {
    const { toBe, gain, contributions } = simulate(STRAIGHT, [{ kind: 'remove', activity: 'B' }]);
    // A's 2 h to the next event stay; B's 3 h go.
    expect(toBe!.cycleTime.medianMs).toBe(2 * HOUR);
    expect(toBe!.stages.map((stage) => stage.name)).toEqual(['A', 'C']);
    expect(toBe!.stages.find((stage) => stage.name === 'C')!.reachRate).toBe(1);
    expect(gain!.medianMs).toBe(3 * HOUR);
    expect(gain!.ci95).toEqual([3 * HOUR, 3 * HOUR]);
    expect(contributions).toHaveLength(1);
    expect(contributions[0]!.gain.medianMs).toBe(3 * HOUR);
  });

  it('gives a merged step the time of the member entered first', () => {
    const { toBe } = simulate(STRAIGHT, [{ kind: 'merge', activities: ['A', 'B'], name: 'AB' }]);
    expect(toBe!.cycleTime.medianMs).toBe(2 * HOUR);
    expect(toBe!.stages.map((stage) => stage.name)).toEqual(['AB', 'C']);
  });

  it('scales a faster step’s times', () => {
    const { toBe } = simulate(STRAIGHT, [{ kind: 'scale', activity: 'B', factor: 0.5 }]);
    expect(toBe!.cycleTime.medianMs).toBe(3.5 * HOUR);
  });

  it('counts parallel steps once, for the longest of them', () => {
    // A (2 h) and B (3 h) side by side: 3 h, not 5 h.
    const { asIs, toBe } = simulate(STRAIGHT, [{ kind: 'parallel', activities: ['A', 'B'] }]);
    expect(asIs.cycleTime.medianMs).toBe(5 * HOUR);
    expect(toBe!.cycleTime.medianMs).toBe(3 * HOUR);
    // Both still steps of their own, reached by every case.
    expect(toBe!.stages.map((stage) => [stage.name, stage.reachRate])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 1],
    ]);
    // Each branch's time is what varies: A 1 or 4 h, then B 2 h. The block takes
    // max(A, B): 2 or 4 h, half each; the median of the cases lies between them.
    const varied = logOf([
      [
        ['A', 0],
        ['B', 1],
        ['C', 3],
      ],
      [
        ['A', 0],
        ['B', 4],
        ['C', 6],
      ],
    ]);
    const parallel = simulate(varied, [{ kind: 'parallel', activities: ['A', 'B'] }], 1, 4000, 1);
    const p90 = parallel.toBe!.cycleTime.p90Ms;
    expect(p90).toBe(4 * HOUR);
    expect(parallel.asIs.cycleTime.p90Ms).toBe(6 * HOUR);
    const mean = parallel.toBe!.cycleTime.meanMs;
    expect(mean).toBeGreaterThan(2.9 * HOUR);
    expect(mean).toBeLessThan(3.1 * HOUR);
  });

  it('refuses a parallel block of one activity', () => {
    const result = simulateWhatIf(
      fitProcessBehaviour(STRAIGHT),
      [{ kind: 'parallel', activities: ['A', 'A'] }],
      { runs: 1, seed: 1, casesPerRun: 1 },
    );
    expect(result).toMatchObject({ ok: false, reason: 'bad-value', changeIndex: 0 });
  });

  it('escalates late passages to deadline plus delay, and counts them as misses', () => {
    const deadline: SimulationChange = {
      kind: 'deadline',
      activity: 'B',
      deadlineMs: HOUR,
      escalationMs: 0.5 * HOUR,
    };
    const { asIs, toBe, gain } = simulate(STRAIGHT, [deadline]);
    expect(toBe!.cycleTime.medianMs).toBe(3.5 * HOUR);
    expect(gain!.medianMs).toBe(1.5 * HOUR);
    // Both scenarios measure the deadline; every passage of B (3 h) is late.
    expect(asIs.deadlines).toEqual([
      { stage: 'B', deadlineMs: HOUR, adherence: 0, ci95: [0, 0], passages: 20 * 200 },
    ]);
    expect(toBe!.deadlines[0]!.adherence).toBe(0);
    expect(asIs.cycleTime.medianMs).toBe(5 * HOUR);
  });

  it('routes by the directly-follows counts: 3 of 4 cases go A → B', () => {
    const log = logOf([
      [
        ['A', 0],
        ['B', 1],
      ],
      [
        ['A', 0],
        ['B', 1],
      ],
      [
        ['A', 0],
        ['B', 1],
      ],
      [
        ['A', 0],
        ['C', 10],
      ],
    ]);
    const { asIs } = simulate(log, [], 10, 10_000);
    const reach = Object.fromEntries(asIs.stages.map((stage) => [stage.name, stage.reachRate]));
    // Binomial standard deviation per run: √(0.75 · 0.25 / 10,000) ≈ 0.004.
    expect(reach.B).toBeCloseTo(0.75, 1);
    expect(Math.abs(reach.B! - 0.75)).toBeLessThan(0.02);
    expect(reach.B! + reach.C!).toBeCloseTo(1, 10);
    // Three quarters take 1 h, one quarter 10 h: median 1 h, 90th percentile 10 h.
    expect(asIs.cycleTime.medianMs).toBe(HOUR);
    expect(asIs.cycleTime.p90Ms).toBe(10 * HOUR);
  });

  it('with order 2, a second round of rework follows what second rounds did', () => {
    // After A → A the log only ever ends: at most one loop, taken by 1 case in 2.
    const log = logOf([
      [
        ['A', 0],
        ['A', 1],
      ],
      [['A', 0]],
    ]);
    const { asIs } = simulate(log, [], 4, 100_000, 2);
    expect(Math.abs(asIs.cycleTime.meanMs / HOUR - 0.5)).toBeLessThan(0.02);
    expect(asIs.cycleTime.p90Ms).toBe(HOUR);
  });

  it('repeats rework as often as measured: a 1-in-3 loop adds 0.5 loops per case', () => {
    // A's passages: once back to A (1 h), twice to the end: p = 1/3, so the
    // expected number of loops is p / (1 − p) = 0.5, i.e. a mean of 0.5 h.
    const log = logOf([
      [
        ['A', 0],
        ['A', 1],
      ],
      [['A', 0]],
    ]);
    const { asIs } = simulate(log, [], 4, 100_000);
    // Standard deviation of the mean over 100,000 cases: √0.75 h / √100,000 ≈ 0.003 h.
    expect(Math.abs(asIs.cycleTime.meanMs / HOUR - 0.5)).toBeLessThan(0.02);
  });

  describe('deadline policies on times 1, 2, 3 and 10 h with a 4 h deadline', () => {
    const log = logOf(
      [1, 2, 3, 10].map((hours) => [
        ['A', 0],
        ['B', hours],
      ]),
    );
    const deadline = (policy: 'escalate' | 'meet'): SimulationChange[] => [
      { kind: 'deadline', activity: 'A', deadlineMs: 4 * HOUR, policy },
    ];
    it('escalate: the late 10 h become 4 h + the median met time (2 h): mean 3 h, adherence ¾', () => {
      const { asIs, toBe } = simulate(log, deadline('escalate'), 4, 100_000);
      expect(Math.abs(asIs.cycleTime.meanMs / HOUR - 4)).toBeLessThan(0.05);
      expect(Math.abs(toBe!.cycleTime.meanMs / HOUR - 3)).toBeLessThan(0.05);
      expect(Math.abs(toBe!.deadlines[0]!.adherence - 0.75)).toBeLessThan(0.01);
      expect(Math.abs(asIs.deadlines[0]!.adherence - 0.75)).toBeLessThan(0.01);
    });
    it('escalate never makes a passage slower: with a 7 h delay, 10 h stays 10 h', () => {
      const slowEscalation: SimulationChange[] = [
        { kind: 'deadline', activity: 'A', deadlineMs: 4 * HOUR, escalationMs: 7 * HOUR },
      ];
      const { gain } = simulate(log, slowEscalation, 4, 1000);
      expect(gain).toEqual({ medianMs: 0, ci95: [0, 0], p90Ms: 0, p90Ci95: [0, 0] });
    });
    it('meet: the late ones are drawn from 1, 2, 3 h: mean 1.5 + ¼ · 2 = 2 h, adherence 1', () => {
      const { toBe } = simulate(log, deadline('meet'), 4, 100_000);
      expect(Math.abs(toBe!.cycleTime.meanMs / HOUR - 2)).toBeLessThan(0.05);
      expect(toBe!.deadlines[0]!.adherence).toBe(1);
    });
  });

  it('is deterministic for a seed, and pairs runs so a change that does nothing saves exactly 0', () => {
    const log = logOf(
      [1, 2, 3, 10, 7, 4].map((hours, k) => [
        ['A', 0],
        [k % 2 ? 'B' : 'C', hours],
        ['D', hours + k],
      ]),
    );
    const first = simulate(log, [{ kind: 'scale', activity: 'B', factor: 1 }]);
    const again = simulate(log, [{ kind: 'scale', activity: 'B', factor: 1 }]);
    expect(again).toEqual(first);
    expect(first.gain).toEqual({ medianMs: 0, ci95: [0, 0], p90Ms: 0, p90Ci95: [0, 0] });
    const otherSeed = simulateWhatIf(fitProcessBehaviour(log), [], {
      runs: 20,
      seed: 8,
      casesPerRun: 200,
    });
    expect(otherSeed.ok && otherSeed.result.asIs).not.toEqual(first.asIs);
  });

  it('refuses changes on activities the log does not have, saying which', () => {
    const behaviour = fitProcessBehaviour(STRAIGHT);
    expect(compilePlan(behaviour, [{ kind: 'remove', activity: 'X' }])).toMatchObject({
      ok: false,
      reason: 'unknown-activity',
      activity: 'X',
      changeIndex: 0,
    });
    expect(
      compilePlan(behaviour, [
        { kind: 'remove', activity: 'A' },
        { kind: 'scale', activity: 'B', factor: -1 },
      ]),
    ).toMatchObject({ ok: false, reason: 'bad-value', changeIndex: 1 });
  });
});

describe('checkReproduction', () => {
  it('compares the simulated figures with the log’s and their intervals', () => {
    const { asIs } = simulate(STRAIGHT, []);
    const rows = checkReproduction(STRAIGHT, asIs, { seed: 1, resamples: 100 });
    expect(rows[0]).toEqual({
      figure: 'cycle-time-median',
      measured: 5 * HOUR,
      measuredCi95: [5 * HOUR, 5 * HOUR],
      simulated: 5 * HOUR,
      simulatedCi95: [5 * HOUR, 5 * HOUR],
      isReproduced: true,
    });
    expect(rows.every((row) => row.isReproduced)).toBe(true);
    // With a deadline measured: B's passages (3 h) against 4 h: all within, measured and simulated.
    const measured = simulate(STRAIGHT, [
      { kind: 'deadline', activity: 'B', deadlineMs: 4 * HOUR, policy: 'measure' },
    ]).toBe!;
    const sla = checkReproduction(STRAIGHT, measured, { seed: 1, resamples: 10 }).at(-1)!;
    expect(sla).toMatchObject({
      figure: 'sla-adherence',
      activity: 'B',
      measured: 1,
      simulated: 1,
      isReproduced: true,
    });
    const tooFast = { ...asIs, cycleTime: { ...asIs.cycleTime, medianMs: 4 * HOUR } };
    expect(checkReproduction(STRAIGHT, tooFast, { seed: 1 })[0]!.isReproduced).toBe(false);
  });
});

describe('bootstrapPercentiles', () => {
  it('gives the spread of a resampled median: of {0, 1}, medians 0, ½ or 1', () => {
    const [median] = bootstrapPercentiles([0, 1], [0.5], 2000, new SeededRandom(3));
    // P(0) = P(1) = ¼, so both ends of the 95% interval are the extremes.
    expect(median).toEqual([0, 1]);
    expect(bootstrapPercentiles([4, 4, 4], [0.5, 0.9], 50, new SeededRandom(3))).toEqual([
      [4, 4],
      [4, 4],
    ]);
    expect(bootstrapPercentiles([], [0.5], 50, new SeededRandom(3))).toEqual([
      [Number.NaN, Number.NaN],
    ]);
  });
});
