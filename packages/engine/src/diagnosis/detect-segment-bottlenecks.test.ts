import { describe, expect, it } from 'vitest';
import type { DirectlyFollowsArc } from '../mining/discover-directly-follows.ts';
import { detectSegmentBottlenecks } from './detect-segment-bottlenecks.ts';

const DAY = 86_400_000;

function arc(from: string, to: string, count: number, medianDays: number): DirectlyFollowsArc {
  const medianMs = medianDays * DAY;
  return {
    from,
    to,
    count,
    medianMs,
    meanMs: medianMs,
    p90Ms: 2 * medianMs,
    minMs: 0,
    maxMs: 3 * medianMs,
    totalMs: count * medianMs,
  } as DirectlyFollowsArc;
}

describe('detectSegmentBottlenecks', () => {
  it("finds a team's hand-off far slower than the same hand-off overall", () => {
    const overall = [arc('合同评审', '赢单', 40, 5), arc('报价', '商务谈判', 60, 2)];
    const north = [arc('合同评审', '赢单', 10, 10), arc('报价', '商务谈判', 15, 2)];
    const east = [arc('合同评审', '赢单', 10, 4.5), arc('报价', '商务谈判', 15, 2.2)];
    const findings = detectSegmentBottlenecks(
      [
        { attribute: '团队', value: '华北', arcs: north },
        { attribute: '团队', value: '华东', arcs: east },
      ],
      overall,
    );
    // 华北: 10 / 5 = 2×, severity 4; 华东's 1.1× is within the usual.
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      detector: 'segment-bottleneck',
      steps: ['合同评审', '赢单'],
      segment: { attribute: '团队', value: '华北' },
      severity: 4,
      evidence: { cases: 10, medianMs: 10 * DAY, overallMedianMs: 5 * DAY, ratio: 2 },
    });
  });

  it('leaves out hand-offs taken too few times and a segment that is the whole log', () => {
    const overall = [arc('合同评审', '赢单', 40, 5)];
    expect(
      detectSegmentBottlenecks(
        [{ attribute: '团队', value: '华北', arcs: [arc('合同评审', '赢单', 4, 20)] }],
        overall,
      ),
    ).toEqual([]);
    expect(
      detectSegmentBottlenecks(
        [{ attribute: '团队', value: '全部', arcs: [arc('合同评审', '赢单', 40, 5)] }],
        overall,
      ),
    ).toEqual([]);
  });
});
