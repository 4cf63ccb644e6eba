import type { EventLog } from './event-log.ts';

/**
 * Drops every event whose activity equals the previous event's activity in the
 * same case, keeping the first of each run. Stage-history exports (Salesforce
 * OpportunityHistory) write a row whenever amount or close date change, so a
 * deal "in Negotiation" shows as Negotiation → Negotiation → …; collapsed, the
 * log holds stage changes only.
 */
export function collapseRepeats(log: EventLog): EventLog {
  const keep = new Uint8Array(log.eventCount);
  const caseStart = new Uint32Array(log.caseCount + 1);
  let kept = 0;
  for (let c = 0; c < log.caseCount; c++) {
    const from = log.caseStart[c]!;
    const to = log.caseStart[c + 1]!;
    for (let i = from; i < to; i++) {
      if (i === from || log.activityOf[i] !== log.activityOf[i - 1]) {
        keep[i] = 1;
        kept++;
      }
    }
    caseStart[c + 1] = kept;
  }
  const activityOf = new Uint32Array(kept);
  const resourceOf = new Uint32Array(kept);
  const timestampMs = new Float64Array(kept);
  const startMs = log.startMs ? new Float64Array(kept) : undefined;
  let j = 0;
  for (let i = 0; i < log.eventCount; i++) {
    if (keep[i] === 0) continue;
    activityOf[j] = log.activityOf[i]!;
    resourceOf[j] = log.resourceOf[i]!;
    timestampMs[j] = log.timestampMs[i]!;
    if (startMs) startMs[j] = log.startMs![i]!;
    j++;
  }
  return {
    ...log,
    eventCount: kept,
    caseStart,
    activityOf,
    resourceOf,
    timestampMs,
    ...(startMs ? { startMs } : {}),
  };
}
