import {
  createWorkingTime,
  EventLogBuilder,
  MONDAY_TO_FRIDAY,
  resolveTimeZone,
  type TimeZone,
} from '@pipewise/engine';
import { createProcessModel, makeStep, type ProcessModel } from '@pipewise/engine/process-model';
import { replayRules } from '@pipewise/engine/rules';
import { afterAll, describe, expect, it } from 'vitest';
import { startHelperThread, stopHelperThread } from './helper-thread.ts';
import { replayRulesWithHelper } from './replay-with-helper.ts';

const zone = (resolveTimeZone('Asia/Shanghai') as { ok: true; zone: TimeZone }).zone;
const workingTime = createWorkingTime(MONDAY_TO_FRIDAY, zone);
const hours = (value: number) => ({ value, unit: 'hour', basis: 'working' }) as const;
const stages = ['Lead', 'Proposal', 'Legal', 'Won'];

const model: ProcessModel = {
  ...createProcessModel('to-be', { en: 'Sales' }, 'to-be'),
  steps: stages.map((name) => makeStep(name.toLowerCase(), { en: name })),
  rules: [
    {
      id: 'legal-16h',
      kind: 'hand-off-sla',
      trigger: { kind: 'step-entered', stepId: 'legal' },
      deadline: hours(16),
      notify: [],
      escalations: [{ after: hours(16), notify: [{ role: 'legal manager', channel: 'email' }] }],
    },
    {
      id: 'idle-1d',
      kind: 'inactivity-reminder',
      stepIds: ['lead', 'proposal'],
      idle: { value: 1, unit: 'day', basis: 'working' },
      notify: [],
    },
  ],
};

/** 3,000 deals moving through the stages at uneven paces from Mon 2 Mar 2026. */
function buildLog() {
  const builder = new EventLogBuilder();
  const startMs = Date.parse('2026-03-02T01:00:00Z');
  for (let deal = 0; deal < 3000; deal++) {
    let atMs = startMs + (deal % 200) * 3_600_000;
    for (let stage = 0; stage < 1 + (deal % stages.length); stage++) {
      builder.add(`D${deal}`, stages[stage]!, atMs);
      atMs += (((deal * 7919 + stage * 104_729) % 97) + 1) * 1_800_000;
    }
  }
  return builder.build();
}

describe('replaying rules with the helper thread', () => {
  const thread = startHelperThread();
  afterAll(() => stopHelperThread(thread));

  it('gives what replayRules gives, samples included, with half the cases replayed there', async () => {
    const log = buildLog();
    const options = { workingTime, nowMs: Date.parse('2026-03-20T10:00:00Z'), sampleSize: 3000 };
    const expected = replayRules(model, log, options);
    expect(expected.escalations).toBeGreaterThan(0);
    expect(expected.reminders).toBeGreaterThan(0);
    const replay = await replayRulesWithHelper(
      model,
      log,
      { ...options, zone, minEvents: 0 },
      thread,
    );
    expect(replay).toEqual(expected);
    // Samples from both halves: the helper's cases come back with their own ids.
    expect(replay.sampleReminders.some((r) => Number(r.caseId.slice(1)) >= 2000)).toBe(true);
    expect(thread.isRunning).toBe(true);
  });
});
