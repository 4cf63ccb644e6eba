import { SCALE_STOPS } from '@pipewise/diagrams';
import { describe, expect, it } from 'vitest';
import { formatScore, scoreColor } from './scoring.ts';

describe('scoreColor', () => {
  it('runs from the strongest colour at 1 through the middle at 3 to the palest at 5', () => {
    expect(scoreColor(1)).toBe(SCALE_STOPS.at(-1));
    expect(scoreColor(3)).toBe(SCALE_STOPS[1]);
    expect(scoreColor(5)).toBe(SCALE_STOPS[0]);
    // 4 is halfway between the middle (#ffc078) and the palest (#fff9db): (0xc0 + 0xf9) / 2 = 0xdc or 0xdd.
    expect(scoreColor(4)).toMatch(/^#ff(dc|dd)(a9|aa)$/);
  });
});

describe('formatScore', () => {
  it('shows one decimal', () => {
    expect(formatScore(29 / 12)).toBe('2.4');
    expect(formatScore(3)).toBe('3.0');
  });
});
