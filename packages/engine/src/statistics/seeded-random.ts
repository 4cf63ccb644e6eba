/**
 * A small seeded pseudo-random generator, so generated logs (the benchmarks'
 * and the demo's) and, later, simulations are the same for the same seed on
 * every machine and Node version (Math.random is neither
 * seedable nor specified).
 *
 * The core is mulberry32 (Tommy Ettinger's 32-bit generator): one 32-bit word of
 * state, period 2³², good enough statistically for synthetic data and a few
 * nanoseconds per draw. Not for anything cryptographic.
 */
export class SeededRandom {
  private state: number;
  /** Box–Muller yields normals in pairs; the second is kept for the next call. */
  private spareNormal = 0;
  private hasSpareNormal = false;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
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

  /** Standard normal (mean 0, standard deviation 1), by the Box–Muller transform. */
  nextNormal(): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return this.spareNormal;
    }
    // 1 - u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat()));
    const angle = 2 * Math.PI * this.nextFloat();
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpareNormal = true;
    return radius * Math.cos(angle);
  }

  /**
   * Log-normal with the given median and shape σ (the standard deviation of the
   * logarithm). The mean is median·e^(σ²/2), so σ = 1 puts the mean 65 % above
   * the median: the long right tail that waiting times have.
   */
  nextLogNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.nextNormal());
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.nextInt(items.length)]!;
  }

  /** A new array with the items in a uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const shuffled = items.slice();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = shuffled[i]!;
      shuffled[i] = shuffled[j]!;
      shuffled[j] = swap;
    }
    return shuffled;
  }

  /** One element, with probability proportional to its weight. */
  pickWeighted<T>(items: readonly { item: T; weight: number }[]): T {
    const total = items.reduce((sum, { weight }) => sum + weight, 0);
    let remaining = this.nextFloat() * total;
    for (const { item, weight } of items) {
      remaining -= weight;
      if (remaining < 0) return item;
    }
    return (items.at(-1) as { item: T }).item;
  }
}
