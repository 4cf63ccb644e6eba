import type { EventLog } from '../event-log/index.ts';
import { type DurationStats, summarizeDurationsInPlace } from '../statistics/index.ts';
import { compareText } from './compare.ts';

/**
 * One arc of the directly-follows graph: B happened right after A in a case,
 * `count` times, and the durations are the times from A to B.
 */
export interface DirectlyFollowsArc extends DurationStats {
  from: string;
  to: string;
  /** The same durations in working time, when a calendar was given (`addWorkingTime`). */
  working?: DurationStats;
  /** Start of B − completion of A, for logs that record starts (`addProcessingTimes`). */
  waiting?: DurationStats;
}

/** Above this many activities a dense A×A table would be too big; arcs go in a Map. */
const DENSE_ACTIVITY_LIMIT = 2048;

/**
 * The directly-follows graph with frequencies and exact duration statistics.
 * Arcs are ordered by count (descending), then by activity names.
 *
 * Hot path: two passes over the events (count the arcs, then place each
 * duration in its arc's slice of one Float64Array: a counting sort on arc
 * number, with no per-pair array); percentiles by selection, not sorting.
 */
export function discoverDirectlyFollows(log: EventLog): DirectlyFollowsArc[] {
  const activityCount = log.activities.length;
  const arcs: ArcTable = { from: [], to: [], counts: [] };
  const denseArcs = activityCount <= DENSE_ACTIVITY_LIMIT ? countArcsDense(log, arcs) : undefined;
  const sparseArcs = denseArcs ? undefined : countArcsSparse(log, arcs);
  const { from: arcFrom, to: arcTo, counts: arcCounts } = arcs;

  const arcTotal = arcCounts.length;
  const arcStart = new Uint32Array(arcTotal + 1);
  for (let k = 0; k < arcTotal; k++) arcStart[k + 1] = arcStart[k]! + arcCounts[k]!;
  const fill = arcStart.slice(0, arcTotal);
  const durations = new Float64Array(log.eventCount - log.caseCount);
  const { caseStart, activityOf, timestampMs } = log;
  for (let c = 0; c < log.caseCount; c++) {
    const to = caseStart[c + 1]!;
    for (let i = caseStart[c]! + 1; i < to; i++) {
      const key = activityOf[i - 1]! * activityCount + activityOf[i]!;
      const arc = denseArcs ? denseArcs[key]! : sparseArcs!.get(key)!;
      durations[fill[arc]!++] = timestampMs[i]! - timestampMs[i - 1]!;
    }
  }

  const result: DirectlyFollowsArc[] = [];
  for (let k = 0; k < arcTotal; k++) {
    const from = arcStart[k]!;
    const to = arcStart[k + 1]!;
    result.push({
      from: log.activities[arcFrom[k]!]!,
      to: log.activities[arcTo[k]!]!,
      ...summarizeDurationsInPlace(durations, from, to),
    });
  }
  return result.sort(
    (x, y) => y.count - x.count || compareText(x.from, y.from) || compareText(x.to, y.to),
  );
}

/** Arc number → its activities and count, in order of first appearance. */
interface ArcTable {
  from: number[];
  to: number[];
  counts: number[];
}

/** Counts the arcs, numbered in order of first appearance, in an A×A table (few activities); returns the table. */
function countArcsDense(log: EventLog, arcs: ArcTable): Int32Array {
  const activityCount = log.activities.length;
  const { caseStart, activityOf } = log;
  const arcId = new Int32Array(activityCount * activityCount).fill(-1);
  const counts = new Uint32Array(Math.min(activityCount * activityCount, log.eventCount) + 1);
  for (let c = 0; c < log.caseCount; c++) {
    const to = caseStart[c + 1]!;
    for (let i = caseStart[c]! + 1; i < to; i++) {
      const key = activityOf[i - 1]! * activityCount + activityOf[i]!;
      let arc = arcId[key]!;
      if (arc < 0) {
        arc = arcs.from.length;
        arcId[key] = arc;
        arcs.from.push(activityOf[i - 1]!);
        arcs.to.push(activityOf[i]!);
      }
      counts[arc]!++;
    }
  }
  for (let arc = 0; arc < arcs.from.length; arc++) arcs.counts.push(counts[arc]!);
  return arcId;
}

/** The same with a Map of arcs, for logs with thousands of activities. */
function countArcsSparse(log: EventLog, arcs: ArcTable): Map<number, number> {
  const activityCount = log.activities.length;
  const { caseStart, activityOf } = log;
  const arcId = new Map<number, number>();
  for (let c = 0; c < log.caseCount; c++) {
    const to = caseStart[c + 1]!;
    for (let i = caseStart[c]! + 1; i < to; i++) {
      const key = activityOf[i - 1]! * activityCount + activityOf[i]!;
      let arc = arcId.get(key);
      if (arc === undefined) {
        arc = arcs.from.length;
        arcId.set(key, arc);
        arcs.from.push(activityOf[i - 1]!);
        arcs.to.push(activityOf[i]!);
        arcs.counts.push(0);
      }
      arcs.counts[arc]!++;
    }
  }
  return arcId;
}
