import { resolveTimeZone, type TimeZone } from '@pipewise/engine';
import { describe, expect, it } from 'vitest';
import { displayWidth, formatDuration, formatInstant, renderTable, truncate } from './format.ts';

function zone(name: string): TimeZone {
  const result = resolveTimeZone(name);
  if (!result.ok) throw new Error(name);
  return result.zone;
}

describe('formatDuration', () => {
  it('shows the two largest units, rounded down', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000, 'en')).toBe('3d 4h');
    expect(formatDuration(5 * 3_600_000 + 12 * 60_000 + 30_000, 'en')).toBe('5h 12m');
    expect(formatDuration(2 * 86_400_000 + 30_000, 'en')).toBe('2d');
    expect(formatDuration(42_000, 'en')).toBe('42s');
    expect(formatDuration(250, 'en')).toBe('250ms');
    expect(formatDuration(Number.NaN, 'en')).toBe('–');
  });

  it('speaks Chinese', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000, 'zh')).toBe('3天4小时');
    expect(formatDuration(30 * 60_000, 'zh')).toBe('30分');
  });
});

describe('formatInstant', () => {
  it('uses the offset in force at each instant (summer and winter time)', () => {
    const berlin = zone('Europe/Berlin');
    expect(formatInstant(Date.parse('2024-07-10T07:00:00Z'), berlin)).toBe('2024-07-10 09:00');
    expect(formatInstant(Date.parse('2024-01-10T08:00:00Z'), berlin)).toBe('2024-01-10 09:00');
  });
});

describe('tables with Chinese text', () => {
  it('counts wide characters as two columns', () => {
    expect(displayWidth('合同评审')).toBe(8);
    expect(displayWidth('Won')).toBe(3);
    expect(truncate('线索 → 需求确认 → 方案设计', 12)).toBe('线索 → 需求…');
  });

  it('aligns columns by display width', () => {
    expect(
      renderTable(
        ['活动', 'n'],
        [
          ['合同评审', '5'],
          ['Won', '12'],
        ],
        [false, true],
        '',
      ),
    ).toEqual(['活动       n', '合同评审   5', 'Won       12']);
  });
});
