import type { DirectlyFollowsArc } from '../mining/discover-directly-follows.ts';
import type { Finding } from './finding.ts';

export interface SegmentBottleneckOptions {
  /** A segment's hand-off is slow from this many times its median over the whole log (default 1.5). */
  factor?: number;
  /** Hand-offs seen fewer times in the segment are not judged (default 5). */
  minCount?: number;
}

/** One segment of the log (the cases of one team, one region) and its hand-offs. */
export interface Segment {
  attribute: string;
  value: string;
  arcs: readonly DirectlyFollowsArc[];
}

/**
 * Segment bottlenecks (分组瓶颈): a hand-off (an arc between two different
 * activities, taken at least `minCount` times in the segment) whose median in
 * one segment is at least `factor` times its median over the whole log — one
 * team's contracts wait for legal far longer than everyone's. Severity 3 from
 * `factor`, 4 from 2×, 5 from 3×. Pass arcs in the time to judge in (working
 * time for a working-time analysis), the segment's and the whole log's alike.
 */
export function detectSegmentBottlenecks(
  segments: readonly Segment[],
  overallArcs: readonly DirectlyFollowsArc[],
  options: SegmentBottleneckOptions = {},
): Finding[] {
  const factor = options.factor ?? 1.5;
  const minCount = options.minCount ?? 5;
  const overall = new Map(overallArcs.map((arc) => [`${arc.from}\u0000${arc.to}`, arc]));
  const findings: Finding[] = [];
  for (const { attribute, value, arcs } of segments) {
    for (const arc of arcs) {
      if (arc.from === arc.to || arc.count < minCount) continue;
      const whole = overall.get(`${arc.from}\u0000${arc.to}`);
      if (!whole || !(whole.medianMs > 0)) continue;
      // The whole log's arc is the segment's too: a segment that is all of it is no finding.
      if (whole.count === arc.count) continue;
      const ratio = arc.medianMs / whole.medianMs;
      if (ratio < factor) continue;
      findings.push({
        detector: 'segment-bottleneck',
        title: {
          zh: `${value}：“${arc.from}”到“${arc.to}”的时间是整体的 ${ratio.toFixed(1)} 倍`,
          en: `${value}: "${arc.from}" to "${arc.to}" takes ${ratio.toFixed(1)}× as long as overall`,
        },
        steps: [arc.from, arc.to],
        segment: { attribute, value },
        severity: ratio >= 3 ? 5 : ratio >= 2 ? 4 : 3,
        suggestedType: 'low-efficiency',
        evidence: {
          cases: arc.count,
          medianMs: arc.medianMs,
          p90Ms: arc.p90Ms,
          overallMedianMs: whole.medianMs,
          overallCount: whole.count,
          ratio,
        },
      });
    }
  }
  return findings;
}
