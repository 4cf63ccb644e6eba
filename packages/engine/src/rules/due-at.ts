import { type WorkingTime, workingDayMs } from '../calendar/index.ts';
import { type DurationEstimate, estimateToMs } from '../process-model/process-model.ts';

/**
 * When a clock started at `startMs` with `duration` runs out: in working time
 * (`workingTime.addMs`, "3 working days" being 3 of the calendar's working
 * days) or in calendar time (plain milliseconds).
 */
export function dueAt(
  startMs: number,
  duration: DurationEstimate,
  workingTime: WorkingTime,
): number {
  if (duration.basis === 'calendar') return startMs + estimateToMs(duration);
  return workingTime.addMs(startMs, estimateToMs(duration, workingDayMs(workingTime.calendar)));
}

/** Time elapsed between two instants in the duration's basis, and the duration in ms of that basis. */
export function elapsedShare(
  startMs: number,
  atMs: number,
  duration: DurationEstimate,
  workingTime: WorkingTime,
): number {
  if (duration.basis === 'calendar') {
    const totalMs = estimateToMs(duration);
    return totalMs > 0 ? Math.max(0, atMs - startMs) / totalMs : 1;
  }
  const totalMs = estimateToMs(duration, workingDayMs(workingTime.calendar));
  return totalMs > 0 ? workingTime.betweenMs(startMs, atMs) / totalMs : 1;
}
