import { describe, expect, it } from 'vitest';
import { createWorkingTime, MONDAY_TO_FRIDAY } from '../calendar/index.ts';
import { EventLogBuilder } from '../event-log/index.ts';
import { createProcessModel, makeStep, type ProcessModel } from '../process-model/process-model.ts';
import { resolveTimeZone, type TimeZone } from '../time-zone/index.ts';
import {
  caseHistoryFromLog,
  effectiveRules,
  matchStepsToActivities,
  replayRules,
} from './replay-rules.ts';

const utcZone = (resolveTimeZone('UTC') as { ok: true; zone: TimeZone }).zone;
const week = createWorkingTime(MONDAY_TO_FRIDAY, utcZone);
const utc = (local: string): number => Date.parse(`${local}:00Z`);
const hours = (value: number) => ({ value, unit: 'hour', basis: 'working' }) as const;

const model: ProcessModel = {
  ...createProcessModel('to-be', { en: 'Sales' }, 'to-be'),
  steps: [
    makeStep('start', { en: 'Start' }, 'start'),
    makeStep('negotiation', { zh: '商务谈判', en: 'Negotiation' }),
    makeStep('legal', { zh: '合同评审' }, 'approval'),
    makeStep('won', { en: 'Won' }, 'end'),
    makeStep('quote', { en: 'Quote' }, 'task', { deadline: hours(8) }),
  ],
  rules: [
    {
      id: 'legal-16h',
      kind: 'hand-off-sla',
      trigger: { kind: 'step-entered', stepId: 'legal' },
      deadline: hours(16),
      notify: [],
      escalations: [
        { after: hours(16), notify: [{ role: 'legal manager', channel: 'email' }] },
        { after: hours(24), notify: [{ role: 'sales director', channel: 'email' }] },
      ],
    },
    {
      id: 'idle-2d',
      kind: 'inactivity-reminder',
      stepIds: ['negotiation'],
      idle: { value: 2, unit: 'day', basis: 'working' },
      notify: [],
    },
  ],
};

/**
 * Four cases, Mon–Fri 09–17 UTC, now = Fri 13 Mar 2026 17:00:
 * A: legal Mon 2 Mar 09:00 → Won Mon 2 Mar 15:00 (6 h: on time).
 * B: legal Mon 2 Mar 09:00 → Won Thu 5 Mar 09:00 (24 h: late; level 1 fired at 16 h, Tue 3
 *    17:00, level 2 at 24 h, Wed 4 17:00 — a deadline ends at the close of a working day).
 * C: legal Fri 13 Mar 09:00, open (8 h of 16 used: on time, not at risk).
 * D: Negotiation Mon 2 Mar 09:00, idle until legal Fri 6 Mar 09:00: reminded after 2 working
 *    days, Tue 3 Mar 17:00; then legal open since Fri 6 (40 h used: breached, both levels fired).
 * E: an activity no step names ("Call").
 */
function buildLog() {
  const builder = new EventLogBuilder();
  builder.add('A', '合同评审', utc('2026-03-02T09:00'));
  builder.add('A', 'Won', utc('2026-03-02T15:00'));
  builder.add('B', '合同评审', utc('2026-03-02T09:00'));
  builder.add('B', 'Won', utc('2026-03-05T09:00'));
  builder.add('C', '合同评审', utc('2026-03-13T09:00'));
  builder.add('D', 'Negotiation', utc('2026-03-02T09:00'));
  builder.add('D', '合同评审', utc('2026-03-06T09:00'));
  builder.add('E', 'Call', utc('2026-03-02T09:00'));
  return builder.build();
}

describe('replaying rules over a stage history', () => {
  const log = buildLog();
  const replay = replayRules(model, log, { workingTime: week, nowMs: utc('2026-03-13T17:00') });

  it('counts SLA adherence as answered on time over decided hand-offs: 1 of 3', () => {
    // Decided: A (on time), B (late), D (open past its deadline); C is open and not yet due.
    expect(replay.slaAdherence).toEqual({ onTime: 1, decided: 3, rate: 1 / 3 });
    expect(replay.rules[0]).toMatchObject({
      ruleId: 'legal-16h',
      clocks: {
        started: 4,
        answeredOnTime: 1,
        answeredLate: 1,
        openOnTime: 1,
        openAtRisk: 0,
        openBreached: 1,
      },
      adherence: 1 / 3,
      escalationsByLevel: [2, 2],
    });
  });

  it('counts the reminders that would have gone out', () => {
    expect(replay.rules[1]).toMatchObject({ ruleId: 'idle-2d', reminders: 1 });
    expect(replay.sampleReminders.map((r) => [r.caseId, r.dueAtMs])).toEqual([
      ['D', utc('2026-03-03T17:00')],
    ]);
    expect(replay.escalations).toBe(4);
    expect(replay.reminders).toBe(1);
  });

  it('adds a clock for a step deadline no rule covers, and names what did not match', () => {
    expect(replay.rules[2]).toMatchObject({
      ruleId: 'deadline:quote',
      clocks: { started: 0 },
      adherence: null,
    });
    expect(replay.unmatchedSteps).toEqual(['quote']);
    expect(replay.unmatchedActivities).toEqual(['Call']);
  });

  it('turns a case’s events into moves and plain activity', () => {
    const { stepOfActivity } = matchStepsToActivities(model, log.activities);
    const b = log.caseIds.indexOf('B');
    expect(caseHistoryFromLog(log, b, stepOfActivity)).toEqual([
      { kind: 'step-entered', stepId: 'legal', atMs: utc('2026-03-02T09:00') },
      { kind: 'step-completed', stepId: 'legal', atMs: utc('2026-03-05T09:00') },
      { kind: 'step-entered', stepId: 'won', atMs: utc('2026-03-05T09:00') },
    ]);
    const e = log.caseIds.indexOf('E');
    expect(caseHistoryFromLog(log, e, stepOfActivity)).toEqual([
      { kind: 'activity', atMs: utc('2026-03-02T09:00') },
    ]);
  });

  it('does not add a step-deadline clock where a rule already clocks the step', () => {
    const legalWithDeadline: ProcessModel = {
      ...model,
      steps: model.steps.map((step) =>
        step.id === 'legal' ? { ...step, deadline: hours(4) } : step,
      ),
    };
    expect(effectiveRules(legalWithDeadline).map((rule) => rule.id)).toEqual([
      'legal-16h',
      'idle-2d',
      'deadline:quote',
    ]);
  });
});
