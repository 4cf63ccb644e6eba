import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysFromCivil } from './civil-date.ts';
import { resolveTimeZone, type TimeZone } from './time-zone.ts';

function zone(name: string): TimeZone {
  const result = resolveTimeZone(name);
  if (!result.ok) throw new Error(`unknown zone ${name}`);
  return result.zone;
}

const local = (iso: string): number => Date.parse(`${iso}Z`);

describe('daysFromCivil', () => {
  it('agrees with Date.UTC for any date from year 1 to 9999', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
        (date) => {
          const days = daysFromCivil(
            date.getUTCFullYear(),
            date.getUTCMonth() + 1,
            date.getUTCDate(),
          );
          return days === Math.floor(date.getTime() / 86_400_000);
        },
      ),
    );
  });
});

describe('resolveTimeZone', () => {
  it('reads Shanghai wall-clock time as UTC+8 all year', () => {
    const shanghai = zone('Asia/Shanghai');
    expect(shanghai.localToUtc(local('2024-01-15T09:00:00'))).toBe(
      Date.parse('2024-01-15T01:00:00Z'),
    );
    expect(shanghai.localToUtc(local('2024-07-15T09:00:00'))).toBe(
      Date.parse('2024-07-15T01:00:00Z'),
    );
  });

  it('follows daylight saving time in Europe/Amsterdam', () => {
    const amsterdam = zone('Europe/Amsterdam');
    expect(amsterdam.localToUtc(local('2011-10-11T13:45:40'))).toBe(
      Date.parse('2011-10-11T11:45:40Z'),
    );
    expect(amsterdam.localToUtc(local('2011-11-24T15:36:51'))).toBe(
      Date.parse('2011-11-24T14:36:51Z'),
    );
  });

  it('reads a repeated wall-clock time (clocks set back) as the earlier instant', () => {
    // 2023-10-29 03:00 CEST → 02:00 CET: 02:30 happens twice.
    expect(zone('Europe/Berlin').localToUtc(local('2023-10-29T02:30:00'))).toBe(
      Date.parse('2023-10-29T00:30:00Z'),
    );
  });

  it('moves a skipped wall-clock time (clocks set forward) forward by the gap', () => {
    // 2023-03-26 02:00 CET → 03:00 CEST: 02:30 does not exist; it reads as 03:30 CEST.
    expect(zone('Europe/Berlin').localToUtc(local('2023-03-26T02:30:00'))).toBe(
      Date.parse('2023-03-26T01:30:00Z'),
    );
  });

  it('accepts fixed offsets and UTC', () => {
    expect(zone('+08:00').localToUtc(local('2024-01-01T08:00:00'))).toBe(
      Date.parse('2024-01-01T00:00:00Z'),
    );
    expect(zone('-0530').offsetAtUtc(0)).toBe(-(5 * 3_600_000 + 30 * 60_000));
    expect(zone('UTC').localToUtc(123)).toBe(123);
  });

  it('refuses an unknown zone with a reason', () => {
    expect(resolveTimeZone('Mars/Olympus')).toEqual({
      ok: false,
      reason: 'unknown-time-zone',
      name: 'Mars/Olympus',
    });
  });

  it('agrees with Intl on the offset of random instants in New York', () => {
    const newYork = zone('America/New_York');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (seconds) => {
        const utcMs = seconds * 1000;
        const text = new Intl.DateTimeFormat('en-US', {
          timeZone: 'America/New_York',
          timeZoneName: 'longOffset',
        })
          .formatToParts(utcMs)
          .find((part) => part.type === 'timeZoneName')!.value; // "GMT-05:00"
        const match = /GMT([+-])(\d\d):(\d\d)/.exec(text);
        const expected = match
          ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000
          : 0;
        return newYork.offsetAtUtc(utcMs) === expected;
      }),
    );
  });
});
