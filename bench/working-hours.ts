import type { SeededRandom } from '@pipewise/engine';
import { SECONDS_PER_DAY } from './format-timestamp.ts';

/**
 * Office hours of the synthetic sales organisation: Monday to Friday,
 * 09:00–18:00 wall time. Reps update the CRM while at work, so every event of
 * a generated log falls inside these hours; the nights and weekends in between
 * are what makes calendar time and working time differ.
 */
export const WORKDAY_START_SECOND = 9 * 3600;
export const WORKDAY_END_SECOND = 18 * 3600;
export const WORKING_SECONDS_PER_DAY = WORKDAY_END_SECOND - WORKDAY_START_SECOND;

/** Work that piles up outside office hours is entered within this long after opening. */
const MORNING_CATCH_UP_SECONDS = 2 * 3600;

/** 1970-01-01, day 0, was a Thursday: (day + 3) mod 7 counts from Monday = 0. */
export function dayOfWeekFromMonday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export function isWorkingDay(dayNumber: number): boolean {
  return dayOfWeekFromMonday(dayNumber) < 5;
}

/**
 * The moment itself when it is inside office hours; otherwise a moment early on
 * the next working morning, as when a rep records in the morning what happened
 * (or was decided) in the evening or over the weekend. Never earlier than the input.
 */
export function moveIntoWorkingHours(wallSeconds: number, random: SeededRandom): number {
  let dayNumber = Math.floor(wallSeconds / SECONDS_PER_DAY);
  const secondOfDay = wallSeconds - dayNumber * SECONDS_PER_DAY;
  if (
    isWorkingDay(dayNumber) &&
    secondOfDay >= WORKDAY_START_SECOND &&
    secondOfDay < WORKDAY_END_SECOND
  ) {
    return wallSeconds;
  }
  if (secondOfDay >= WORKDAY_START_SECOND) dayNumber++;
  while (!isWorkingDay(dayNumber)) dayNumber++;
  return (
    dayNumber * SECONDS_PER_DAY + WORKDAY_START_SECOND + random.nextInt(MORNING_CATCH_UP_SECONDS)
  );
}

/**
 * Wall seconds of a point on the working-time axis that starts at the Monday
 * `firstMondayDayNumber` 09:00 and skips nights and weekends. Monotonic, so
 * case start times spread evenly over working time come out already sorted.
 */
export function wallSecondsAtWorkingOffset(
  firstMondayDayNumber: number,
  workingOffsetSeconds: number,
): number {
  const workdayIndex = Math.floor(workingOffsetSeconds / WORKING_SECONDS_PER_DAY);
  const secondIntoWorkday = workingOffsetSeconds - workdayIndex * WORKING_SECONDS_PER_DAY;
  const week = Math.floor(workdayIndex / 5);
  const dayNumber = firstMondayDayNumber + week * 7 + (workdayIndex % 5);
  return dayNumber * SECONDS_PER_DAY + WORKDAY_START_SECOND + Math.floor(secondIntoWorkday);
}
