import { DAY_MS, daysFromCivil } from './civil-date.ts';

/**
 * Converts between UTC instants and wall-clock ("local") times of one time
 * zone. A local time is written as the milliseconds it would be if the zone
 * were UTC, so `localMs − offsetMs = utcMs`.
 */
export interface TimeZone {
  /** IANA name (`Asia/Shanghai`) or fixed offset (`+08:00`) as given. */
  readonly name: string;
  /** Offset from UTC in force at a UTC instant, in milliseconds. */
  offsetAtUtc(utcMs: number): number;
  /**
   * The UTC instant of a wall-clock time. Times that occur twice (clocks set
   * back) resolve to the earlier instant; times that do not exist (clocks set
   * forward) are read with the offset before the change, i.e. moved forward by
   * the gap. This is the "compatible" rule of JavaScript's Temporal and of
   * most databases.
   */
  localToUtc(localMs: number): number;
}

export type TimeZoneResult =
  | { ok: true; zone: TimeZone }
  | { ok: false; reason: 'unknown-time-zone'; name: string };

const FIXED_OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Offsets change at most every quarter hour, so results are cached per 15 minutes. */
const BUCKET_MS = 15 * 60_000;

export function resolveTimeZone(name: string): TimeZoneResult {
  const trimmed = name.trim();
  if (/^(?:UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i.test(trimmed))
    return { ok: true, zone: fixedOffsetZone(trimmed, 0) };
  const fixed = FIXED_OFFSET.exec(trimmed);
  if (fixed) {
    const hours = Number(fixed[2]);
    const minutes = Number(fixed[3] ?? 0);
    if (hours > 18 || minutes > 59) return { ok: false, reason: 'unknown-time-zone', name };
    const sign = fixed[1] === '-' ? -1 : 1;
    return {
      ok: true,
      zone: fixedOffsetZone(trimmed, sign * (hours * 3_600_000 + minutes * 60_000)),
    };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: trimmed,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return { ok: false, reason: 'unknown-time-zone', name };
  }
  return { ok: true, zone: intlZone(trimmed, format) };
}

function fixedOffsetZone(name: string, offsetMs: number): TimeZone {
  return { name, offsetAtUtc: () => offsetMs, localToUtc: (localMs) => localMs - offsetMs };
}

function intlZone(name: string, format: Intl.DateTimeFormat): TimeZone {
  const offsetCache = new Map<number, number>();
  const localCache = new Map<number, number>();

  const computeOffset = (utcMs: number): number => {
    const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;
    let year = 1970;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let isBeforeCommonEra = false;
    for (const part of format.formatToParts(wholeSecondMs)) {
      if (part.type === 'year') year = Number(part.value);
      else if (part.type === 'month') month = Number(part.value);
      else if (part.type === 'day') day = Number(part.value);
      else if (part.type === 'hour') hour = Number(part.value);
      else if (part.type === 'minute') minute = Number(part.value);
      else if (part.type === 'second') second = Number(part.value);
      else if (part.type === 'era') isBeforeCommonEra = part.value.startsWith('B');
    }
    if (isBeforeCommonEra) year = 1 - year;
    const localMs =
      daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000;
    return localMs - wholeSecondMs;
  };

  const offsetAtUtc = (utcMs: number): number => {
    const bucket = Math.floor(utcMs / BUCKET_MS);
    let offset = offsetCache.get(bucket);
    if (offset === undefined) {
      offset = computeOffset(bucket * BUCKET_MS);
      offsetCache.set(bucket, offset);
    }
    return offset;
  };

  const resolveLocalOffset = (localMs: number): number => {
    const before = offsetAtUtc(localMs - DAY_MS);
    const after = offsetAtUtc(localMs + DAY_MS);
    const isBeforeValid = offsetAtUtc(localMs - before) === before;
    const isAfterValid = offsetAtUtc(localMs - after) === after;
    if (isBeforeValid && isAfterValid) return Math.max(before, after); // the earlier of two instants
    if (isBeforeValid) return before;
    if (isAfterValid) return after;
    return before; // in a gap: keep the offset before the change
  };

  return {
    name,
    offsetAtUtc,
    localToUtc(localMs: number): number {
      const bucket = Math.floor(localMs / BUCKET_MS);
      let offset = localCache.get(bucket);
      if (offset === undefined) {
        offset = resolveLocalOffset(bucket * BUCKET_MS);
        localCache.set(bucket, offset);
      }
      return localMs - offset;
    },
  };
}
