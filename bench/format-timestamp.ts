/**
 * Wall-clock timestamps as a CRM export writes them: `YYYY-MM-DD HH:mm:ss`,
 * without a zone. The generator keeps time as whole seconds since 1970-01-01
 * 00:00:00 of that wall clock ("wall seconds"); no time zone is involved, so
 * there are no daylight-saving gaps to think about.
 */

export const SECONDS_PER_DAY = 86_400;

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, n) =>
  String(n).padStart(2, '0'),
);

/**
 * `YYYY-MM-DD` of a day number (days since 1970-01-01), by Howard Hinnant's
 * civil_from_days: exact for every Gregorian date, no Date object.
 */
export function formatCivilDate(dayNumber: number): string {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/** Day number of a civil date (the inverse of formatCivilDate), Hinnant's days_from_civil. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** `HH:mm:ss` of a second of the day in [0, 86400). */
export function formatTimeOfDay(secondOfDay: number): string {
  const hours = Math.floor(secondOfDay / 3600);
  const minutes = Math.floor(secondOfDay / 60) % 60;
  return `${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[secondOfDay % 60]}`;
}

/** `YYYY-MM-DD HH:mm:ss` of wall seconds; the hot path formats the date once per day instead. */
export function formatWallTimestamp(wallSeconds: number): string {
  const dayNumber = Math.floor(wallSeconds / SECONDS_PER_DAY);
  return `${formatCivilDate(dayNumber)} ${formatTimeOfDay(wallSeconds - dayNumber * SECONDS_PER_DAY)}`;
}
