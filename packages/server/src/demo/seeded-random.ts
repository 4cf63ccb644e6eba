/**
 * A small seeded pseudo-random generator, so the demo workspace is the same
 * for the same seed on every machine and Node version (Math.random is neither
 * seedable nor specified). The core is mulberry32: one 32-bit word of state,
 * good enough statistically for synthetic data. Not for anything secret.
 * (The same generator as bench/seeded-random.ts, which this package cannot import.)
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, exclusiveMax). */
  nextInt(exclusiveMax: number): number {
    return Math.floor(this.nextFloat() * exclusiveMax);
  }

  /** True with probability `probability`. */
  isBelow(probability: number): boolean {
    return this.nextFloat() < probability;
  }

  /**
   * Log-normal with the given median and σ (the standard deviation of the
   * logarithm): the long right tail that waiting times have. One Box–Muller
   * normal per draw; the pair's second value is dropped to keep the state simple.
   */
  nextLogNormal(median: number, sigma: number): number {
    // 1 − u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()));
    const normal = radius * Math.cos(2 * Math.PI * this.nextFloat());
    return median * Math.exp(sigma * normal);
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.nextInt(items.length)]!;
  }

  /** One element, with probability proportional to its weight. */
  pickWeighted<T>(items: readonly { item: T; weight: number }[]): T {
    const total = items.reduce((sum, { weight }) => sum + weight, 0);
    let remaining = this.nextFloat() * total;
    for (const { item, weight } of items) {
      remaining -= weight;
      if (remaining < 0) return item;
    }
    return items.at(-1)!.item;
  }
}
