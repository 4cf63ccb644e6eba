import {
  analyzeFlow,
  analyzeLog,
  combineFigures,
  type EventLog,
  type ProcessAnalysis,
} from '@pipewise/engine';
import { type HelperThread, runOnHelperThread } from './helper-thread.ts';

/** Below this many events the copy to the other thread costs more than it saves. */
const HELPER_MIN_EVENTS = 1_000_000;

/**
 * `analyzeLog`, with the figures that depend only on activity sequences
 * (variants, pass rates, rework) computed on the helper thread while this
 * thread computes the directly-follows graph and the durations. The same
 * result (see the property test of `combineFigures`).
 */
export async function analyzeLogWithHelper(
  log: EventLog,
  thread: HelperThread | undefined,
): Promise<ProcessAnalysis> {
  if (!thread?.isRunning || log.eventCount < HELPER_MIN_EVENTS) return analyzeLog(log);
  const { eventCount, caseCount, caseStart, activityOf, activities } = log;
  // Posting copies the two arrays (~4 bytes per event); the log stays usable here.
  const reply = runOnHelperThread(thread, {
    kind: 'analyze-sequences',
    log: { eventCount, caseCount, caseStart, activityOf, activities },
  });
  reply.catch(() => undefined); // awaited below
  const flow = analyzeFlow(log);
  const answer = await reply;
  if (answer.kind !== 'sequences')
    throw new Error(answer.kind === 'crash' ? answer.message : 'unexpected reply');
  return combineFigures(log, flow, answer.figures);
}
