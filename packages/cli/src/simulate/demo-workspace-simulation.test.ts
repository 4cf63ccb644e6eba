import {
  createWorkingTime,
  EventLogBuilder,
  resolveTimeZone,
  toWorkingTimeLog,
  workingDayMs,
} from '@pipewise/engine';
import {
  changesFromModel,
  checkReproduction,
  fitProcessBehaviour,
  simulateWhatIf,
} from '@pipewise/engine/simulation';
import { describe, expect, it } from 'vitest';
// The server's demo workspace (not exported by the server package: read in place).
import {
  DEMO_TIME_ZONE,
  DEMO_WORKING_CALENDAR,
  generateDemoWorkspace,
} from '../../../server/src/demo/index.ts';

describe('simulating the server’s demo workspace', () => {
  const workspace = generateDemoWorkspace();
  const builder = new EventLogBuilder();
  for (const event of workspace.events)
    builder.add(event.caseId, event.activity, event.timestampMs, event.resource);
  const log = builder.build();
  const zone = resolveTimeZone(DEMO_TIME_ZONE);
  if (!zone.ok) throw new Error('demo zone');
  const workingTime = createWorkingTime(DEMO_WORKING_CALENDAR, zone.zone);
  const workingLog = toWorkingTimeLog(log, workingTime);
  const behaviour = fitProcessBehaviour(workingLog);
  const { changes, notSimulated } = changesFromModel(workspace.toBeModel, log.activities, {
    asIs: workspace.asIsModel,
    basis: 'working',
    workingDayMs: workingDayMs(DEMO_WORKING_CALENDAR),
  });
  const simulated = simulateWhatIf(behaviour, changes, { runs: 200, seed: 5 });
  if (!simulated.ok) throw new Error(simulated.message);
  const { asIs, toBe, gain, contributions } = simulated.result;

  it('reproduces the measured cycle time and reach rates of the unchanged as-is', () => {
    const rows = checkReproduction(workingLog, asIs, { seed: 5, resamples: 500 });
    expect(rows.filter((row) => !row.isReproduced)).toEqual([]);
  });

  it('reads the to-be draft as the triple entry merged and legal review within 48 working hours', () => {
    expect(changes).toEqual([
      {
        kind: 'merge',
        activities: ['录入CRM', '录入ERP', '录入报价系统'],
        name: '一次录入（CRM同步ERP）',
      },
      { kind: 'deadline', activity: '合同评审', deadlineMs: 48 * 3_600_000 },
    ]);
    // The workspace's log records the after-sales hand-off already, so it has data.
    expect(notSimulated).toEqual([]);
    expect(toBe!.stages.map((stage) => stage.name)).toContain('一次录入（CRM同步ERP）');
  });

  it('predicts a shorter cycle, and says what each change saves', () => {
    expect(gain!.medianMs).toBeGreaterThan(0);
    expect(gain!.ci95[0]).toBeGreaterThanOrEqual(0);
    expect(contributions.map((c) => c.change.kind)).toEqual(['merge', 'deadline']);
    for (const { gain: alone } of contributions) expect(alone.medianMs).toBeGreaterThanOrEqual(0);
    expect(toBe!.deadlines[0]!.adherence).toBeLessThanOrEqual(1);
  });
});
