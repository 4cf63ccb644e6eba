import { describe, expect, it } from 'vitest';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import { type DirectlyFollowsArc, discoverDirectlyFollows } from './discover-directly-follows.ts';
import { rankBottlenecks } from './rank-bottlenecks.ts';

const HOUR = 3_600_000;

/** Each case is given as [activity, hours since the case began] in time order. */
function buildLog(cases: readonly (readonly [string, number])[][]): EventLog {
  const builder = new EventLogBuilder();
  cases.forEach((events, c) => {
    for (const [activity, hours] of events) builder.add(`case ${c}`, activity, hours * HOUR);
  });
  return builder.build();
}

/** An arc with only the fields the ranking reads filled in meaningfully. */
function arc(from: string, to: string, count: number, totalMs: number, medianMs: number) {
  return {
    from,
    to,
    count,
    totalMs,
    meanMs: totalMs / count,
    medianMs,
    p90Ms: medianMs,
    minMs: medianMs,
    maxMs: medianMs,
  } satisfies DirectlyFollowsArc;
}

const names = (arcs: readonly DirectlyFollowsArc[]): string[] =>
  arcs.map((a) => `${a.from}→${a.to}`);

describe('rankBottlenecks', () => {
  // Ten cases pass X→Y in 1 h each; two go on Y→Z (3 h, 5 h); one of them Z→W (6 h).
  const cases: [string, number][][] = [
    [
      ['X', 0],
      ['Y', 1],
      ['Z', 4],
      ['W', 10],
    ],
    [
      ['X', 0],
      ['Y', 1],
      ['Z', 6],
    ],
  ];
  for (let c = 2; c < 10; c++)
    cases.push([
      ['X', 0],
      ['Y', 1],
    ]);
  const dfg = discoverDirectlyFollows(buildLog(cases));

  it('ranks by total time (count × mean = sum of durations): frequent short waits add up', () => {
    const { byTotal } = rankBottlenecks(dfg);
    expect(names(byTotal)).toEqual(['X→Y', 'Y→Z', 'Z→W']);
    // X→Y: 10 × 1 h = 10 h; Y→Z: 2 × 4 h = 3 + 5 = 8 h; Z→W: 1 × 6 h = 6 h.
    expect(byTotal.map((a) => a.totalMs)).toEqual([10 * HOUR, 8 * HOUR, 6 * HOUR]);
    for (const a of byTotal) expect(a.totalMs).toBe(a.count * a.meanMs);
  });

  it('ranks by median time: the typical wait, however rare the arc', () => {
    const { byMedian } = rankBottlenecks(dfg);
    expect(names(byMedian)).toEqual(['Z→W', 'Y→Z', 'X→Y']);
    // Z→W: 6 h; Y→Z: (3 + 5) / 2 = 4 h; X→Y: 1 h.
    expect(byMedian.map((a) => a.medianMs)).toEqual([6 * HOUR, 4 * HOUR, 1 * HOUR]);
  });

  it('breaks ties on total by names', () => {
    const arcs = [arc('B', 'C', 1, HOUR, HOUR), arc('A', 'D', 2, HOUR, HOUR / 2)];
    arcs.push(arc('A', 'C', 4, HOUR, HOUR / 4));
    expect(names(rankBottlenecks(arcs).byTotal)).toEqual(['A→C', 'A→D', 'B→C']);
  });

  it('breaks ties on median by count (more frequent first), then by names', () => {
    const arcs = [
      arc('A', 'B', 1, HOUR, HOUR),
      arc('C', 'D', 3, 3 * HOUR, HOUR),
      arc('A', 'C', 1, HOUR, HOUR),
      arc('E', 'F', 9, 9 * HOUR, 2 * HOUR),
    ];
    expect(names(rankBottlenecks(arcs).byMedian)).toEqual(['E→F', 'C→D', 'A→B', 'A→C']);
  });

  it('keeps the first `limit` arcs of each ranking and leaves its input alone', () => {
    const { byTotal, byMedian } = rankBottlenecks(dfg, 2);
    expect(names(byTotal)).toEqual(['X→Y', 'Y→Z']);
    expect(names(byMedian)).toEqual(['Z→W', 'Y→Z']);
    expect(names(dfg)).toEqual(['X→Y', 'Y→Z', 'Z→W']); // the DFG's own order: by count
  });
});
