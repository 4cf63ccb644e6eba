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

/** Buckets per chunk of `BucketCache`: about a year of quarter hours (140 KB). */
const CHUNK_BUCKETS = 35_136;
/** No offset is this many milliseconds: a bucket not computed yet. */
const UNKNOWN = 0x7fff_ffff;

/**
 * A value per bucket, kept in typed arrays of a year of buckets each: a
 * lookup is an array read (a hash lookup per timestamp was a tenth of reading
 * ten million Shanghai timestamps). Instants come in runs near each other, so
 * the chunk last used is checked first.
 */
class BucketCache {
  private readonly chunks = new Map<number, Int32Array>();
  private lastIndex = Number.NaN;
  private last: Int32Array = new Int32Array(0);

  private readonly compute: (bucket: number) => number;

  constructor(compute: (bucket: number) => number) {
    this.compute = compute;
  }

  get(bucket: number): number {
    const index = Math.floor(bucket / CHUNK_BUCKETS);
    if (index !== this.lastIndex) {
      let chunk = this.chunks.get(index);
      if (chunk === undefined) {
        chunk = new Int32Array(CHUNK_BUCKETS).fill(UNKNOWN);
        this.chunks.set(index, chunk);
      }
      this.last = chunk;
      this.lastIndex = index;
    }
    const k = bucket - index * CHUNK_BUCKETS;
    let value = this.last[k]!;
    if (value === UNKNOWN) {
      value = this.compute(bucket);
      this.last[k] = value;
    }
    return value;
  }

  /** Sets buckets [from, to] (within one chunk: a day never spans two) to `value`. */
  fill(from: number, to: number, value: number): void {
    const index = Math.floor(from / CHUNK_BUCKETS);
    const chunk = index === this.lastIndex ? this.last : this.chunks.get(index);
    chunk?.fill(value, from - index * CHUNK_BUCKETS, to - index * CHUNK_BUCKETS + 1);
  }
}

/** Quarter hours per day; chunks of `BucketCache` hold whole days. */
const BUCKETS_PER_DAY = DAY_MS / BUCKET_MS;

function intlZone(name: string, format: Intl.DateTimeFormat): TimeZone {
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

  // Zones change their offset a few times a year, at most once a day: where a
  // UTC day starts and ends with one offset it holds all day, and the day's
  // quarter hours are filled from two Intl calls instead of 96 (Intl was a
  // tenth of reading a year of Shanghai timestamps).
  const offsets: BucketCache = new BucketCache((bucket) => {
    const first = Math.floor(bucket / BUCKETS_PER_DAY) * BUCKETS_PER_DAY;
    const last = first + BUCKETS_PER_DAY - 1;
    const atStart = computeOffset(first * BUCKET_MS);
    if (computeOffset(last * BUCKET_MS) !== atStart) return computeOffset(bucket * BUCKET_MS);
    offsets.fill(first, last, atStart);
    return atStart;
  });
  const offsetAtUtc = (utcMs: number): number => offsets.get(Math.floor(utcMs / BUCKET_MS));

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

  const localOffsets = new BucketCache((bucket) => resolveLocalOffset(bucket * BUCKET_MS));
  return {
    name,
    offsetAtUtc,
    localToUtc: (localMs: number): number =>
      localMs - localOffsets.get(Math.floor(localMs / BUCKET_MS)),
  };
}
