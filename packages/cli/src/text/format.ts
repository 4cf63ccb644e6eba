// Terminal columns and diagram boxes count wide characters alike.
import { isWideCodePoint } from '@pipewise/diagrams/text';
import type { TimeZone } from '@pipewise/engine';
import type { Language } from './messages.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: Record<
  Language,
  { d: string; h: string; m: string; s: string; ms: string; sep: string }
> = {
  en: { d: 'd', h: 'h', m: 'm', s: 's', ms: 'ms', sep: ' ' },
  zh: { d: '天', h: '小时', m: '分', s: '秒', ms: '毫秒', sep: '' },
};

/**
 * A duration as people read it: the two largest units, rounded down
 * (`3d 4h`, `5h 12m`, `42s`; in Chinese `3天4小时`). Calendar time.
 */
export function formatDuration(ms: number, language: Language): string {
  if (!Number.isFinite(ms)) return '–';
  const u = UNITS[language];
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)}${u.ms}`;
  const parts: [number, string][] = [
    [Math.floor(abs / DAY), u.d],
    [Math.floor((abs % DAY) / HOUR), u.h],
    [Math.floor((abs % HOUR) / MINUTE), u.m],
    [Math.floor((abs % MINUTE) / 1000), u.s],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  const shown = parts.slice(first, first + 2).filter(([value], k) => k === 0 || value > 0);
  return sign + shown.map(([value, unit]) => `${value}${unit}`).join(u.sep);
}

/**
 * A working-time duration: in working days of `dayMs` (the calendar's
 * working day, e.g. 8 h) from one working day on — "3.0 working days", as
 * people state such durations — else in hours and minutes.
 */
export function formatWorkingDuration(ms: number, dayMs: number, language: Language): string {
  if (!Number.isFinite(ms) || !(dayMs > 0) || Math.abs(ms) < dayMs)
    return formatDuration(ms, language);
  const days = (ms / dayMs).toFixed(1);
  return language === 'zh' ? `${days}个工作日` : `${days} working days`;
}

export function formatCount(value: number, language: Language): string {
  return value.toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US');
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** An instant as `YYYY-MM-DD HH:mm` in a zone (with the offset in force at that instant). */
export function formatInstant(utcMs: number, zone: TimeZone): string {
  if (!Number.isFinite(utcMs)) return '–';
  return new Date(utcMs + zone.offsetAtUtc(utcMs)).toISOString().slice(0, 16).replace('T', ' ');
}

/** Columns of a terminal a text takes: East Asian wide characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    width += isWideCodePoint(code) ? 2 : 1;
  }
  return width;
}

/** Shortens text to `width` display columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let result = '';
  for (const char of text) {
    if (displayWidth(result + char) > width - 1) break;
    result += char;
  }
  return `${result}…`;
}

/**
 * Lays out rows as aligned columns; `alignRight[k]` right-aligns column k
 * (numbers). Widths count wide characters as two.
 */
export function renderTable(
  header: string[],
  rows: string[][],
  alignRight: boolean[],
  indent = '  ',
): string[] {
  const widths = header.map((title, k) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[k] ?? ''))),
  );
  const pad = (text: string, k: number): string => {
    const gap = ' '.repeat(widths[k]! - displayWidth(text));
    return alignRight[k] ? gap + text : text + gap;
  };
  const line = (cells: string[]): string =>
    indent +
    cells
      .map((cell, k) => pad(cell, k))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
