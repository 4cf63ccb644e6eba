import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { discoverDirectlyFollows } from './discover-directly-follows.ts';
import { findCasesThrough } from './find-cases-through.ts';

const HOUR = 3_600_000;

function salesLog() {
  const builder = new EventLogBuilder();
  const add = (caseId: string, ...steps: [string, number][]) => {
    for (const [activity, hours] of steps) builder.add(caseId, activity, hours * HOUR);
  };
  add('D1', ['报价', 0], ['合同评审', 2], ['赢单', 50]);
  add('D2', ['报价', 0], ['商务谈判', 5], ['报价', 9], ['合同评审', 10], ['赢单', 30]);
  add('D3', ['报价', 0], ['输单', 1]);
  add('D4', ['合同评审', 0], ['合同评审', 4], ['赢单', 6]);
  return builder.build();
}

describe('findCasesThrough', () => {
  it('lists the cases behind a hand-off, with the time of its first occurrence', () => {
    const found = findCasesThrough(salesLog(), { from: '合同评审', to: '赢单' });
    expect(found.map((c) => [c.caseId, c.times, c.firstHandOffMs! / HOUR])).toEqual([
      ['D1', 1, 48],
      ['D2', 1, 20],
      ['D4', 1, 2],
    ]);
    expect(found[1]).toMatchObject({ startMs: 0, endMs: 30 * HOUR });
  });

  it('counts a hand-off as the map does: its cases add up to no more than the arc’s count', () => {
    const log = salesLog();
    for (const arc of discoverDirectlyFollows(log)) {
      const found = findCasesThrough(log, { from: arc.from, to: arc.to });
      expect(found.reduce((sum, c) => sum + c.times, 0)).toBe(arc.count);
    }
  });

  it('lists the cases with an activity, however often they have it; nothing for unknown names', () => {
    const log = salesLog();
    expect(findCasesThrough(log, { activity: '报价' }).map((c) => [c.caseId, c.times])).toEqual([
      ['D1', 1],
      ['D2', 2],
      ['D3', 1],
    ]);
    expect(findCasesThrough(log, { activity: '不存在' })).toEqual([]);
    expect(findCasesThrough(log, { from: '报价', to: '不存在' })).toEqual([]);
  });
});
