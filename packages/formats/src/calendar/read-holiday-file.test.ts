import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHolidayFile } from './read-holiday-file.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-holidays-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
};

describe('readHolidayFile', () => {
  it('reads all-day events of an iCalendar file; 班 marks a make-up workday', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270205',
      'DTEND;VALUE=DATE:20270208',
      'SUMMARY:春节',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270131',
      'SUMMARY:春节 补',
      ' 班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(readHolidayFile(write('cn.ics', ics))).toEqual({
      ok: true,
      list: { holidays: ['2027-02-05', '2027-02-06', '2027-02-07'], workdays: ['2027-01-31'] },
    });
  });

  it('reads a CSV of dates with an optional type', () => {
    const csv = '日期,类型\n2027-10-01,休\n2027/9/26,班\n20271002\n';
    expect(readHolidayFile(write('days.csv', csv))).toEqual({
      ok: true,
      list: { holidays: ['2027-10-01', '2027-10-02'], workdays: ['2027-09-26'] },
    });
  });

  it('locates a date it cannot read', () => {
    expect(readHolidayFile(write('bad.csv', 'date\n2027-10-01\n2027-02-30\n'))).toMatchObject({
      ok: false,
      error: { reason: 'unparseable-timestamp', line: 3, value: '2027-02-30' },
    });
  });
});
