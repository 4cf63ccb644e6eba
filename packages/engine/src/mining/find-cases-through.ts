import type { EventLog } from '../event-log/index.ts';

/** What a case must pass through: an activity, or a hand-off (one activity directly followed by another). */
export type CasePassage = { activity: string } | { from: string; to: string };

export interface CaseThrough {
  caseIndex: number;
  caseId: string;
  /** Times it passed (an activity's events, or the hand-off's occurrences). */
  times: number;
  /** For a hand-off: the time between its first occurrence's two events (ms); for an activity, absent. */
  firstHandOffMs?: number;
  /** The case's first and last event (UTC ms). */
  startMs: number;
  endMs: number;
}

/**
 * The cases behind a figure of the map: those with the activity, or those in
 * which `from` is directly followed by `to` (the hand-off the map draws, the
 * same definition as the directly-follows arcs). In case order.
 */
export function findCasesThrough(log: EventLog, passage: CasePassage): CaseThrough[] {
  const index = new Map(log.activities.map((name, a) => [name, a]));
  const found: CaseThrough[] = [];
  if ('activity' in passage) {
    const a = index.get(passage.activity);
    if (a === undefined) return found;
    for (let c = 0; c < log.caseCount; c++) {
      let times = 0;
      for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++)
        if (log.activityOf[i] === a) times++;
      if (times > 0) found.push(describe(log, c, times));
    }
    return found;
  }
  const from = index.get(passage.from);
  const to = index.get(passage.to);
  if (from === undefined || to === undefined) return found;
  for (let c = 0; c < log.caseCount; c++) {
    let times = 0;
    let firstMs: number | undefined;
    for (let i = log.caseStart[c]!; i + 1 < log.caseStart[c + 1]!; i++) {
      if (log.activityOf[i] === from && log.activityOf[i + 1] === to) {
        times++;
        firstMs ??= log.timestampMs[i + 1]! - log.timestampMs[i]!;
      }
    }
    if (times > 0) found.push({ ...describe(log, c, times), firstHandOffMs: firstMs! });
  }
  return found;
}

function describe(log: EventLog, c: number, times: number): CaseThrough {
  return {
    caseIndex: c,
    caseId: log.caseIds[c]!,
    times,
    startMs: log.timestampMs[log.caseStart[c]!]!,
    endMs: log.timestampMs[log.caseStart[c + 1]! - 1]!,
  };
}
