import type { EventLog } from '../event-log/index.ts';
import { type DurationStats, summarizeDurations } from '../statistics/index.ts';
import type { ProcessAnalysis } from './analyze-log.ts';

/**
 * For logs that record when events started (`startMs`): each activity's
 * processing time (completion − start of its events) and each arc's waiting
 * time (start of B − completion of A, for pairs whose B has a start), so that
 * the time a step takes can be told from the time spent waiting for it.
 * Events without a start are left out of both. Calendar time.
 */
export function addProcessingTimes(log: EventLog, analysis: ProcessAnalysis): ProcessAnalysis {
  const starts = log.startMs;
  if (!starts) return analysis;
  const processing = new Map<string, number[]>();
  const waiting = new Map<string, number[]>();
  for (let c = 0; c < log.caseCount; c++) {
    const from = log.caseStart[c]!;
    const to = log.caseStart[c + 1]!;
    for (let i = from; i < to; i++) {
      const start = starts[i]!;
      if (Number.isNaN(start)) continue;
      const activity = log.activities[log.activityOf[i]!]!;
      push(processing, activity, log.timestampMs[i]! - start);
      if (i > from)
        push(
          waiting,
          `${log.activities[log.activityOf[i - 1]!]}\u0000${activity}`,
          Math.max(0, start - log.timestampMs[i - 1]!),
        );
    }
  }
  const statsOf = (values: number[] | undefined): DurationStats | undefined =>
    values ? summarizeDurations(values) : undefined;
  return {
    ...analysis,
    activityStats: analysis.activityStats.map((stats) =>
      withOptional(stats, 'processing', statsOf(processing.get(stats.activity))),
    ),
    dfg: analysis.dfg.map((arc) =>
      withOptional(arc, 'waiting', statsOf(waiting.get(`${arc.from}\u0000${arc.to}`))),
    ),
  };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

function withOptional<T extends object, K extends string>(
  object: T,
  key: K,
  value: DurationStats | undefined,
): T {
  return value === undefined ? object : { ...object, [key]: value };
}
