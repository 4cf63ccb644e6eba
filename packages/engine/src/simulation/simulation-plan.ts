import { CASE_END, type ProcessBehaviour } from './fit-process-behaviour.ts';

/**
 * What happens to a deadline's late passages (those whose time until the
 * next event is above the deadline):
 * - `escalate`: escalated at the deadline and done at most an escalation
 *   delay later: the time becomes min(time, deadline + delay) (still a miss
 *   in SLA adherence);
 * - `meet`: everyone answers in time: the time is drawn again from the
 *   step's passages within the deadline (the optimistic bound);
 * - `measure`: nothing changes; the deadline is only measured (SLA
 *   adherence of the as-is process against a to-be deadline).
 */
export type DeadlinePolicy = 'escalate' | 'meet' | 'measure';

/**
 * One to-be change, named by the log's activities (docs/simulation.md):
 * - `remove`: the step is gone; routes skip it (cases go on to where it led)
 *   and its time is saved;
 * - `merge`: the activities become one step: a case entering the merged step
 *   spends the time of the member it enters first; moving on to another
 *   member costs nothing (the work is done once); routes leave as the
 *   members' do;
 * - `deadline`: a response deadline on the step (milliseconds in the
 *   simulation's time basis), with what happens to late passages;
 * - `scale`: the step's times multiplied by `factor` (0.5: twice as fast,
 *   say e-signature instead of couriered contracts);
 * - `parallel`: the activities are done at the same time (credit check
 *   beside contract drafting): a case that passes through several of them
 *   one after another spends the longest of their times, not their sum.
 */
export type SimulationChange =
  | { kind: 'remove'; activity: string }
  | { kind: 'merge'; activities: string[]; name?: string }
  | {
      kind: 'deadline';
      activity: string;
      deadlineMs: number;
      policy?: DeadlinePolicy;
      /** Default: the median of the step's passages within the deadline. */
      escalationMs?: number;
    }
  | { kind: 'scale'; activity: string; factor: number }
  | { kind: 'parallel'; activities: string[] };

/** At most this many activities in one parallel block (one bit each in the loop). */
export const MAX_PARALLEL_ACTIVITIES = 31;

/**
 * The changes compiled onto the behaviour's activities, as flat arrays for
 * the simulation loop. A *stage* is a step of the simulated process: an
 * activity, or a merged group of them; removed activities have none.
 */
export interface SimulationPlan {
  readonly stageNames: readonly string[];
  /** Per activity: its stage, or −1 when removed. */
  readonly stageOf: Int32Array;
  /** Per activity: its merge group, or −1. */
  readonly groupOf: Int32Array;
  readonly factor: Float64Array;
  /** Per activity: its deadline in ms, or NaN. */
  readonly deadlineMs: Float64Array;
  /** Per activity: what late passages do: 0 escalate, 1 meet, 2 measure only. */
  readonly deadlinePolicy: Uint8Array;
  readonly escalationMs: Float64Array;
  /**
   * Per context (see `ProcessBehaviour`) of an activity with a deadline: its
   * passages that lead on (not to the case's end) within the deadline,
   * scaled, are `metFrom … metFrom + metCount − 1` (passages are sorted by
   * duration, end passages first).
   */
  readonly metFrom: Uint32Array;
  readonly metCount: Uint32Array;
  /** Per activity: its parallel block, or −1; and its bit within the block. */
  readonly parallelOf: Int32Array;
  readonly parallelBit: Int32Array;
}

/** The codes of `SimulationPlan.deadlinePolicy`. */
export const POLICY_CODE: Record<DeadlinePolicy, number> = { escalate: 0, meet: 1, measure: 2 };

export type PlanResult =
  | { ok: true; plan: SimulationPlan }
  | {
      ok: false;
      reason: 'unknown-activity' | 'bad-value';
      changeIndex: number;
      activity?: string;
      message: string;
    };

/** Compiles `changes` (applied in order; a later one on the same step wins) for `behaviour`. */
export function compilePlan(
  behaviour: ProcessBehaviour,
  changes: readonly SimulationChange[],
): PlanResult {
  const activityCount = behaviour.activities.length;
  const indexOf = new Map(behaviour.activities.map((name, a) => [name, a]));
  const isRemoved = new Uint8Array(activityCount);
  const groupOf = new Int32Array(activityCount).fill(-1);
  const groupNames: string[] = [];
  const factor = new Float64Array(activityCount).fill(1);
  const deadlineMs = new Float64Array(activityCount).fill(Number.NaN);
  const deadlinePolicy = new Uint8Array(activityCount);
  const escalationMs = new Float64Array(activityCount).fill(Number.NaN);
  const parallelOf = new Int32Array(activityCount).fill(-1);
  const parallelBit = new Int32Array(activityCount);
  let parallelBlocks = 0;

  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const names =
      change.kind === 'merge' || change.kind === 'parallel' ? change.activities : [change.activity];
    const activities: number[] = [];
    for (const name of names) {
      const a = indexOf.get(name);
      if (a === undefined)
        return {
          ok: false,
          reason: 'unknown-activity',
          changeIndex: i,
          activity: name,
          message: `no activity "${name}" in the log`,
        };
      activities.push(a);
    }
    const bad = (message: string): PlanResult => ({
      ok: false,
      reason: 'bad-value',
      changeIndex: i,
      message,
    });
    const a = activities[0]!;
    if (change.kind === 'remove') isRemoved[a] = 1;
    else if (change.kind === 'scale') {
      if (!(change.factor >= 0) || !Number.isFinite(change.factor))
        return bad(`a duration factor must be a number ≥ 0, not ${change.factor}`);
      factor[a] = change.factor;
    } else if (change.kind === 'deadline') {
      if (!(change.deadlineMs > 0)) return bad('a deadline must be longer than 0');
      if (change.escalationMs !== undefined && !(change.escalationMs >= 0))
        return bad('an escalation delay must be ≥ 0');
      deadlineMs[a] = change.deadlineMs;
      deadlinePolicy[a] = POLICY_CODE[change.policy ?? 'escalate'];
      escalationMs[a] = change.escalationMs ?? Number.NaN;
    } else if (change.kind === 'parallel') {
      const distinct = [...new Set(activities)];
      if (distinct.length < 2) return bad('a parallel block needs at least two activities');
      if (distinct.length > MAX_PARALLEL_ACTIVITIES)
        return bad(`a parallel block has at most ${MAX_PARALLEL_ACTIVITIES} activities`);
      const block = parallelBlocks++;
      distinct.forEach((member, bit) => {
        parallelOf[member] = block;
        parallelBit[member] = bit;
      });
    } else {
      if (activities.length < 2) return bad('a merge needs at least two activities');
      const group = groupNames.length;
      groupNames.push(change.name ?? names.join(' + '));
      for (const member of activities) groupOf[member] = group;
    }
  }

  // Stages: activities in their order, a merge group where its first member is.
  const stageOf = new Int32Array(activityCount).fill(-1);
  const stageNames: string[] = [];
  const stageOfGroup = new Int32Array(groupNames.length).fill(-1);
  for (let a = 0; a < activityCount; a++) {
    if (isRemoved[a]) continue;
    const group = groupOf[a]!;
    if (group < 0) {
      stageOf[a] = stageNames.push(behaviour.activities[a]!) - 1;
    } else {
      if (stageOfGroup[group]! < 0) stageOfGroup[group] = stageNames.push(groupNames[group]!) - 1;
      stageOf[a] = stageOfGroup[group]!;
    }
  }

  const contextCount = behaviour.passageStart.length - 1;
  const metFrom = new Uint32Array(contextCount);
  const metCount = new Uint32Array(contextCount);
  const { passageStart, passageNext, passageMs } = behaviour;
  for (let x = 0; x < contextCount; x++) {
    const a = x % activityCount;
    if (Number.isNaN(deadlineMs[a]!)) continue;
    let k = passageStart[x]!;
    const to = passageStart[x + 1]!;
    // End passages (0 ms, next −1) sort first among the zeros.
    while (k < to && passageNext[k] === CASE_END && passageMs[k] === 0) k++;
    let met = 0;
    while (k + met < to && passageMs[k + met]! * factor[a]! <= deadlineMs[a]!) met++;
    metFrom[x] = k;
    metCount[x] = met;
  }
  for (let a = 0; a < activityCount; a++) {
    if (Number.isNaN(deadlineMs[a]!) || !Number.isNaN(escalationMs[a]!)) continue;
    const met: number[] = [];
    for (let x = a; x < contextCount; x += activityCount)
      for (let k = metFrom[x]!; k < metFrom[x]! + metCount[x]!; k++) met.push(passageMs[k]!);
    escalationMs[a] = met.length === 0 ? 0 : median(met.sort((u, v) => u - v)) * factor[a]!;
  }
  return {
    ok: true,
    plan: {
      stageNames,
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
    },
  };
}

/** Median (linear interpolation) of sorted values. */
function median(sorted: readonly number[]): number {
  const h = (sorted.length - 1) / 2;
  const lower = Math.floor(h);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (h - lower) * (sorted[upper]! - sorted[lower]!);
}
