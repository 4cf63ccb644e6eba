import type { Locale } from './i18n.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Unit = 'day' | 'hour' | 'minute' | 'second';

function unitFormat(locale: Locale, unit: Unit, digits: number): Intl.NumberFormat {
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: locale === 'en' ? 'narrow' : 'long',
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/**
 * A duration as people read it, in the locale's words: days with one decimal
 * from a day on ("3.2d", "3.2天"), hours from an hour, then minutes, then
 * seconds. In working time (`workingDayMs` given), days are working days of
 * that length (8 h for the shipped calendars), as the method states them:
 * 16 working hours are "2.0" working days.
 */
export function formatDuration(ms: number, locale: Locale, workingDayMs?: number): string {
  if (!Number.isFinite(ms)) return '–';
  const day = workingDayMs && workingDayMs > 0 ? workingDayMs : DAY;
  const abs = Math.abs(ms);
  if (abs >= day) return unitFormat(locale, 'day', 1).format(ms / day);
  if (abs >= HOUR) return unitFormat(locale, 'hour', 1).format(ms / HOUR);
  if (abs >= MINUTE) return unitFormat(locale, 'minute', 0).format(Math.round(ms / MINUTE));
  return unitFormat(locale, 'second', 0).format(Math.round(ms / 1000));
}

/** A count with the locale's grouping: 12,345. */
export function formatCount(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A share 0–1 as a percentage with one decimal: 42.5%. */
export function formatShare(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
  }).format(value);
}

/** A date and time in the locale's form, in the browser's time zone unless told. */
export function formatDateTime(iso: string | number, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}
