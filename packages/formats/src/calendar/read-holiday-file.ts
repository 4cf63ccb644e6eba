import { readFileSync } from 'node:fs';
import type { InputError, ReadResult } from '../input-error/index.ts';

export interface HolidayList {
  /** Local dates `YYYY-MM-DD` without work. */
  holidays: string[];
  /** Local dates worked although normally off (调休). */
  workdays: string[];
}

/**
 * Reads days off and make-up workdays from an iCalendar file (`.ics`: each
 * all-day event is a day off, or a workday when its summary says 班, 上班,
 * workday or working day) or from a CSV file (`date[,type]` per line, type
 * `holiday`/`休` or `workday`/`班`; a header line is allowed).
 */
export function readHolidayFile(path: string): ReadResult<{ list: HolidayList }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  } catch {
    return {
      ok: false,
      error: { reason: 'file-not-found', file: path, expected: 'a readable .ics or .csv file' },
    };
  }
  return /BEGIN:VCALENDAR/i.test(text) ? readIcs(path, text) : readCsvDays(path, text);
}

const WORKDAY = /班|workday|working day/i;

function readIcs(path: string, text: string): ReadResult<{ list: HolidayList }> {
  // RFC 5545: a line starting with a space or tab continues the previous one.
  const lines = text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const list: HolidayList = { holidays: [], workdays: [] };
  let event: { start?: string; end?: string; summary?: string; line: number } | undefined;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (/^BEGIN:VEVENT/i.test(line)) event = { line: k + 1 };
    else if (event && /^DTSTART/i.test(line)) event.start = dateOf(line);
    else if (event && /^DTEND/i.test(line)) event.end = dateOf(line);
    else if (event && /^SUMMARY/i.test(line)) event.summary = line.slice(line.indexOf(':') + 1);
    else if (event && /^END:VEVENT/i.test(line)) {
      if (event.start === undefined) {
        return {
          ok: false,
          error: {
            reason: 'unparseable-timestamp',
            file: path,
            line: event.line,
            value: 'DTSTART',
            expected: 'an all-day DTSTART such as DTSTART;VALUE=DATE:20260215',
          },
        };
      }
      // DTEND of an all-day event is the day after the last one.
      const days = daysFrom(event.start, event.end ?? nextDay(event.start));
      (WORKDAY.test(event.summary ?? '') ? list.workdays : list.holidays).push(...days);
      event = undefined;
    }
  }
  return { ok: true, list };
}

function readCsvDays(path: string, text: string): ReadResult<{ list: HolidayList }> {
  const list: HolidayList = { holidays: [], workdays: [] };
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const [dateText = '', type = ''] = lines[k]!.split(/[,;\t]/).map((cell) =>
      cell.trim().replace(/^"|"$/g, ''),
    );
    if (dateText === '') continue;
    const date = normalizeDate(dateText);
    if (date === undefined) {
      if (k === 0) continue; // a header
      const error: InputError = {
        reason: 'unparseable-timestamp',
        file: path,
        line: k + 1,
        column: 'date',
        columnNumber: 1,
        value: dateText,
        expected: 'a date such as 2026-02-15',
      };
      return { ok: false, error };
    }
    (WORKDAY.test(type) ? list.workdays : list.holidays).push(date);
  }
  return { ok: true, list };
}

/** `20260215`, `2026-02-15` or `2026/2/15` as `2026-02-15`; undefined otherwise. */
function normalizeDate(text: string): string | undefined {
  const match = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const iso = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function dateOf(line: string): string | undefined {
  return normalizeDate(
    line
      .slice(line.indexOf(':') + 1)
      .trim()
      .slice(0, 8),
  );
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The dates from `start` up to, not including, `end`. */
function daysFrom(start: string, end: string): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${start}T00:00:00Z`);
    t < Date.parse(`${end}T00:00:00Z`);
    t += 86_400_000
  ) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
