import { DAY_MS, daysFromCivil } from '../time-zone/civil-date.ts';
import type { TimeZone } from '../time-zone/time-zone.ts';
import type { WorkingCalendar, WorkingSpan } from './working-calendar.ts';

const MINUTE_MS = 60_000;

/**
 * Working time under a calendar: `cumulativeMs(t)` is the working time from a
 * fixed origin up to the instant t, so the working time between two instants
 * is the difference (additive by construction, never more than the calendar
 * time, zero over days off). Durations of any number of events cost one
 * lookup each.
 *
 * Working hours are wall-clock times in the calendar's zone. On the two days
 * a year when clocks change, a working span that contains the change counts
 * wall-clock minutes (an hour more or less than elapsed); changes usually fall
 * at night, outside working hours.
 */
export interface WorkingTime {
  readonly calendar: WorkingCalendar;
  /** The zone whose wall-clock time the working hours are in. */
  readonly zone: TimeZone;
  cumulativeMs(utcMs: number): number;
  /** Working time between two instants (0 when `toMs` is not after `fromMs`). */
  betweenMs(fromMs: number, toMs: number): number;
  /**
   * The instant when `workingMs` of working time have passed since `fromMs`
   * (the inverse of `betweenMs`): the earliest t with betweenMs(from, t) =
   * workingMs, so a deadline lands inside working hours or at the end of a
   * working span (18:00, never the next morning). `fromMs` itself for 0 or
   * less; Infinity when the calendar has no working time for 100 years.
   */
  addMs(fromUtcMs: number, workingMs: number): number;
}

export function createWorkingTime(calendar: WorkingCalendar, zone: TimeZone): WorkingTime {
  const holidays = new Set(calendar.holidays.map(dayNumberOf));
  const workdays = new Set(calendar.workdays.map(dayNumberOf));
  const extraDayHours = calendar.workdayHours ?? calendar.weeklyHours[0] ?? [];

  const spansOf = (day: number): readonly WorkingSpan[] => {
    if (holidays.has(day)) return [];
    if (workdays.has(day)) return extraDayHours;
    // 1970-01-01 (day 0) was a Thursday: ISO weekday index 3.
    const weekday = (((day + 3) % 7) + 7) % 7;
    return calendar.weeklyHours[weekday] ?? [];
  };
  const dayWorkingMs = (day: number): number =>
    spansOf(day).reduce((sum, [start, end]) => sum + (end - start) * MINUTE_MS, 0);

  // prefix[k] = working time of days [low, low + k); grown as queries need.
  // spansByDay[k] = the spans of day low + k, so the hot path does no set lookups.
  let low = 0;
  let prefix = new Float64Array(1);
  let spansByDay: (readonly WorkingSpan[])[] = [];
  const ensure = (day: number): void => {
    const high = low + prefix.length - 1;
    if (day >= low && day < high) return;
    const newLow = Math.min(low, day - 366);
    const newHigh = Math.max(high, day + 367);
    const grown = new Float64Array(newHigh - newLow + 1);
    const spans: (readonly WorkingSpan[])[] = new Array(newHigh - newLow);
    for (let d = newLow, k = 0; d < newHigh; d++, k++) {
      spans[k] = spansOf(d);
      grown[k + 1] = grown[k]! + dayWorkingMs(d);
    }
    low = newLow;
    prefix = grown;
    spansByDay = spans;
  };

  const cumulativeMs = (utcMs: number): number => {
    const localMs = utcMs + zone.offsetAtUtc(utcMs);
    const day = Math.floor(localMs / DAY_MS);
    ensure(day);
    const minuteOfDayMs = localMs - day * DAY_MS;
    let within = 0;
    for (const [start, end] of spansByDay[day - low]!) {
      const startMs = start * MINUTE_MS;
      const endMs = end * MINUTE_MS;
      if (minuteOfDayMs > startMs) within += Math.min(minuteOfDayMs, endMs) - startMs;
    }
    return prefix[day - low]! + within;
  };

  // A forward walk over the prefix sums from the starting day: deadlines are
  // days away, so this beats a binary search over decades of days (measured
  // in bench/rules.ts). Then a walk over that day's spans.
  const instantOfCumulative = (target: number, fromDay: number): number => {
    ensure(fromDay);
    let k = fromDay - low;
    while (prefix[k + 1]! < target) {
      k++;
      if (k + 1 >= prefix.length) {
        if (k > fromDay - low + 36_600) return Number.POSITIVE_INFINITY;
        const day = low + k;
        ensure(day + 366 * 4);
        k = day - low;
      }
    }
    const day = low + k;
    let remaining = target - prefix[k]!;
    let minuteMs = 0;
    for (const [start, end] of spansByDay[k]!) {
      const spanMs = (end - start) * MINUTE_MS;
      minuteMs = start * MINUTE_MS + remaining;
      if (remaining <= spanMs) break;
      remaining -= spanMs;
    }
    return zone.localToUtc(day * DAY_MS + minuteMs);
  };

  return {
    calendar,
    zone,
    cumulativeMs,
    betweenMs: (fromMs, toMs) =>
      toMs > fromMs ? Math.max(0, cumulativeMs(toMs) - cumulativeMs(fromMs)) : 0,
    addMs: (fromUtcMs, workingMs) => {
      if (!(workingMs > 0)) return fromUtcMs;
      const fromDay = Math.floor((fromUtcMs + zone.offsetAtUtc(fromUtcMs)) / DAY_MS);
      return instantOfCumulative(cumulativeMs(fromUtcMs) + workingMs, fromDay);
    },
  };
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
function dayNumberOf(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return daysFromCivil(year!, month!, day!);
}
