export { DAY_MS, daysFromCivil, daysInMonth } from './civil-date.ts';
export { resolveTimeZone, type TimeZone, type TimeZoneResult } from './time-zone.ts';
