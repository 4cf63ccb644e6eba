import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatDuration, formatShare } from './format.ts';

const HOUR = 3_600_000;

describe('formatDuration', () => {
  it('uses the largest unit that fits, in each language', () => {
    expect(formatDuration(3.25 * 24 * HOUR, 'en')).toBe('3.3d');
    expect(formatDuration(3.25 * 24 * HOUR, 'zh-CN')).toBe('3.3天');
    expect(formatDuration(5.5 * HOUR, 'en')).toBe('5.5h');
    expect(formatDuration(5.5 * HOUR, 'zh-CN')).toBe('5.5小时');
    expect(formatDuration(12 * 60_000, 'zh-CN')).toBe('12分钟');
    expect(formatDuration(42_000, 'en')).toBe('42s');
    expect(formatDuration(Number.NaN, 'en')).toBe('–');
  });

  it('counts working days of the calendar’s length in working time', () => {
    // 16 working hours are two working days of 8 h, not two-thirds of a day.
    expect(formatDuration(16 * HOUR, 'en', 8 * HOUR)).toBe('2.0d');
    expect(formatDuration(16 * HOUR, 'en')).toBe('16.0h');
    expect(formatDuration(4 * HOUR, 'zh-CN', 8 * HOUR)).toBe('4.0小时');
  });
});

describe('numbers and dates for the locale', () => {
  it('groups counts and writes shares as percentages', () => {
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatCount(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatShare(0.425, 'en')).toBe('42.5%');
  });

  it('writes dates the way each language does', () => {
    const at = Date.UTC(2026, 10, 27, 6, 30);
    expect(formatDateTime(at, 'zh-CN', 'Asia/Shanghai')).toBe('2026年11月27日 14:30');
    expect(formatDateTime(at, 'en', 'Asia/Shanghai')).toMatch(/^Nov 27, 2026,? 2:30\s?PM$/);
  });
});
