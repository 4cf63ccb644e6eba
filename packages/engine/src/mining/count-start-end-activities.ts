import type { EventLog } from '../event-log/index.ts';
import { compareText } from './compare.ts';

export interface ActivityCount {
  activity: string;
  count: number;
}

export interface StartEndActivities {
  /** How many cases begin with each activity. */
  start: ActivityCount[];
  /** How many cases end with each activity. */
  end: ActivityCount[];
}

/** Counts the first and the last activity of every case, most frequent first. */
export function countStartEndActivities(log: EventLog): StartEndActivities {
  const starts = new Uint32Array(log.activities.length);
  const ends = new Uint32Array(log.activities.length);
  for (let c = 0; c < log.caseCount; c++) {
    starts[log.activityOf[log.caseStart[c]!]!]!++;
    ends[log.activityOf[log.caseStart[c + 1]! - 1]!]!++;
  }
  return { start: toActivityCounts(log, starts), end: toActivityCounts(log, ends) };
}

function toActivityCounts(log: EventLog, counts: Uint32Array): ActivityCount[] {
  const result: ActivityCount[] = [];
  counts.forEach((count, a) => {
    if (count > 0) result.push({ activity: log.activities[a]!, count });
  });
  return result.sort((x, y) => y.count - x.count || compareText(x.activity, y.activity));
}
