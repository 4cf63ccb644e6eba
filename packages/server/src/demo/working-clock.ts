import { DAY_MS, daysFromCivil, daysInMonth, type WorkingCalendar } from '@pipewise/engine';

/** The demo company works Monday to Friday, 09:00–18:00 Beijing time, without holidays. */
export const DEMO_WORKING_CALENDAR: WorkingCalendar = {
  name: 'demo',
  weeklyHours: [
    [[9 * 60, 18 * 60]],
    [[9 * 60, 18 * 60]],
    [[9 * 60, 18 * 60]],
    [[9 * 60, 18 * 60]],
    [[9 * 60, 18 * 60]],
    [],
    [],
  ],
  holidays: [],
  workdays: [],
};

/** Beijing time; a fixed offset is exact because China has had no daylight saving since 1991. */
export const DEMO_TIME_ZONE = '+08:00';
const OFFSET_MS = 8 * 3_600_000;
const DAY_START_MS = 9 * 3_600_000;

/** Seconds in the demo's working day (09:00–18:00). */
export const WORKING_DAY_S = 9 * 3600;

/**
 * The demo period on a working-time axis: the generator draws durations in
 * working seconds, so every event falls in working hours by construction,
 * and turns them into instants only at the end.
 */
export interface WorkingClock {
  /** The period, [startMs, endMs) in UTC ms: local midnight of the start date to that of the end date. */
  startMs: number;
  endMs: number;
  /** Working days in the period. */
  workingDayCount: number;
  /** The instant `workingS` working seconds after the first working day began; undefined past the period. */
  toUtcMs(workingS: number): number | undefined;
}

/** The working days from `startDate` (local `YYYY-MM-DD`) for `months` calendar months. */
export function createWorkingClock(startDate: string, months: number): WorkingClock {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate);
  const [year, month, day] = match ? match.slice(1).map(Number) : [];
  if (!year || !month || !day || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`startDate must be a date YYYY-MM-DD, not "${startDate}"`);
  }
  if (!Number.isInteger(months) || months < 1) {
    throw new RangeError(`months must be a whole number ≥ 1, not ${months}`);
  }
  const firstDay = daysFromCivil(year, month, day);
  const lastDay = daysFromCivil(...addMonths(year, month, day, months));
  const dayStartsMs: number[] = [];
  for (let d = firstDay; d < lastDay; d++) {
    if (isWeekday(d)) dayStartsMs.push(d * DAY_MS - OFFSET_MS + DAY_START_MS);
  }
  return {
    startMs: firstDay * DAY_MS - OFFSET_MS,
    endMs: lastDay * DAY_MS - OFFSET_MS,
    workingDayCount: dayStartsMs.length,
    toUtcMs(workingS) {
      const dayStartMs = dayStartsMs[Math.floor(workingS / WORKING_DAY_S)];
      return dayStartMs === undefined ? undefined : dayStartMs + (workingS % WORKING_DAY_S) * 1000;
    },
  };
}

/** The same day `months` later, or that month's last day when it is shorter (Jan 31 + 1 → Feb 28). */
function addMonths(
  year: number,
  month: number,
  day: number,
  months: number,
): [number, number, number] {
  const monthIndex = month - 1 + months;
  const newYear = year + Math.floor(monthIndex / 12);
  const newMonth = (monthIndex % 12) + 1;
  return [newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth))];
}

/** Day 0 (1970-01-01) was a Thursday: ISO weekday index 3, with Monday 0 … Sunday 6. */
function isWeekday(dayNumber: number): boolean {
  return (((dayNumber + 3) % 7) + 7) % 7 < 5;
}
