import type { EventLog } from '../event-log/index.ts';
import { type DurationStats, summarizeDurationsInPlace } from '../statistics/index.ts';
import { compareText } from './compare.ts';

/**
 * One arc of the directly-follows graph: B happened right after A in a case,
 * `count` times, and the durations are the times from A to B.
 */
export interface DirectlyFollowsArc {
  from: string;
  to: string;
  count: number;
  totalMs: number;
  meanMs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
}

/** Above this many activities a dense A×A table would be too big; arcs go in a Map. */
const DENSE_ACTIVITY_LIMIT = 2048;

/**
 * The directly-follows graph with frequencies and exact duration statistics.
 * Arcs are ordered by count (descending), then by activity names.
 *
 * Hot path: two passes over the events, durations grouped per arc in one
 * Float64Array (a counting sort on arc id); percentiles by selection, not sorting.
 */
export function discoverDirectlyFollows(log: EventLog): DirectlyFollowsArc[] {
  const activityCount = log.activities.length;
  const { caseStart, activityOf, timestampMs } = log;
  const pairCount = log.eventCount - log.caseCount;
  const arcOfPair = new Uint32Array(pairCount);
  const arcFrom: number[] = [];
  const arcTo: number[] = [];
  const arcCounts: number[] = [];

  const isDense = activityCount <= DENSE_ACTIVITY_LIMIT;
  const denseArcId = isDense ? new Int32Array(activityCount * activityCount).fill(-1) : undefined;
  const sparseArcId = isDense ? undefined : new Map<number, number>();

  let pair = 0;
  for (let c = 0; c < log.caseCount; c++) {
    const to = caseStart[c + 1]!;
    for (let i = caseStart[c]! + 1; i < to; i++) {
      const a = activityOf[i - 1]!;
      const b = activityOf[i]!;
      const key = a * activityCount + b;
      let arc = denseArcId ? denseArcId[key]! : (sparseArcId!.get(key) ?? -1);
      if (arc < 0) {
        arc = arcCounts.length;
        arcFrom.push(a);
        arcTo.push(b);
        arcCounts.push(0);
        if (denseArcId) denseArcId[key] = arc;
        else sparseArcId!.set(key, arc);
      }
      arcCounts[arc]!++;
      arcOfPair[pair++] = arc;
    }
  }

  const arcTotal = arcCounts.length;
  const arcStart = new Uint32Array(arcTotal + 1);
  for (let k = 0; k < arcTotal; k++) arcStart[k + 1] = arcStart[k]! + arcCounts[k]!;
  const fill = arcStart.slice(0, arcTotal);
  const durations = new Float64Array(pairCount);
  pair = 0;
  for (let c = 0; c < log.caseCount; c++) {
    const to = caseStart[c + 1]!;
    for (let i = caseStart[c]! + 1; i < to; i++) {
      durations[fill[arcOfPair[pair++]!]!++] = timestampMs[i]! - timestampMs[i - 1]!;
    }
  }

  const arcs: DirectlyFollowsArc[] = [];
  for (let k = 0; k < arcTotal; k++) {
    const from = arcStart[k]!;
    const to = arcStart[k + 1]!;
    const stats: DurationStats = summarizeDurationsInPlace(durations, from, to);
    arcs.push({
      from: log.activities[arcFrom[k]!]!,
      to: log.activities[arcTo[k]!]!,
      count: stats.count,
      totalMs: stats.totalMs,
      meanMs: stats.meanMs,
      medianMs: stats.medianMs,
      p90Ms: stats.p90Ms,
      minMs: stats.minMs,
      maxMs: stats.maxMs,
    });
  }
  return arcs.sort(
    (x, y) => y.count - x.count || compareText(x.from, y.from) || compareText(x.to, y.to),
  );
}
