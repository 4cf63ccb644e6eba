import type { EventLog } from '../event-log/index.ts';

/** `ProcessBehaviour.passageNext` value for "the case ended here". */
export const CASE_END = -1;

/**
 * The as-is behaviour of a process as measured in a log, kept as the
 * observations themselves (an empirical model: nothing is fitted to a
 * normal or any other shape, so long tails and bimodal waits survive).
 *
 * A *passage* is one event of a case together with what came next: the next
 * activity of the case (or `CASE_END` after its last event) and the time
 * until that next event (0 at the end). The passages of activity `a` are the
 * indices `passageStart[a] … passageStart[a + 1] − 1`, sorted by duration.
 * Drawing one of them uniformly draws the next activity with the
 * directly-follows routing probability (transition count ÷ passages of `a`,
 * the end included) and the time until it from the durations measured on
 * that very arc, so routing and duration stay jointly as measured. Rework
 * (A → B → A) is in the routing like any other transition.
 */
export interface ProcessBehaviour {
  readonly activities: readonly string[];
  readonly caseCount: number;
  /** Per case of the log, its first activity: drawing one draws a start activity. */
  readonly startActivityOf: Uint32Array;
  /** Length activities + 1. */
  readonly passageStart: Uint32Array;
  /** Per passage: the next activity, or `CASE_END`. */
  readonly passageNext: Int32Array;
  /** Per passage: milliseconds until the next event (0 at the end), ascending within an activity. */
  readonly passageMs: Float64Array;
  /** Cases started per day of the log's span (first start to last start), for scale; NaN with < 2 cases. */
  readonly casesPerDay: number;
}

const DAY_MS = 86_400_000;

/**
 * Fits the behaviour from `log`. Pass a working-time log
 * (`toWorkingTimeLog`) to simulate in working time: every duration, and
 * `casesPerDay` (then per 24 working hours), is then in working time.
 */
export function fitProcessBehaviour(
  log: Pick<
    EventLog,
    'eventCount' | 'caseCount' | 'caseStart' | 'activityOf' | 'activities' | 'timestampMs'
  >,
): ProcessBehaviour {
  const activityCount = log.activities.length;
  const { caseStart, activityOf, timestampMs } = log;
  const counts = new Uint32Array(activityCount);
  for (let i = 0; i < log.eventCount; i++) counts[activityOf[i]!]!++;
  const passageStart = new Uint32Array(activityCount + 1);
  for (let a = 0; a < activityCount; a++) passageStart[a + 1] = passageStart[a]! + counts[a]!;

  const fill = passageStart.slice(0, activityCount);
  const passageNext = new Int32Array(log.eventCount);
  const passageMs = new Float64Array(log.eventCount);
  const startActivityOf = new Uint32Array(log.caseCount);
  let firstStartMs = Number.POSITIVE_INFINITY;
  let lastStartMs = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < log.caseCount; c++) {
    const from = caseStart[c]!;
    const to = caseStart[c + 1]!;
    startActivityOf[c] = activityOf[from]!;
    firstStartMs = Math.min(firstStartMs, timestampMs[from]!);
    lastStartMs = Math.max(lastStartMs, timestampMs[from]!);
    for (let i = from; i < to; i++) {
      const k = fill[activityOf[i]!]!++;
      const isLast = i === to - 1;
      passageNext[k] = isLast ? CASE_END : activityOf[i + 1]!;
      passageMs[k] = isLast ? 0 : timestampMs[i + 1]! - timestampMs[i]!;
    }
  }
  sortPassagesByDuration(passageStart, passageNext, passageMs);
  const spanDays = (lastStartMs - firstStartMs) / DAY_MS;
  return {
    activities: log.activities,
    caseCount: log.caseCount,
    startActivityOf,
    passageStart,
    passageNext,
    passageMs,
    casesPerDay: log.caseCount >= 2 && spanDays > 0 ? log.caseCount / spanDays : Number.NaN,
  };
}

/**
 * Sorts each activity's passages by duration (next activity alongside), so
 * the passages within a deadline are a prefix: a deadline's "met" sample
 * and its escalation delay need no search at simulation time. Sampling
 * uniformly is indifferent to the order.
 */
function sortPassagesByDuration(
  passageStart: Uint32Array,
  passageNext: Int32Array,
  passageMs: Float64Array,
): void {
  for (let a = 0; a + 1 < passageStart.length; a++) {
    const from = passageStart[a]!;
    const to = passageStart[a + 1]!;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort(
      (x, y) => passageMs[x]! - passageMs[y]! || passageNext[x]! - passageNext[y]!,
    );
    const next = order.map((k) => passageNext[k]!);
    const ms = order.map((k) => passageMs[k]!);
    passageNext.set(next, from);
    passageMs.set(ms, from);
  }
}
