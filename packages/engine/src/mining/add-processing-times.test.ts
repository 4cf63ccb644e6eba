import { describe, expect, it } from 'vitest';
import { EventLogBuilder } from '../event-log/index.ts';
import { addProcessingTimes } from './add-processing-times.ts';
import { analyzeLog } from './analyze-log.ts';

const MINUTE = 60_000;

describe('addProcessingTimes', () => {
  it('tells processing time (start → completion) from waiting time (completion of A → start of B)', () => {
    const builder = new EventLogBuilder();
    // D1: Review completes at 10:00; Sign starts 10:30 and completes 10:45.
    builder.add('D1', 'Review', 10 * 60 * MINUTE);
    builder.setStartOfLastEvent(9 * 60 * MINUTE + 20 * MINUTE); // 40 min of processing
    builder.add('D1', 'Sign', 10 * 60 * MINUTE + 45 * MINUTE);
    builder.setStartOfLastEvent(10 * 60 * MINUTE + 30 * MINUTE);
    // D2: Review without a start; Sign waits 60 min and takes 5.
    builder.add('D2', 'Review', 12 * 60 * MINUTE);
    builder.add('D2', 'Sign', 13 * 60 * MINUTE + 5 * MINUTE);
    builder.setStartOfLastEvent(13 * 60 * MINUTE);
    const log = builder.build();
    const analysis = addProcessingTimes(log, analyzeLog(log));
    const review = analysis.activityStats.find((s) => s.activity === 'Review')!;
    const sign = analysis.activityStats.find((s) => s.activity === 'Sign')!;
    expect(review.processing).toMatchObject({ count: 1, meanMs: 40 * MINUTE });
    expect(sign.processing).toMatchObject({
      count: 2,
      medianMs: 10 * MINUTE,
      minMs: 5 * MINUTE,
      maxMs: 15 * MINUTE,
    });
    const arc = analysis.dfg.find((a) => a.from === 'Review' && a.to === 'Sign')!;
    // Waiting: 30 min (D1) and 60 min (D2); the whole gaps were 45 and 65 min.
    expect(arc.waiting).toMatchObject({
      count: 2,
      meanMs: 45 * MINUTE,
      minMs: 30 * MINUTE,
      maxMs: 60 * MINUTE,
    });
    expect(arc.meanMs).toBe(55 * MINUTE);
  });

  it('changes nothing for a log without start times', () => {
    const builder = new EventLogBuilder();
    builder.add('D1', 'A', 0);
    builder.add('D1', 'B', MINUTE);
    const log = builder.build();
    const analysis = analyzeLog(log);
    expect(addProcessingTimes(log, analysis)).toBe(analysis);
  });
});
