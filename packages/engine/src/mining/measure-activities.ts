import type { SequenceLog } from '../event-log/index.ts';
import type { DurationStats } from '../statistics/index.ts';
import { compareText } from './compare.ts';

export interface ActivityStats {
  activity: string;
  /** Events with this activity. */
  events: number;
  /** Cases with at least one event of this activity. */
  cases: number;
  /** Cases where the activity occurs more than once (rework). */
  reworkCases: number;
  /** Completion − start of its events, for logs that record starts (`addProcessingTimes`). */
  processing?: DurationStats;
}

/** Events, cases and rework per activity, most frequent first. */
export function measureActivities(log: SequenceLog): ActivityStats[] {
  const activityCount = log.activities.length;
  const events = new Uint32Array(activityCount);
  const cases = new Uint32Array(activityCount);
  const reworkCases = new Uint32Array(activityCount);
  const seenInCase = new Int32Array(activityCount).fill(-1);
  const countedAsRework = new Int32Array(activityCount).fill(-1);
  for (let c = 0; c < log.caseCount; c++) {
    const to = log.caseStart[c + 1]!;
    for (let i = log.caseStart[c]!; i < to; i++) {
      const a = log.activityOf[i]!;
      events[a]!++;
      if (seenInCase[a] !== c) {
        seenInCase[a] = c;
        cases[a]!++;
      } else if (countedAsRework[a] !== c) {
        countedAsRework[a] = c;
        reworkCases[a]!++;
      }
    }
  }
  const result: ActivityStats[] = [];
  for (let a = 0; a < activityCount; a++) {
    if (events[a] === 0) continue;
    result.push({
      activity: log.activities[a]!,
      events: events[a]!,
      cases: cases[a]!,
      reworkCases: reworkCases[a]!,
    });
  }
  return result.sort((x, y) => y.events - x.events || compareText(x.activity, y.activity));
}
