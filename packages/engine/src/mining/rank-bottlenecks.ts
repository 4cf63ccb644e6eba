import { compareText } from './compare.ts';
import type { DirectlyFollowsArc } from './discover-directly-follows.ts';

export interface Bottlenecks {
  /** Arcs by total waiting time (count × mean = sum of durations), largest first. */
  byTotal: DirectlyFollowsArc[];
  /** Arcs by median duration, largest first. */
  byMedian: DirectlyFollowsArc[];
}

/** Ranks the arcs of a directly-follows graph as bottleneck candidates. */
export function rankBottlenecks(
  arcs: readonly DirectlyFollowsArc[],
  limit = Number.POSITIVE_INFINITY,
): Bottlenecks {
  const byNames = (x: DirectlyFollowsArc, y: DirectlyFollowsArc): number =>
    compareText(x.from, y.from) || compareText(x.to, y.to);
  return {
    byTotal: arcs
      .slice()
      .sort((x, y) => y.totalMs - x.totalMs || byNames(x, y))
      .slice(0, limit),
    byMedian: arcs
      .slice()
      .sort((x, y) => y.medianMs - x.medianMs || y.count - x.count || byNames(x, y))
      .slice(0, limit),
  };
}
