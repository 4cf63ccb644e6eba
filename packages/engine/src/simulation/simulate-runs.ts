import { percentileOfSorted } from '../statistics/percentile.ts';
import { SeededRandom } from '../statistics/seeded-random.ts';
import { CASE_END, type ProcessBehaviour } from './fit-process-behaviour.ts';
import { POLICY_CODE, type SimulationPlan } from './simulation-plan.ts';

const MEET = POLICY_CODE.meet;
const MEASURE = POLICY_CODE.measure;

export interface RunOptions {
  runs: number;
  casesPerRun: number;
  seed: number;
}

/** Above this many passages a case is cut off (a loop the routing never leaves); counted in `truncatedCases`. */
export const MAX_PASSAGES_PER_CASE = 100_000;

/**
 * The raw per-run figures of a simulation, run `r` at index `r` (stage
 * figures at `r × stageCount + stage`). Kept per run so intervals across
 * runs and paired differences between scenarios can be taken.
 */
export interface RunFigures {
  runs: number;
  casesPerRun: number;
  stageNames: readonly string[];
  /** Per run: the median, 90th percentile and mean of its cases' cycle times. */
  medianMs: Float64Array;
  p90Ms: Float64Array;
  meanMs: Float64Array;
  /** Per run and stage: cases that reached the stage at least once. */
  reachedCases: Uint32Array;
  /** Per run and stage with a deadline: passages that led on, and those within the deadline. */
  deadlinePassages: Uint32Array;
  deadlineMet: Uint32Array;
  truncatedCases: number;
}

/** The generator's state advances by this odd constant per draw (mulberry32). */
const MULBERRY_INCREMENT = 0x6d2b79f5;

/**
 * The generator of run `r`: run r starts ⌊2³² / runs⌋ draws after run r − 1
 * on mulberry32's single cycle of 2³² states, so runs draw disjoint
 * stretches (while a run needs fewer draws than that) and run r of two
 * scenarios starts from the same state: common random numbers, which make
 * the paired difference between scenarios far less noisy than each alone.
 */
export function randomForRun(seed: number, run: number, runs: number): SeededRandom {
  const spacing = Math.floor(4294967296 / Math.max(1, runs));
  return new SeededRandom((seed + Math.imul(Math.imul(run, spacing), MULBERRY_INCREMENT)) | 0);
}

/**
 * Simulates `runs` runs of `casesPerRun` cases each (Monte Carlo over
 * cases; docs/simulation.md). A case starts at the first activity of a
 * case of the log drawn at random, then repeatedly draws one passage of its
 * current context (activity, and previous activity for order 2; see
 * `ProcessBehaviour`), changed as the plan says, until
 * a passage ends the case. Its cycle time is the sum of its passages' times:
 * first event to last, as `caseDuration` measures it — except that
 * consecutive passages through different members of a parallel block count
 * their longest time once.
 *
 * Hot path: one uniform draw per passage (a late one under `meet` reuses its fraction),
 * no allocation per case; cycle times of a run in one reused Float64Array.
 */
export function simulateRuns(
  behaviour: ProcessBehaviour,
  plan: SimulationPlan,
  options: RunOptions,
): RunFigures {
  const { runs, casesPerRun } = options;
  const stageCount = plan.stageNames.length;
  const { startActivityOf, passageStart, passageNext, passageMs, caseCount } = behaviour;
  const isSecondOrder = behaviour.order === 2;
  const activityCount = behaviour.activities.length;
  const {
    stageOf,
    groupOf,
    factor,
    deadlineMs,
    deadlinePolicy,
    escalationMs,
    metFrom,
    metCount,
    parallelOf,
    parallelBit,
  } = plan;
  const medianMs = new Float64Array(runs);
  const p90Ms = new Float64Array(runs);
  const meanMs = new Float64Array(runs);
  const reachedCases = new Uint32Array(runs * stageCount);
  const deadlinePassages = new Uint32Array(runs * stageCount);
  const deadlineMet = new Uint32Array(runs * stageCount);
  const cycleMs = new Float64Array(casesPerRun);
  // The case that last reached each stage: marks a stage reached once per case.
  const lastCaseOfStage = new Float64Array(stageCount).fill(-1);
  let truncatedCases = 0;
  let caseNumber = 0;

  for (let r = 0; r < runs; r++) {
    const random = randomForRun(options.seed, r, runs);
    const row = r * stageCount;
    let totalMs = 0;
    for (let c = 0; c < casesPerRun; c++, caseNumber++) {
      let a = startActivityOf[Math.floor(random.nextFloat() * caseCount)]!;
      // The previous activity of the as-is chain (for the context) and the
      // previous one still a step of the scenario (for merged steps).
      let previousActivity = -1;
      let previous = -1;
      let elapsedMs = 0;
      let passages = 0;
      // The parallel block the case is in, the members passed in it (bits), and its longest time so far.
      let block = -1;
      let blockSeen = 0;
      let blockMaxMs = 0;
      for (;;) {
        const x = isSecondOrder ? (previousActivity + 1) * activityCount + a : a;
        const from = passageStart[x]!;
        const scaled = random.nextFloat() * (passageStart[x + 1]! - from);
        const k = from + Math.floor(scaled);
        const next = passageNext[k]!;
        const stage = stageOf[a]!;
        const group = groupOf[a]!;
        // Moving on inside a merged step costs nothing; removed steps take no time.
        const isCollapsed =
          group >= 0 && previous >= 0 && previous !== a && groupOf[previous] === group;
        if (stage >= 0 && !isCollapsed) {
          if (lastCaseOfStage[stage] !== caseNumber) {
            lastCaseOfStage[stage] = caseNumber;
            reachedCases[row + stage]!++;
          }
          if (next !== CASE_END) {
            let ms = passageMs[k]! * factor[a]!;
            const deadline = deadlineMs[a]!;
            if (!Number.isNaN(deadline)) {
              deadlinePassages[row + stage]!++;
              if (ms <= deadline) deadlineMet[row + stage]!++;
              else if (deadlinePolicy[a] === MEASURE) {
                // Measured only: the late passage keeps its time.
              } else if (deadlinePolicy[a] === MEET && metCount[x]! > 0) {
                // The draw's unused fraction is uniform again: one draw per
                // passage in every scenario keeps the runs paired.
                const u = scaled - Math.floor(scaled);
                ms = passageMs[metFrom[x]! + Math.floor(u * metCount[x]!)]! * factor[a]!;
                deadlineMet[row + stage]!++;
              } else {
                // Escalated at the deadline: done by deadline + delay, never later than it would have been.
                ms = Math.min(ms, deadline + escalationMs[a]!);
              }
            }
            const inBlock = parallelOf[a]!;
            const bit = 1 << parallelBit[a]!;
            if (inBlock >= 0 && inBlock === block && (blockSeen & bit) === 0) {
              // Another branch of the same parallel block: only what it takes beyond the longest so far adds up.
              if (ms > blockMaxMs) {
                elapsedMs += ms - blockMaxMs;
                blockMaxMs = ms;
              }
              blockSeen |= bit;
            } else {
              elapsedMs += ms;
              block = inBlock;
              blockSeen = inBlock >= 0 ? bit : 0;
              blockMaxMs = ms;
            }
          }
        }
        if (stage >= 0) previous = a;
        if (next === CASE_END) break;
        if (++passages >= MAX_PASSAGES_PER_CASE) {
          truncatedCases++;
          break;
        }
        previousActivity = a;
        a = next;
      }
      cycleMs[c] = elapsedMs;
      totalMs += elapsedMs;
    }
    cycleMs.sort();
    medianMs[r] = percentileOfSorted(cycleMs, 0.5);
    p90Ms[r] = percentileOfSorted(cycleMs, 0.9);
    meanMs[r] = totalMs / casesPerRun;
  }
  return {
    runs,
    casesPerRun,
    stageNames: plan.stageNames,
    medianMs,
    p90Ms,
    meanMs,
    reachedCases,
    deadlinePassages,
    deadlineMet,
    truncatedCases,
  };
}
