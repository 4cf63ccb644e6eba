/** A span of working time within a day, in minutes after local midnight: [start, end). */
export type WorkingSpan = readonly [startMinute: number, endMinute: number];

/**
 * When people work: hours per weekday, days off, and days worked although
 * they are normally off (China's 调休 make-up workdays). All in local time.
 */
export interface WorkingCalendar {
  name: string;
  /** Index 0 is Monday … 6 is Sunday (ISO order). */
  weeklyHours: readonly (readonly WorkingSpan[])[];
  /** Local dates `YYYY-MM-DD` without work (public holidays, company closures). */
  holidays: readonly string[];
  /** Local dates `YYYY-MM-DD` worked although normally off; they get `workdayHours`. */
  workdays: readonly string[];
  /** Hours of an extra workday; Monday's when absent. */
  workdayHours?: readonly WorkingSpan[];
}

const MORNING_AND_AFTERNOON: readonly WorkingSpan[] = [
  [9 * 60, 12 * 60],
  [13 * 60, 18 * 60],
];
const NINE_TO_FIVE: readonly WorkingSpan[] = [[9 * 60, 17 * 60]];

/** Monday to Friday, 09:00–17:00, no holidays. */
export const MONDAY_TO_FRIDAY: WorkingCalendar = {
  name: 'mon-fri',
  weeklyHours: [NINE_TO_FIVE, NINE_TO_FIVE, NINE_TO_FIVE, NINE_TO_FIVE, NINE_TO_FIVE, [], []],
  holidays: [],
  workdays: [],
};

/** Inclusive ranges of dates, `YYYY-MM-DD`, as the State Council announces them. */
function dates(...ranges: [string, string?][]): string[] {
  const result: string[] = [];
  for (const [from, to] of ranges) {
    const end = Date.parse(`${to ?? from}T00:00:00Z`);
    for (let day = Date.parse(`${from}T00:00:00Z`); day <= end; day += 86_400_000) {
      result.push(new Date(day).toISOString().slice(0, 10));
    }
  }
  return result;
}

/**
 * Mainland China: Monday to Friday 09:00–12:00 and 13:00–18:00, with the
 * public holidays and make-up workdays (调休) of the State Council's notices
 * for 2025 (国办发明电〔2024〕12号, 12 Nov 2024) and 2026 (4 Nov 2025). The
 * 2027 arrangement was not published when this was written: load it with
 * `--holidays FILE` once it is.
 */
export const MAINLAND_CHINA: WorkingCalendar = {
  name: 'cn',
  weeklyHours: [
    MORNING_AND_AFTERNOON,
    MORNING_AND_AFTERNOON,
    MORNING_AND_AFTERNOON,
    MORNING_AND_AFTERNOON,
    MORNING_AND_AFTERNOON,
    [],
    [],
  ],
  holidays: dates(
    // 2025
    ['2025-01-01'],
    ['2025-01-28', '2025-02-04'],
    ['2025-04-04', '2025-04-06'],
    ['2025-05-01', '2025-05-05'],
    ['2025-05-31', '2025-06-02'],
    ['2025-10-01', '2025-10-08'],
    // 2026
    ['2026-01-01', '2026-01-03'],
    ['2026-02-15', '2026-02-23'],
    ['2026-04-04', '2026-04-06'],
    ['2026-05-01', '2026-05-05'],
    ['2026-06-19', '2026-06-21'],
    ['2026-09-25', '2026-09-27'],
    ['2026-10-01', '2026-10-07'],
  ),
  workdays: [
    '2025-01-26',
    '2025-02-08',
    '2025-04-27',
    '2025-09-28',
    '2025-10-11',
    '2026-01-04',
    '2026-02-14',
    '2026-02-28',
    '2026-05-09',
    '2026-09-20',
    '2026-10-10',
  ],
};

/** The calendars shipped with Pipewise, by name. */
export const CALENDARS: Readonly<Record<string, WorkingCalendar>> = {
  'mon-fri': MONDAY_TO_FRIDAY,
  cn: MAINLAND_CHINA,
};

/** The calendar with more days off and make-up workdays (a holiday list loaded from a file). */
export function withDays(
  calendar: WorkingCalendar,
  days: { holidays: readonly string[]; workdays: readonly string[] },
  name = calendar.name,
): WorkingCalendar {
  return {
    ...calendar,
    name,
    holidays: [...calendar.holidays, ...days.holidays],
    workdays: [...calendar.workdays, ...days.workdays],
  };
}

/**
 * The length of a working day: Monday's working hours (8 h for both shipped
 * calendars). Working-time durations are stated in working days of this
 * length ("3.0 working days").
 */
export function workingDayMs(calendar: WorkingCalendar): number {
  return (calendar.weeklyHours[0] ?? []).reduce(
    (sum, [start, end]) => sum + (end - start) * 60_000,
    0,
  );
}
