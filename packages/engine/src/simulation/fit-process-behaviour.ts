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
 * until that next event (0 at the end). Passages are grouped by *context*:
 * with `order` 1 the event's activity; with `order` 2 the activity and the
 * one before it in the case (none for a first event), so that what a case
 * does after a rework loop, or after a skipped stage, is drawn from cases
 * that did the same. The passages of context `x` are the indices
 * `passageStart[x] … passageStart[x + 1] − 1`, sorted by duration; the
 * context of activity `a` after activity `p` (−1: none) is `a` for order 1
 * and `(p + 1) · activities + a` for order 2 (`contextOf`).
 *
 * Drawing one passage of a context uniformly draws the next activity with
 * the directly-follows routing probability (transition count ÷ passages,
 * the end included) and the time until it from the durations measured on
 * that very arc, so routing and duration stay jointly as measured. Rework
 * (A → B → A) is in the routing like any other transition.
 */
export interface ProcessBehaviour {
  readonly activities: readonly string[];
  readonly caseCount: number;
  readonly order: 1 | 2;
  /** Per case of the log, its first activity: drawing one draws a start activity. */
  readonly startActivityOf: Uint32Array;
  /** Length: number of contexts + 1. */
  readonly passageStart: Uint32Array;
  /** Per passage: the next activity, or `CASE_END`. */
  readonly passageNext: Int32Array;
  /** Per passage: milliseconds until the next event (0 at the end), ascending within a context. */
  readonly passageMs: Float64Array;
  /** Cases started per day of the log's span (first start to last start), for scale; NaN with < 2 cases. */
  readonly casesPerDay: number;
}

/** The context of activity `activity` reached from `previous` (−1 for a case's first event). */
export function contextOf(
  behaviour: Pick<ProcessBehaviour, 'order' | 'activities'>,
  previous: number,
  activity: number,
): number {
  return behaviour.order === 1 ? activity : (previous + 1) * behaviour.activities.length + activity;
}

const DAY_MS = 86_400_000;

/** Above this many contexts (about 2,000 activities) a log is fitted with order 1. */
export const MAX_SECOND_ORDER_CONTEXTS = 4_194_304;

/**
 * Fits the behaviour from `log` (default `order` 2; 1 for logs with more
 * than about 2,000 activities, see `MAX_SECOND_ORDER_CONTEXTS`). Pass a working-time log
 * (`toWorkingTimeLog`) to simulate in working time: every duration, and
 * `casesPerDay` (then per 24 working hours), is then in working time.
 */
export function fitProcessBehaviour(
  log: Pick<
    EventLog,
    'eventCount' | 'caseCount' | 'caseStart' | 'activityOf' | 'activities' | 'timestampMs'
  >,
  options: { order?: 1 | 2 } = {},
): ProcessBehaviour {
  const activityCount = log.activities.length;
  // Order 2 keeps (activities + 1) × activities contexts: past ~2,000
  // activities that table alone would take tens of megabytes, so order 1.
  const order =
    (activityCount + 1) * activityCount > MAX_SECOND_ORDER_CONTEXTS ? 1 : (options.order ?? 2);
  const contextCount = order === 1 ? activityCount : (activityCount + 1) * activityCount;
  const { caseStart, activityOf, timestampMs } = log;
  const context = (c: number, i: number): number =>
    order === 1 || i === caseStart[c]
      ? activityOf[i]!
      : (activityOf[i - 1]! + 1) * activityCount + activityOf[i]!;
  const counts = new Uint32Array(contextCount);
  for (let c = 0; c < log.caseCount; c++)
    for (let i = caseStart[c]!; i < caseStart[c + 1]!; i++) counts[context(c, i)]!++;
  const passageStart = new Uint32Array(contextCount + 1);
  for (let x = 0; x < contextCount; x++) passageStart[x + 1] = passageStart[x]! + counts[x]!;

  const fill = passageStart.slice(0, contextCount);
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
      const k = fill[context(c, i)]!++;
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
    order,
    startActivityOf,
    passageStart,
    passageNext,
    passageMs,
    casesPerDay: log.caseCount >= 2 && spanDays > 0 ? log.caseCount / spanDays : Number.NaN,
  };
}

/**
 * Sorts each context's passages by duration (next activity alongside), so
 * the passages within a deadline are a prefix: a deadline's "met" sample
 * and its escalation delay need no search at simulation time. Sampling
 * uniformly is indifferent to the order.
 */
function sortPassagesByDuration(
  passageStart: Uint32Array,
  passageNext: Int32Array,
  passageMs: Float64Array,
): void {
  for (let x = 0; x + 1 < passageStart.length; x++) {
    const from = passageStart[x]!;
    const to = passageStart[x + 1]!;
    if (to - from < 2) continue;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort(
      (x, y) => passageMs[x]! - passageMs[y]! || passageNext[x]! - passageNext[y]!,
    );
    const next = order.map((k) => passageNext[k]!);
    const ms = order.map((k) => passageMs[k]!);
    passageNext.set(next, from);
    passageMs.set(ms, from);
  }
}
