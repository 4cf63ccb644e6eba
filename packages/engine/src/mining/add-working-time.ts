import type { WorkingTime } from '../calendar/index.ts';
import type { EventLog } from '../event-log/index.ts';
import type { ProcessAnalysis } from './analyze-log.ts';
import { discoverDirectlyFollows } from './discover-directly-follows.ts';
import { measureCaseDurations } from './measure-case-durations.ts';
import { rankBottlenecks } from './rank-bottlenecks.ts';

/**
 * The log with each timestamp replaced by the working time elapsed up to it
 * (`WorkingTime.cumulativeMs`): every duration computed on it — a difference
 * of two timestamps — is a duration in working time. The order of events is
 * the log's own, so ties and sequences are unchanged.
 */
export function toWorkingTimeLog(log: EventLog, workingTime: WorkingTime): EventLog {
  const timestampMs = new Float64Array(log.eventCount);
  for (let i = 0; i < log.eventCount; i++)
    timestampMs[i] = workingTime.cumulativeMs(log.timestampMs[i]!);
  // Start times stay out: processing times are measured in calendar time.
  const { startMs: _startMs, ...rest } = log;
  return { ...rest, timestampMs };
}

/**
 * The analysis with working-time figures beside the calendar ones: each arc
 * and the case duration get `working` statistics (the same definitions on
 * working-time durations). The bottleneck ranking is recomputed on the new
 * arcs, still ranked by calendar time.
 */
export function addWorkingTime(
  log: EventLog,
  analysis: ProcessAnalysis,
  workingTime: WorkingTime,
): ProcessAnalysis {
  const workingLog = toWorkingTimeLog(log, workingTime);
  const workingArcs = new Map(
    discoverDirectlyFollows(workingLog).map((arc) => [`${arc.from}\u0000${arc.to}`, arc]),
  );
  const dfg = analysis.dfg.map((arc) => {
    const {
      from: _from,
      to: _to,
      working: _working,
      ...stats
    } = workingArcs.get(`${arc.from}\u0000${arc.to}`)!;
    return { ...arc, working: stats };
  });
  return {
    ...analysis,
    dfg,
    caseDuration: { ...analysis.caseDuration, working: measureCaseDurations(workingLog) },
    bottlenecks: rankBottlenecks(dfg),
  };
}
