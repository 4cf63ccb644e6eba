import type { DirectlyFollowsArc } from '../mining/discover-directly-follows.ts';
import type { Finding } from './finding.ts';

export interface BottleneckOptions {
  /** A hand-off is a bottleneck from this many times the typical hand-off's median (default 2). */
  factor?: number;
  /** Hand-offs taken by fewer cases are not judged (default 5). */
  minCases?: number;
  /**
   * A bottleneck holds at least this share of the time of all hand-offs
   * judged (default 0.05): a slow hand-off that few cases take costs little.
   */
  minTimeShare?: number;
}

/** The middle of sorted values (the mean of the two middle ones for an even count). */
function middle(sorted: readonly number[]): number {
  const half = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

/**
 * Bottlenecks: hand-offs (arcs between two different activities taken by at
 * least `minCases` cases) whose median duration is at least `factor` times
 * the process's typical hand-off — the median of those hand-offs' medians.
 * and holding at least `minTimeShare` of the time of those hand-offs.
 * Severity by that ratio: 3 from `factor`, 4 from 3×, 5 from 5×. Pass arcs
 * in the time the figures should be judged in (working-time medians for a
 * working-time analysis).
 */
export function detectBottlenecks(
  arcs: readonly DirectlyFollowsArc[],
  options: BottleneckOptions = {},
): Finding[] {
  const factor = options.factor ?? 2;
  const minCases = options.minCases ?? 5;
  const minTimeShare = options.minTimeShare ?? 0.05;
  const judged = arcs.filter((arc) => arc.from !== arc.to && arc.count >= minCases);
  if (judged.length < 3) return [];
  const typicalMs = middle(judged.map((arc) => arc.medianMs).sort((x, y) => x - y));
  if (!(typicalMs > 0)) return [];
  const allMs = judged.reduce((sum, arc) => sum + arc.totalMs, 0);
  return judged
    .filter((arc) => arc.medianMs >= factor * typicalMs && arc.totalMs >= minTimeShare * allMs)
    .map((arc): Finding => {
      const ratio = arc.medianMs / typicalMs;
      return {
        detector: 'bottleneck',
        title: {
          zh: `“${arc.from}”到“${arc.to}”的等待时间是典型交接的 ${ratio.toFixed(1)} 倍`,
          en: `"${arc.from}" to "${arc.to}" waits ${ratio.toFixed(1)}× the typical hand-off`,
        },
        steps: [arc.from, arc.to],
        severity: ratio >= 5 ? 5 : ratio >= 3 ? 4 : 3,
        suggestedType: 'low-efficiency',
        evidence: {
          cases: arc.count,
          medianMs: arc.medianMs,
          p90Ms: arc.p90Ms,
          typicalMs,
          ratio,
          totalMs: arc.totalMs,
          timeShare: arc.totalMs / allMs,
        },
      };
    });
}
