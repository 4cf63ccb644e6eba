import { describe, expect, it } from 'vitest';
import { differenceInterval, wilsonInterval } from './proportion-interval.ts';

describe('differenceInterval', () => {
  it("matches Newcombe's worked example: 56/70 − 48/80 is 0.2000, 95% CI 0.0524 to 0.3339", () => {
    // Newcombe (1998), Statistics in Medicine 17:873–890, table II, method 10.
    const [low, high] = differenceInterval(56, 70, 48, 80)!;
    expect(low).toBeCloseTo(0.0524, 4);
    expect(high).toBeCloseTo(0.3339, 4);
  });

  it('is undefined when a group is empty, and stays inside −1…1 at the extremes', () => {
    expect(differenceInterval(1, 1, 0, 0)).toBeUndefined();
    const [low, high] = differenceInterval(10, 10, 0, 10)!;
    expect(low).toBeGreaterThan(0.5);
    expect(high).toBeLessThanOrEqual(1);
  });
});

describe('wilsonInterval', () => {
  it('gives the score interval: 8 of 10 is 0.4902 to 0.9433', () => {
    // (p + z²/2n) / (1 + z²/n) ± z/(1 + z²/n) · √(p(1−p)/n + z²/4n²), z = 1.96.
    const [low, high] = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 4);
    expect(high).toBeCloseTo(0.9433, 4);
  });
});
