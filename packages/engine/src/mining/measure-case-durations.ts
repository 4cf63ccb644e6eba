import type { EventLog } from '../event-log/index.ts';
import { type DurationStats, summarizeDurationsInPlace } from '../statistics/index.ts';

/** Per case, the time from its first to its last event (0 for a single-event case). */
export function computeCaseDurations(log: EventLog): Float64Array {
  const durations = new Float64Array(log.caseCount);
  for (let c = 0; c < log.caseCount; c++) {
    durations[c] =
      log.timestampMs[log.caseStart[c + 1]! - 1]! - log.timestampMs[log.caseStart[c]!]!;
  }
  return durations;
}

/** Statistics of case durations (first to last event) over all cases. */
export function measureCaseDurations(log: EventLog): DurationStats {
  return summarizeDurationsInPlace(computeCaseDurations(log));
}
