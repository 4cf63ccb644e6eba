import { resolveTimeZone, type TimeZone } from '@pipewise/engine';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseFilters } from './parse-filters.ts';

const shanghai = (resolveTimeZone('Asia/Shanghai') as { ok: true; zone: TimeZone }).zone;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['48h', 48 * 3_600_000],
    ['3d', 3 * 86_400_000],
    ['1.5d', 1.5 * 86_400_000],
    ['2w', 14 * 86_400_000],
    ['3天', 3 * 86_400_000],
    ['30 分钟', 30 * 60_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '3', 'd3', '3 fortnights', '-2d'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNaN();
  });
});

describe('parseFilters', () => {
  it('turns options into filters in a fixed order, variants last', () => {
    const result = parseFilters(
      {
        'top-variants': '5',
        where: ['Team=East, West'],
        period: '2024-01-01..',
        'period-mode': 'starting',
        without: ['Lost'],
        'max-duration': '30d',
      },
      shanghai,
    );
    expect(result).toEqual({
      ok: true,
      filters: [
        {
          kind: 'period',
          mode: 'starting',
          fromMs: Date.parse('2023-12-31T16:00:00Z'),
          toMs: Number.POSITIVE_INFINITY,
        },
        { kind: 'attribute', name: 'Team', values: ['East', 'West'], isExcluded: false },
        { kind: 'activity', activity: 'Lost', isPresent: false },
        { kind: 'case-duration', minMs: 0, maxMs: 30 * 86_400_000 },
        { kind: 'top-variants', count: 5 },
      ],
    });
  });

  it.each([
    [{ period: '2024-01-01' }, '--period takes FROM..TO'],
    [{ 'period-mode': 'active' }, '--period-mode needs --period'],
    [{ period: '..2024-02-01', 'period-mode': 'during' }, '--period-mode takes'],
    [{ where: ['Team'] }, '--where takes ATTRIBUTE=VALUE'],
    [{ 'min-duration': 'soon' }, 'durations are written like'],
    [{ 'top-variants': '0' }, '--top-variants takes'],
    [{ 'variant-coverage': '120%' }, '--variant-coverage takes'],
  ])('refuses %j', (options, message) => {
    const result = parseFilters(options, shanghai);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});
