import { compareText } from './compare.ts';
import type { DirectlyFollowsArc } from './discover-directly-follows.ts';

/** A segment's hand-off that is slowest compared with the same hand-off in the whole log. */
export interface SlowerHandOff {
  from: string;
  to: string;
  /** Times the hand-off happened in the segment. */
  count: number;
  /** Its median duration in the segment. */
  medianMs: number;
  /** Its median duration in the whole log. */
  overallMedianMs: number;
  /** medianMs / overallMedianMs. */
  ratio: number;
}

/** Hand-offs seen fewer times than this in a segment are too few to compare. */
export const MIN_HAND_OFFS_TO_COMPARE = 5;

/**
 * Of a segment's hand-offs between two different activities seen at least
 * `minCount` times, the one whose median duration is the highest multiple of
 * the same hand-off's median in the whole log (ties: more hand-offs first,
 * then names). Undefined when none qualifies. The bottleneck ranking says
 * where a team spends most time; this says where it is slower than everyone.
 */
export function findSlowestHandOff(
  segmentArcs: readonly DirectlyFollowsArc[],
  overallArcs: readonly DirectlyFollowsArc[],
  minCount = MIN_HAND_OFFS_TO_COMPARE,
): SlowerHandOff | undefined {
  const overallMedian = new Map(
    overallArcs.map((arc) => [`${arc.from}\u0000${arc.to}`, arc.medianMs]),
  );
  let slowest: SlowerHandOff | undefined;
  for (const arc of segmentArcs) {
    if (arc.from === arc.to || arc.count < minCount) continue;
    const overallMedianMs = overallMedian.get(`${arc.from}\u0000${arc.to}`);
    if (overallMedianMs === undefined || !(overallMedianMs > 0)) continue;
    const candidate: SlowerHandOff = {
      from: arc.from,
      to: arc.to,
      count: arc.count,
      medianMs: arc.medianMs,
      overallMedianMs,
      ratio: arc.medianMs / overallMedianMs,
    };
    if (slowest === undefined || isSlower(candidate, slowest)) slowest = candidate;
  }
  return slowest;
}

function isSlower(a: SlowerHandOff, b: SlowerHandOff): boolean {
  if (a.ratio !== b.ratio) return a.ratio > b.ratio;
  if (a.count !== b.count) return a.count > b.count;
  return (compareText(a.from, b.from) || compareText(a.to, b.to)) < 0;
}
