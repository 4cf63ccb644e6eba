import { describe, expect, it } from 'vitest';
import { MONDAY_TO_FRIDAY } from '../calendar/index.ts';
import { createWorkingTime } from '../calendar/working-time.ts';
import { EventLogBuilder } from '../event-log/index.ts';
import { resolveTimeZone, type TimeZone } from '../time-zone/index.ts';
import { addWorkingTime } from './add-working-time.ts';
import { analyzeLog } from './analyze-log.ts';

const HOUR = 3_600_000;
const utc = (resolveTimeZone('UTC') as { ok: true; zone: TimeZone }).zone;

describe('addWorkingTime', () => {
  it('puts working-time statistics beside calendar ones (Monday–Friday 09–17)', () => {
    const builder = new EventLogBuilder();
    // D1: Fri 16:00 → Mon 10:00 = 66 h of calendar time, 2 h of working time.
    builder.add('D1', 'Submit', Date.parse('2026-03-06T16:00:00Z'));
    builder.add('D1', 'Review', Date.parse('2026-03-09T10:00:00Z'));
    // D2: Tue 09:00 → Tue 13:00 = 4 h of both.
    builder.add('D2', 'Submit', Date.parse('2026-03-10T09:00:00Z'));
    builder.add('D2', 'Review', Date.parse('2026-03-10T13:00:00Z'));
    const log = builder.build();
    const analysis = addWorkingTime(log, analyzeLog(log), createWorkingTime(MONDAY_TO_FRIDAY, utc));
    const arc = analysis.dfg[0]!;
    expect([arc.meanMs, arc.maxMs]).toEqual([35 * HOUR, 66 * HOUR]);
    expect(arc.working).toMatchObject({
      count: 2,
      totalMs: 6 * HOUR,
      meanMs: 3 * HOUR,
      medianMs: 3 * HOUR,
      minMs: 2 * HOUR,
      maxMs: 4 * HOUR,
    });
    expect(analysis.caseDuration.working).toMatchObject({ meanMs: 3 * HOUR, maxMs: 4 * HOUR });
    expect(analysis.bottlenecks.byTotal[0]!.working?.totalMs).toBe(6 * HOUR);
  });
});
