import { DAY_MS, daysFromCivil, daysInMonth, type TimeZone } from '@pipewise/engine';

/** What a timestamp field may hold, for messages. */
export const TIMESTAMP_FORMATS =
  'ISO 8601 (2024-03-05T09:30:00+08:00), 2024-03-05 09:30[:00[.000]], 2024/3/5 9:30, a date alone, ' +
  'an Excel serial number (45356.4), or epoch seconds/milliseconds';

const ZERO = 48;
const EXCEL_EPOCH_DAYS = daysFromCivil(1899, 12, 30);

/**
 * Reads a timestamp from UTF-8 bytes `[start, end)` without making a string:
 * the CSV hot path calls this once per event. Returns UTC milliseconds (with
 * sub-millisecond digits kept as a fraction), or NaN when the text is not a
 * timestamp. Wall-clock times without an offset, dates alone and Excel serial
 * numbers are read in `zone`; epoch numbers are UTC by definition.
 *
 * Accepted: `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD` (month and day may have
 * one digit), optionally followed by `T` or spaces and `HH:mm[:ss[.fraction]]`
 * (hour may have one digit), optionally followed by `Z` or an offset `±HH`,
 * `±HHMM`, `±HH:MM`; `YYYYMMDD`; plain numbers: below 10⁷ an Excel serial
 * date (days since 1899-12-30, the fraction is the time of day), below 10¹¹
 * epoch seconds, above that epoch milliseconds.
 */
export function parseTimestampBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  zone: TimeZone,
): number {
  // Trim spaces and tabs.
  while (start < end && (bytes[start] === 32 || bytes[start] === 9)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 9)) end--;
  if (start === end) return Number.NaN;
  if (end - start === 19) {
    const localMs = readPlainDateTime(bytes, start);
    if (!Number.isNaN(localMs)) return zone.localToUtc(localMs);
  }

  let pos = start;
  let year = 0;
  let digits = 0;
  while (pos < end && isDigit(bytes[pos]!)) {
    year = year * 10 + bytes[pos]! - ZERO;
    pos++;
    digits++;
  }
  if (digits === 4 && pos < end && (bytes[pos] === 45 || bytes[pos] === 47 || bytes[pos] === 46)) {
    return parseCalendarTimestamp(bytes, pos, end, year, zone);
  }
  if (digits === 8 && pos === end) {
    const y = Math.floor(year / 10_000);
    const m = Math.floor(year / 100) % 100;
    const d = year % 100;
    if (y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) {
      return zone.localToUtc(daysFromCivil(y, m, d) * DAY_MS);
    }
  }
  return parseNumericTimestamp(bytes, start, end, zone);
}

/** Memo of the last date's day number: consecutive rows mostly share a date. */
let lastDateKey = -1;
let lastDateDays = 0;

function daysOf(year: number, month: number, day: number): number {
  const key = year * 10_000 + month * 100 + day;
  if (key !== lastDateKey) {
    lastDateKey = key;
    lastDateDays = daysFromCivil(year, month, day);
  }
  return lastDateDays;
}

/**
 * Fast path for the commonest layout, `YYYY-MM-DD HH:mm:ss` (or with `T`),
 * at fixed positions: local milliseconds, or NaN to try the general parser.
 */
function readPlainDateTime(bytes: Uint8Array, s: number): number {
  if (bytes[s + 4] !== 45 || bytes[s + 7] !== 45 || bytes[s + 13] !== 58 || bytes[s + 16] !== 58)
    return Number.NaN;
  const separator = bytes[s + 10];
  if (separator !== 32 && separator !== 84) return Number.NaN;
  const y0 = bytes[s]! - ZERO;
  const y1 = bytes[s + 1]! - ZERO;
  const y2 = bytes[s + 2]! - ZERO;
  const y3 = bytes[s + 3]! - ZERO;
  const mo0 = bytes[s + 5]! - ZERO;
  const mo1 = bytes[s + 6]! - ZERO;
  const d0 = bytes[s + 8]! - ZERO;
  const d1 = bytes[s + 9]! - ZERO;
  const h0 = bytes[s + 11]! - ZERO;
  const h1 = bytes[s + 12]! - ZERO;
  const mi0 = bytes[s + 14]! - ZERO;
  const mi1 = bytes[s + 15]! - ZERO;
  const s0 = bytes[s + 17]! - ZERO;
  const s1 = bytes[s + 18]! - ZERO;
  // A byte that is not a digit gives a value above 9 as an unsigned number.
  if (
    y0 >>> 0 > 9 ||
    y1 >>> 0 > 9 ||
    y2 >>> 0 > 9 ||
    y3 >>> 0 > 9 ||
    mo0 >>> 0 > 9 ||
    mo1 >>> 0 > 9 ||
    d0 >>> 0 > 9 ||
    d1 >>> 0 > 9 ||
    h0 >>> 0 > 9 ||
    h1 >>> 0 > 9 ||
    mi0 >>> 0 > 9 ||
    mi1 >>> 0 > 9 ||
    s0 >>> 0 > 9 ||
    s1 >>> 0 > 9
  ) {
    return Number.NaN;
  }
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = mo0 * 10 + mo1;
  const day = d0 * 10 + d1;
  const hour = h0 * 10 + h1;
  const minute = mi0 * 10 + mi1;
  const second = s0 * 10 + s1;
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return Number.NaN;
  }
  return daysOf(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000;
}

function parseCalendarTimestamp(
  bytes: Uint8Array,
  afterYear: number,
  end: number,
  year: number,
  zone: TimeZone,
): number {
  const separator = bytes[afterYear]!;
  let pos = afterYear + 1;
  const monthDigits = countDigits(bytes, pos, end, 2);
  const month = readNumber(bytes, pos, monthDigits);
  pos += monthDigits;
  if (monthDigits === 0 || bytes[pos] !== separator || pos >= end) return Number.NaN;
  pos++;
  const dayDigits = countDigits(bytes, pos, end, 2);
  const day = readNumber(bytes, pos, dayDigits);
  pos += dayDigits;
  if (dayDigits === 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return Number.NaN;

  let timeOfDayMs = 0;
  if (pos < end && (bytes[pos] === 84 || bytes[pos] === 116 || bytes[pos] === 32)) {
    pos++;
    while (pos < end && bytes[pos] === 32) pos++;
    const hourDigits = countDigits(bytes, pos, end, 2);
    const hour = readNumber(bytes, pos, hourDigits);
    pos += hourDigits;
    if (hourDigits === 0 || pos >= end || bytes[pos] !== 58) return Number.NaN;
    pos++;
    if (countDigits(bytes, pos, end, 2) !== 2) return Number.NaN;
    const minute = readNumber(bytes, pos, 2);
    pos += 2;
    let second = 0;
    let fractionMs = 0;
    if (pos < end && bytes[pos] === 58) {
      pos++;
      if (countDigits(bytes, pos, end, 2) !== 2) return Number.NaN;
      second = readNumber(bytes, pos, 2);
      pos += 2;
      if (pos < end && (bytes[pos] === 46 || bytes[pos] === 44)) {
        pos++;
        const fractionDigits = countDigits(bytes, pos, end, 30);
        if (fractionDigits === 0) return Number.NaN;
        let scale = 100;
        for (let k = 0; k < fractionDigits; k++, scale /= 10)
          fractionMs += (bytes[pos + k]! - ZERO) * scale;
        pos += fractionDigits;
      }
    }
    if (
      minute > 59 ||
      second > 59 ||
      hour > 24 ||
      (hour === 24 && minute + second + fractionMs > 0)
    ) {
      return Number.NaN;
    }
    timeOfDayMs = hour * 3_600_000 + minute * 60_000 + second * 1000 + fractionMs;
  }
  const localMs = daysOf(year, month, day) * DAY_MS + timeOfDayMs;

  while (pos < end && bytes[pos] === 32) pos++;
  if (pos === end) return zone.localToUtc(localMs);
  const offsetMs = readOffset(bytes, pos, end);
  if (Number.isNaN(offsetMs)) return Number.NaN;
  return localMs - offsetMs;
}

/** `Z`, `UTC`, `±HH`, `±HHMM` or `±HH:MM` up to `end`; NaN otherwise. */
function readOffset(bytes: Uint8Array, pos: number, end: number): number {
  const first = bytes[pos]!;
  if ((first === 90 || first === 122) && pos + 1 === end) return 0;
  if (end - pos === 3 && first === 85 && bytes[pos + 1] === 84 && bytes[pos + 2] === 67) return 0;
  if (first !== 43 && first !== 45) return Number.NaN;
  const sign = first === 45 ? -1 : 1;
  if (countDigits(bytes, pos + 1, end, 2) !== 2) return Number.NaN;
  const hours = readNumber(bytes, pos + 1, 2);
  let p = pos + 3;
  if (p === end && hours <= 18) return sign * hours * 3_600_000;
  if (bytes[p] === 58) p++;
  if (countDigits(bytes, p, end, 2) !== 2 || p + 2 !== end) return Number.NaN;
  const minutes = readNumber(bytes, p, 2);
  if (hours > 18 || minutes > 59) return Number.NaN;
  return sign * (hours * 3_600_000 + minutes * 60_000);
}

/** How many digits (at most `max`) stand at `pos`. */
function countDigits(bytes: Uint8Array, pos: number, end: number, max: number): number {
  let count = 0;
  while (count < max && pos + count < end && isDigit(bytes[pos + count]!)) count++;
  return count;
}

function readNumber(bytes: Uint8Array, pos: number, digits: number): number {
  let value = 0;
  for (let k = 0; k < digits; k++) value = value * 10 + bytes[pos + k]! - ZERO;
  return value;
}

function parseNumericTimestamp(
  bytes: Uint8Array,
  start: number,
  end: number,
  zone: TimeZone,
): number {
  let integer = 0;
  let pos = start;
  let digits = 0;
  while (pos < end && isDigit(bytes[pos]!)) {
    integer = integer * 10 + bytes[pos]! - ZERO;
    pos++;
    digits++;
  }
  if (digits === 0) return Number.NaN;
  let fraction = 0;
  if (pos < end && bytes[pos] === 46) {
    pos++;
    let scale = 0.1;
    while (pos < end && isDigit(bytes[pos]!)) {
      fraction += (bytes[pos]! - ZERO) * scale;
      scale /= 10;
      pos++;
    }
  }
  if (pos !== end) return Number.NaN;
  const value = integer + fraction;
  if (value < 1e7) {
    if (value < 1) return Number.NaN;
    // Excel's serial 60 is 1900-02-29, a day that never was: serials from 61
    // on count from 1899-12-30; earlier ones from 1899-12-31.
    const baseDays = value < 61 ? EXCEL_EPOCH_DAYS + 1 : EXCEL_EPOCH_DAYS;
    const localMs = (baseDays + integer) * DAY_MS + Math.round(fraction * DAY_MS);
    return zone.localToUtc(localMs);
  }
  if (value < 1e11) return Math.round(value * 1000);
  return value;
}

function isDigit(byte: number): boolean {
  return byte >= 48 && byte <= 57;
}

const textEncoder = new TextEncoder();
let scratch = new Uint8Array(64);

/** The same as `parseTimestampBytes`, for text (encoded into a reused buffer: XES and Excel call this per event). */
export function parseTimestampText(text: string, zone: TimeZone): number {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = textEncoder.encodeInto(text, scratch);
  return parseTimestampBytes(scratch, 0, written, zone);
}
