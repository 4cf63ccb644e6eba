import { resolveTimeZone, type TimeZone } from '@pipewise/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestampText } from './parse-timestamp.ts';

function zone(name: string): TimeZone {
  const result = resolveTimeZone(name);
  if (!result.ok) throw new Error(name);
  return result.zone;
}
const utc = zone('UTC');
const shanghai = zone('Asia/Shanghai');
const at = (iso: string): number => Date.parse(iso);

describe('parseTimestampText', () => {
  it.each([
    ['2024-03-05T09:30:00Z', '2024-03-05T09:30:00Z'],
    ['2024-03-05T09:30:00+08:00', '2024-03-05T01:30:00Z'],
    ['2024-03-05T09:30:00.250-0500', '2024-03-05T14:30:00.250Z'],
    ['2023-02-07T20:47:49.000+0000', '2023-02-07T20:47:49Z'],
    ['2024-03-05 09:30:00+08', '2024-03-05T01:30:00Z'],
    ['2011-10-11 13:45:40.276000+02:00', '2011-10-11T11:45:40.276Z'],
    ['2024-03-05 09:30 +08:00', '2024-03-05T01:30:00Z'],
  ])('reads %s with its own offset', (text, iso) => {
    expect(parseTimestampText(text, shanghai)).toBe(at(iso));
  });

  it.each([
    ['2024-03-05 09:30:00', '2024-03-05T01:30:00Z'],
    ['2024-03-05 09:30', '2024-03-05T01:30:00Z'],
    ['2024-03-05 09:30:00.5', '2024-03-05T01:30:00.500Z'],
    ['2024/03/05 09:30:00', '2024-03-05T01:30:00Z'],
    ['2024/3/5 9:30', '2024-03-05T01:30:00Z'],
    ['2024.03.05', '2024-03-04T16:00:00Z'],
    ['2024-03-05', '2024-03-04T16:00:00Z'],
    ['20240305', '2024-03-04T16:00:00Z'],
    ['  2024-03-05T09:30:00 ', '2024-03-05T01:30:00Z'],
  ])('reads %s in the chosen zone when it has no offset', (text, iso) => {
    expect(parseTimestampText(text, shanghai)).toBe(at(iso));
  });

  it('reads Excel serial numbers as local dates and times', () => {
    // 45356 is 2024-03-05 in Excel; .5 is noon.
    expect(parseTimestampText('45356', utc)).toBe(at('2024-03-05T00:00:00Z'));
    expect(parseTimestampText('45356.5', shanghai)).toBe(at('2024-03-05T04:00:00Z'));
    // Serials below 60 are before Excel's phantom 1900-02-29.
    expect(parseTimestampText('1', utc)).toBe(at('1900-01-01T00:00:00Z'));
    expect(parseTimestampText('61', utc)).toBe(at('1900-03-01T00:00:00Z'));
  });

  it('reads epoch seconds and milliseconds as UTC', () => {
    expect(parseTimestampText('1709631000', shanghai)).toBe(1_709_631_000_000);
    expect(parseTimestampText('1709631000123', shanghai)).toBe(1_709_631_000_123);
    expect(parseTimestampText('1709631000.5', shanghai)).toBe(1_709_631_000_500);
  });

  it.each([
    '',
    'yesterday',
    '2024-13-01',
    '2023-02-29',
    '2024-02-30 10:00',
    '2024-03-05 25:00',
    '2024-03-05 10:60',
    '2024-03-05 10:00:61',
    '2024-03-05T10:00:00+25:00',
    '05/03/2024',
    '2024-03-05 10',
    '2024-03-05Z10:00',
    '0',
    '-5',
  ])('refuses %j', (text) => {
    expect(parseTimestampText(text, utc)).toBeNaN();
  });

  it('agrees with Date.parse on any ISO 8601 UTC instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1901-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          return (
            parseTimestampText(iso, shanghai) === date.getTime() &&
            parseTimestampText(iso.slice(0, 19), utc) === Math.floor(date.getTime() / 1000) * 1000
          );
        },
      ),
    );
  });
});
