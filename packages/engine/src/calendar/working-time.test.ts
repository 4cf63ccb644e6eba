import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveTimeZone, type TimeZone } from '../time-zone/index.ts';
import { MAINLAND_CHINA, MONDAY_TO_FRIDAY, withDays, workingDayMs } from './working-calendar.ts';
import { createWorkingTime } from './working-time.ts';

const zone = (name: string): TimeZone =>
  (resolveTimeZone(name) as { ok: true; zone: TimeZone }).zone;
const HOUR = 3_600_000;
const shanghai = zone('Asia/Shanghai');
const cn = createWorkingTime(MAINLAND_CHINA, shanghai);
const at = (iso: string): number => Date.parse(iso);

describe('working time, mainland China calendar', () => {
  it('counts 8 hours a working day (09–12, 13–18)', () => {
    // Monday 2026-03-02, Shanghai time.
    expect(cn.betweenMs(at('2026-03-02T09:00:00+08:00'), at('2026-03-02T18:00:00+08:00'))).toBe(
      8 * HOUR,
    );
    expect(cn.betweenMs(at('2026-03-02T11:00:00+08:00'), at('2026-03-02T14:00:00+08:00'))).toBe(
      2 * HOUR,
    );
    expect(cn.betweenMs(at('2026-03-02T12:10:00+08:00'), at('2026-03-02T12:50:00+08:00'))).toBe(0);
  });

  it('skips the weekend: Friday 17:00 to Monday 10:00 is 2 working hours', () => {
    expect(cn.betweenMs(at('2026-03-06T17:00:00+08:00'), at('2026-03-09T10:00:00+08:00'))).toBe(
      2 * HOUR,
    );
  });

  it('is zero over the 2026 Spring Festival holiday and counts its make-up Saturday', () => {
    // 15–23 Feb 2026 off; Saturday 14 Feb and Saturday 28 Feb are workdays.
    expect(cn.betweenMs(at('2026-02-15T00:00:00+08:00'), at('2026-02-24T00:00:00+08:00'))).toBe(0);
    expect(cn.betweenMs(at('2026-02-14T00:00:00+08:00'), at('2026-02-15T00:00:00+08:00'))).toBe(
      8 * HOUR,
    );
    expect(cn.betweenMs(at('2026-02-28T00:00:00+08:00'), at('2026-03-01T00:00:00+08:00'))).toBe(
      8 * HOUR,
    );
  });

  it('gives "3 working days" for contract approval from Thursday 09:00 to the next Tuesday 09:00', () => {
    // Thu 5 Mar, Fri 6 Mar, Mon 9 Mar: 3 × 8 h.
    expect(cn.betweenMs(at('2026-03-05T09:00:00+08:00'), at('2026-03-10T09:00:00+08:00'))).toBe(
      24 * HOUR,
    );
  });

  it('reads working hours in its own zone, whatever the instant’s offset', () => {
    expect(cn.betweenMs(at('2026-03-02T01:00:00Z'), at('2026-03-02T10:00:00Z'))).toBe(8 * HOUR);
  });
});

describe('working time properties', () => {
  const instant = fc.integer({ min: Date.parse('2024-06-01'), max: Date.parse('2027-06-01') });
  const calendars = [cn, createWorkingTime(MONDAY_TO_FRIDAY, zone('Europe/Berlin'))];

  it('never exceeds calendar time and is never negative', () => {
    fc.assert(
      fc.property(instant, instant, fc.constantFrom(...calendars), (a, b, working) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const ms = working.betweenMs(from, to);
        return ms >= 0 && ms <= to - from;
      }),
    );
  });

  it('is additive over adjacent intervals', () => {
    fc.assert(
      fc.property(
        fc.array(instant, { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...calendars),
        (points, working) => {
          const [a, b, c] = points.sort((x, y) => x - y) as [number, number, number];
          return working.betweenMs(a, b) + working.betweenMs(b, c) === working.betweenMs(a, c);
        },
      ),
    );
  });

  it('is zero within any holiday', () => {
    const oneDay = withDays(MONDAY_TO_FRIDAY, { holidays: ['2026-07-01'], workdays: [] });
    const working = createWorkingTime(oneDay, zone('UTC'));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (x, y) => {
          const start = Date.parse('2026-07-01T00:00:00Z');
          return working.betweenMs(start + Math.min(x, y), start + Math.max(x, y)) === 0;
        },
      ),
    );
    // The same Wednesday without the holiday has 8 hours.
    expect(
      createWorkingTime(MONDAY_TO_FRIDAY, zone('UTC')).betweenMs(
        Date.parse('2026-07-01T00:00:00Z'),
        Date.parse('2026-07-02T00:00:00Z'),
      ),
    ).toBe(8 * HOUR);
  });
});

describe('workingDayMs', () => {
  it('is Monday’s working hours: 8 h for 9–12 and 13–18, and for 9–17', () => {
    expect(workingDayMs(MAINLAND_CHINA)).toBe(8 * 3_600_000);
    expect(workingDayMs(MONDAY_TO_FRIDAY)).toBe(8 * 3_600_000);
    expect(workingDayMs({ ...MONDAY_TO_FRIDAY, weeklyHours: [[[8 * 60, 12 * 60]]] })).toBe(
      4 * 3_600_000,
    );
  });
});

describe('addMs: the instant when some working time has passed', () => {
  const iso = (ms: number): string => new Date(ms + 8 * HOUR).toISOString().slice(0, 16);

  it('adds within a day, jumping the lunch break', () => {
    // Monday 2026-03-02 10:00 + 3 working hours = 14:00 (12–13 is lunch).
    expect(iso(cn.addMs(at('2026-03-02T10:00:00+08:00'), 3 * HOUR))).toBe('2026-03-02T14:00');
  });

  it('ends a deadline at 18:00 rather than the next morning', () => {
    expect(iso(cn.addMs(at('2026-03-02T09:00:00+08:00'), 8 * HOUR))).toBe('2026-03-02T18:00');
  });

  it('carries over the weekend: Friday 16:00 + 4 working hours is Monday 11:00', () => {
    expect(iso(cn.addMs(at('2026-03-06T16:00:00+08:00'), 4 * HOUR))).toBe('2026-03-09T11:00');
  });

  it('starts counting at the next working hour when set outside working time', () => {
    // Saturday 2026-03-07 20:00 + 1 working hour = Monday 10:00.
    expect(iso(cn.addMs(at('2026-03-07T20:00:00+08:00'), HOUR))).toBe('2026-03-09T10:00');
  });

  it('skips National Day 2025 and works its make-up Saturday 11 October', () => {
    // Friday 26 Sep 2025 15:00: 3 h that day; Sun 28 Sep (调休) 8 h; Mon 29, Tue 30: 16 h
    // (27 h so far); 1–8 Oct off; Thu 9, Fri 10: 16 h (43 h); Sat 11 Oct (调休): 5 more,
    // 09–12 and 13–15 → 15:00.
    expect(iso(cn.addMs(at('2025-09-26T15:00:00+08:00'), 48 * HOUR))).toBe('2025-10-11T15:00');
  });

  it('returns the start for no working time', () => {
    expect(cn.addMs(at('2026-03-07T20:00:00+08:00'), 0)).toBe(at('2026-03-07T20:00:00+08:00'));
  });

  it('gives Infinity under a calendar without working hours', () => {
    const never = createWorkingTime({ ...MONDAY_TO_FRIDAY, weeklyHours: [] }, zone('UTC'));
    expect(never.addMs(at('2026-03-02T09:00:00Z'), HOUR)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('addMs properties', () => {
  const instant = fc.integer({ min: Date.parse('2024-06-01'), max: Date.parse('2027-06-01') });
  const calendars = [cn, createWorkingTime(MONDAY_TO_FRIDAY, zone('Europe/Berlin'))];
  const workingMs = fc.integer({ min: 1, max: 400 * HOUR });

  it('inverts betweenMs: betweenMs(from, addMs(from, w)) = w', () => {
    fc.assert(
      fc.property(instant, workingMs, fc.constantFrom(...calendars), (from, w, working) => {
        return working.betweenMs(from, working.addMs(from, w)) === w;
      }),
    );
  });

  it('never puts a deadline outside working time: the millisecond before it is worked', () => {
    fc.assert(
      fc.property(instant, workingMs, fc.constantFrom(...calendars), (from, w, working) => {
        const due = working.addMs(from, w);
        return due > from && working.betweenMs(due - 1, due) === 1;
      }),
    );
  });

  it('is the earliest such instant and grows with the working time', () => {
    fc.assert(
      fc.property(instant, workingMs, fc.constantFrom(...calendars), (from, w, working) => {
        const due = working.addMs(from, w);
        return working.betweenMs(from, due - 1) === w - 1 && working.addMs(from, w + 1) > due;
      }),
    );
  });
});
