import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingTime, MAINLAND_CHINA, MONDAY_TO_FRIDAY } from '../calendar/index.ts';
import { resolveTimeZone, type TimeZone } from '../time-zone/index.ts';
import { type CaseEvent, type CaseHistory, evaluateRules } from './evaluate-rules.ts';
import type { HandOffSlaRule, Recipient, Rule } from './rule.ts';

const zone = (name: string): TimeZone =>
  (resolveTimeZone(name) as { ok: true; zone: TimeZone }).zone;
const cn = createWorkingTime(MAINLAND_CHINA, zone('Asia/Shanghai'));
const utcWeek = createWorkingTime(MONDAY_TO_FRIDAY, zone('UTC'));
/** Shanghai wall-clock time. */
const sh = (local: string): number => Date.parse(`${local}:00+08:00`);
const utc = (local: string): number => Date.parse(`${local}:00Z`);
const hours = (value: number) => ({ value, unit: 'hour', basis: 'working' }) as const;
const days = (value: number) => ({ value, unit: 'day', basis: 'working' }) as const;

const legalManager: Recipient = { role: '法务经理', channel: 'wecom' };
const salesDirector: Recipient = { role: '销售总监', channel: 'sms' };

/** The method's example: legal review within 48 working hours, then up the chain. */
const legalReview: HandOffSlaRule = {
  id: 'legal-review-48h',
  kind: 'hand-off-sla',
  trigger: { kind: 'step-entered', stepId: 'legal' },
  deadline: hours(48),
  notify: [{ role: '法务', channel: 'in-app' }],
  escalations: [
    { after: hours(48), notify: [legalManager] },
    { after: hours(72), notify: [salesDirector] },
  ],
};

/** A stage history: each entry moves the case from its previous step. */
function stages(caseId: string, ...entries: [stepId: string, atMs: number][]): CaseHistory {
  const events: CaseEvent[] = [];
  let previous: string | undefined;
  for (const [stepId, atMs] of entries) {
    if (previous !== undefined) events.push({ kind: 'step-completed', stepId: previous, atMs });
    events.push({ kind: 'step-entered', stepId, atMs });
    previous = stepId;
  }
  return { caseId, events };
}

// Friday 13 Feb 2026 15:00, the afternoon before the Spring Festival (15–23 Feb
// off; Saturdays 14 and 28 Feb are make-up workdays). 48 working hours, by hand:
// Fri 13 15–18 (3 h), Sat 14 (8 h: 11), Tue 24 – Fri 27 (32 h: 43), Sat 28 09–12 and
// 13–15 (5 h: 48) → Saturday 28 Feb 15:00. 72 h: Sat 28 15–18 (51), Mon 2 Mar (59),
// Tue 3 (67), Wed 4 09–12 and 13–15 (72) → Wednesday 4 Mar 15:00.
const handedOver = sh('2026-02-13T15:00');
const due48 = sh('2026-02-28T15:00');
const due72 = sh('2026-03-04T15:00');

describe('a 48-working-hour legal review set on the Friday before the Spring Festival', () => {
  it('is due on the make-up Saturday 28 Feb at 15:00', () => {
    const history = stages('A', ['legal', handedOver]);
    const [clock] = evaluateRules([legalReview], history, cn, sh('2026-02-24T10:00')).slas;
    expect(clock).toMatchObject({ startedAtMs: handedOver, dueAtMs: due48, answeredAtMs: null });
  });

  it('is on time when answered on Friday 27 Feb at 17:00, having used 42 of 48 hours', () => {
    const history = stages('A', ['legal', handedOver], ['signed', sh('2026-02-27T17:00')]);
    const result = evaluateRules([legalReview], history, cn, sh('2026-03-31T00:00'));
    expect(result.slas).toEqual([
      {
        ruleId: 'legal-review-48h',
        caseId: 'A',
        startedAtMs: handedOver,
        dueAtMs: due48,
        answeredAtMs: sh('2026-02-27T17:00'),
        state: 'on-time',
        usedShare: 42 / 48,
      },
    ]);
    expect(result.escalations).toEqual([]);
  });

  it('counts an answer at the very deadline as on time', () => {
    const history = stages('A', ['legal', handedOver], ['signed', due48]);
    const result = evaluateRules([legalReview], history, cn, sh('2026-03-31T00:00'));
    expect(result.slas[0]!.state).toBe('on-time');
    expect(result.escalations).toEqual([]);
  });

  it('escalates to the legal manager after 48 working hours when answered on Monday 2 Mar', () => {
    const history = stages('B', ['legal', handedOver], ['signed', sh('2026-03-02T10:00')]);
    const result = evaluateRules([legalReview], history, cn, sh('2026-03-31T00:00'));
    expect(result.slas[0]!.state).toBe('breached');
    expect(result.escalations).toEqual([
      {
        ruleId: 'legal-review-48h',
        caseId: 'B',
        level: 1,
        startedAtMs: handedOver,
        firedAtMs: due48,
        notify: [legalManager],
      },
    ]);
  });

  it('escalates to the sales director after 72 working hours when still open', () => {
    const history = stages('C', ['legal', handedOver]);
    const result = evaluateRules([legalReview], history, cn, sh('2026-03-05T09:00'));
    expect(result.slas[0]!.state).toBe('breached');
    expect(result.escalations.map((e) => [e.level, e.firedAtMs, e.notify])).toEqual([
      [1, due48, [legalManager]],
      [2, due72, [salesDirector]],
    ]);
  });

  it('fires no escalation before its time', () => {
    const history = stages('C', ['legal', handedOver]);
    const result = evaluateRules([legalReview], history, cn, due72 - 1);
    expect(result.escalations.map((e) => e.level)).toEqual([1]);
  });

  it('is at risk from 80% of the deadline used (38.4 h): Fri 27 Feb 14:00 has used 39 h', () => {
    const history = stages('D', ['legal', handedOver]);
    // Fri 27 Feb 12:00: 35 + 3 = 38 h used (79%).
    const before = evaluateRules([legalReview], history, cn, sh('2026-02-27T12:00')).slas[0]!;
    expect(before.state).toBe('on-time');
    expect(before.usedShare).toBeCloseTo(38 / 48, 12);
    const after = evaluateRules([legalReview], history, cn, sh('2026-02-27T14:00')).slas[0]!;
    expect(after.state).toBe('at-risk');
    expect(after.usedShare).toBeCloseTo(39 / 48, 12);
  });

  it('takes the at-risk share from the rule when given', () => {
    const history = stages('D', ['legal', handedOver]);
    const strict = { ...legalReview, atRiskShare: 0.5 };
    // Wed 25 Feb 18:00: 3 + 8 + 8 + 8 = 27 h used (56%).
    const clock = evaluateRules([strict], history, cn, sh('2026-02-25T18:00')).slas[0]!;
    expect(clock.state).toBe('at-risk');
  });

  it('does not see events after now', () => {
    const history = stages('A', ['legal', handedOver], ['signed', sh('2026-03-02T10:00')]);
    const result = evaluateRules([legalReview], history, cn, sh('2026-02-20T10:00'));
    expect(result.slas[0]).toMatchObject({
      answeredAtMs: null,
      state: 'on-time',
      usedShare: 11 / 48,
    });
  });

  it('starts one clock per entry of the step (rework)', () => {
    const history = stages(
      'E',
      ['legal', sh('2026-03-02T09:00')],
      ['negotiation', sh('2026-03-03T09:00')],
      ['legal', sh('2026-03-04T09:00')],
    );
    const result = evaluateRules([legalReview], history, cn, sh('2026-03-04T10:00'));
    expect(result.slas.map((clock) => [clock.answeredAtMs, clock.state])).toEqual([
      [sh('2026-03-03T09:00'), 'on-time'],
      [null, 'on-time'],
    ]);
  });

  it('ends the clock with the rule’s own answer event when it names one', () => {
    const rule: Rule = {
      ...legalReview,
      until: { kind: 'field-changed', field: '法务意见', value: '通过' },
    };
    const history: CaseHistory = {
      caseId: 'F',
      events: [
        { kind: 'step-entered', stepId: 'legal', atMs: utc('2026-03-02T09:00') },
        { kind: 'field-changed', field: '法务意见', value: '退回', atMs: utc('2026-03-02T10:00') },
        { kind: 'field-changed', field: '法务意见', value: '通过', atMs: utc('2026-03-02T11:00') },
      ],
    };
    const clock = evaluateRules([rule], history, utcWeek, utc('2026-03-09T00:00')).slas[0]!;
    expect(clock.answeredAtMs).toBe(utc('2026-03-02T11:00'));
  });

  it('clocks a hand-off from a completed step until the case moves on from the next one', () => {
    const afterQuote: Rule = {
      ...legalReview,
      trigger: { kind: 'step-completed', stepId: 'quote' },
      deadline: hours(8),
      escalations: [],
    };
    // Quote completed Mon 2 Mar 10:00 by entering legal at the same instant; legal
    // moves on Tue 3 Mar 11:00: 7 + 2 = 9 working hours (mon-fri, UTC); due after 8,
    // Tue 3 Mar 10:00: late.
    const history = stages(
      'H',
      ['quote', utc('2026-03-02T09:00')],
      ['legal', utc('2026-03-02T10:00')],
      ['signed', utc('2026-03-03T11:00')],
    );
    const clock = evaluateRules([afterQuote], history, utcWeek, utc('2026-03-09T00:00')).slas[0]!;
    expect(clock).toMatchObject({
      startedAtMs: utc('2026-03-02T10:00'),
      answeredAtMs: utc('2026-03-03T11:00'),
      dueAtMs: utc('2026-03-03T10:00'),
      state: 'breached',
    });
  });

  it('counts calendar-time deadlines in plain hours, weekends included', () => {
    const rule: Rule = {
      ...legalReview,
      deadline: { value: 48, unit: 'hour', basis: 'calendar' },
      escalations: [],
    };
    const history = stages('G', ['legal', utc('2026-03-06T15:00')]);
    const clock = evaluateRules([rule], history, utcWeek, utc('2026-03-09T00:00')).slas[0]!;
    expect(clock.dueAtMs).toBe(utc('2026-03-08T15:00'));
    expect(clock.state).toBe('breached');
  });
});

describe('inactivity reminders', () => {
  const idle: Rule = {
    id: 'no-activity-5d',
    kind: 'inactivity-reminder',
    stepIds: ['needs', 'proposal'],
    idle: days(5),
    notify: [{ laneId: 'sales', channel: 'in-app' }],
  };
  // Entered Fri 13 Feb 2026 10:00 (cn). 5 working days = 40 h: Fri 13 10–18 (7 h),
  // Sat 14 (15), Tue 24 (23), Wed 25 (31), Thu 26 (39), Fri 27 09–10 (40) → Fri 27 Feb 10:00.
  const entered = sh('2026-02-13T10:00');

  it('reminds on Friday 27 Feb at 10:00 when the deal sat untouched over the holiday', () => {
    const history = stages('A', ['needs', entered], ['proposal', sh('2026-02-27T11:00')]);
    const result = evaluateRules([idle], history, cn, sh('2026-02-27T11:00'));
    expect(result.reminders).toEqual([
      {
        ruleId: 'no-activity-5d',
        caseId: 'A',
        kind: 'inactivity',
        dueAtMs: sh('2026-02-27T10:00'),
        stepId: 'needs',
        notify: idle.notify,
      },
    ]);
  });

  it('does not remind when something happened before the five days were up', () => {
    const history = stages('A', ['needs', entered], ['proposal', sh('2026-02-27T09:30')]);
    expect(evaluateRules([idle], history, cn, sh('2026-02-27T11:00')).reminders).toEqual([]);
  });

  it('counts any activity, not only moves, as breaking the silence', () => {
    const history: CaseHistory = {
      caseId: 'A',
      events: [
        { kind: 'step-entered', stepId: 'needs', atMs: entered },
        { kind: 'activity', atMs: sh('2026-02-25T10:00') },
      ],
    };
    // The silence restarts on Wed 25 10:00. 40 h later: Wed 25 10–18 (7 h), Thu 26 (15),
    // Fri 27 (23), Sat 28 make-up workday (31), Mon 2 Mar (39), Tue 3 09–10 (40).
    const result = evaluateRules([idle], history, cn, sh('2026-03-04T12:00'));
    expect(result.reminders.map((r) => r.dueAtMs)).toEqual([sh('2026-03-03T10:00')]);
  });

  it('does not remind in steps outside the rule (a closed deal)', () => {
    const history = stages('A', ['needs', entered], ['won', sh('2026-02-16T10:00')]);
    expect(evaluateRules([idle], history, cn, sh('2026-06-01T00:00')).reminders).toEqual([]);
  });

  it('has not reminded yet when now is before the due time', () => {
    const history = stages('A', ['needs', entered]);
    expect(evaluateRules([idle], history, cn, sh('2026-02-27T09:59')).reminders).toEqual([]);
  });
});

describe('follow-up reminders', () => {
  const followUp: Rule = {
    id: 'follow-up-after-meeting',
    kind: 'follow-up-reminder',
    after: { kind: 'step-completed', stepId: 'meeting' },
    due: days(2),
    notify: [{ role: 'rep', channel: 'email' }],
  };

  it('reminds two working days after the meeting (Friday → Tuesday) when nothing followed', () => {
    const history = stages(
      'A',
      ['meeting', utc('2026-03-06T10:00')],
      ['waiting', utc('2026-03-06T12:00')],
    );
    const result = evaluateRules([followUp], history, utcWeek, utc('2026-03-20T00:00'));
    // Completed Fri 6 Mar 12:00 (mon-fri 09–17, UTC): 16 working hours → Tue 10 Mar 12:00.
    expect(result.reminders.map((r) => [r.kind, r.dueAtMs])).toEqual([
      ['follow-up', utc('2026-03-10T12:00')],
    ]);
  });

  it('stays quiet when the follow-up happened in time', () => {
    const history: CaseHistory = {
      caseId: 'A',
      events: [
        ...stages('A', ['meeting', utc('2026-03-06T10:00')], ['waiting', utc('2026-03-06T12:00')])
          .events,
        { kind: 'activity', atMs: utc('2026-03-09T15:00') },
      ],
    };
    expect(evaluateRules([followUp], history, utcWeek, utc('2026-03-20T00:00')).reminders).toEqual(
      [],
    );
  });
});

describe('tasks created on entering a step', () => {
  const onboarding: Rule = {
    id: 'onboarding',
    kind: 'task-on-entry',
    stepId: 'signed',
    task: {
      title: { zh: '客户交付启动', en: 'Customer onboarding' },
      assignee: { role: '售后经理', channel: 'wecom' },
      deadline: days(3),
      escalations: [{ after: days(3), notify: [{ role: '客服总监', channel: 'sms' }] }],
      doneBy: { kind: 'step-entered', stepId: 'onboarded' },
    },
  };

  it('creates an after-sales task on signing, with its own deadline', () => {
    // Signed Wed 4 Mar 2026 14:00 (mon-fri, UTC): 24 working hours → Mon 9 Mar 14:00.
    const history = stages(
      'A',
      ['signed', utc('2026-03-04T14:00')],
      ['onboarded', utc('2026-03-06T10:00')],
    );
    const [task] = evaluateRules([onboarding], history, utcWeek, utc('2026-03-20T00:00')).tasks;
    expect(task).toMatchObject({
      ruleId: 'onboarding',
      createdAtMs: utc('2026-03-04T14:00'),
      doneAtMs: utc('2026-03-06T10:00'),
      clock: { dueAtMs: utc('2026-03-09T14:00'), state: 'on-time' },
    });
  });

  it('escalates an onboarding task not done in time', () => {
    const history = stages('A', ['signed', utc('2026-03-04T14:00')]);
    const result = evaluateRules([onboarding], history, utcWeek, utc('2026-03-10T00:00'));
    expect(result.tasks[0]!.clock!.state).toBe('breached');
    expect(result.escalations.map((e) => [e.ruleId, e.firedAtMs])).toEqual([
      ['onboarding', utc('2026-03-09T14:00')],
    ]);
  });
});

describe('evaluation properties', () => {
  const step = fc.constantFrom('legal', 'needs', 'signed', 'won');
  const start = Date.parse('2025-01-01T00:00:00Z');
  const history = fc
    .array(fc.tuple(step, fc.integer({ min: 0, max: 40 * 86_400_000 })), {
      minLength: 1,
      maxLength: 8,
    })
    .map((entries) => {
      const sorted = entries
        .map(([s, t]) => [s, start + t] as [string, number])
        .sort((a, b) => a[1] - b[1]);
      return stages('P', ...sorted);
    });
  const rules: Rule[] = [
    legalReview,
    {
      id: 'idle',
      kind: 'inactivity-reminder',
      stepIds: ['needs', 'legal'],
      idle: days(2),
      notify: [],
    },
  ];
  const now = fc.integer({ min: start, max: start + 60 * 86_400_000 });

  it('never puts a working-time deadline, reminder or escalation outside working time', () => {
    fc.assert(
      fc.property(history, now, (h, nowMs) => {
        const result = evaluateRules(rules, h, cn, nowMs);
        const instants = [
          ...result.slas.map((clock) => clock.dueAtMs),
          ...result.reminders.map((r) => r.dueAtMs),
          ...result.escalations.map((e) => e.firedAtMs),
        ];
        return instants.every((t) => cn.betweenMs(t - 1, t) === 1);
      }),
    );
  });

  it('fires nothing after now, and only escalations of unanswered or late hand-offs', () => {
    fc.assert(
      fc.property(history, now, (h, nowMs) => {
        const result = evaluateRules(rules, h, cn, nowMs);
        const lateOrOpen = new Set(
          result.slas.filter((c) => c.state === 'breached').map((c) => c.startedAtMs),
        );
        return (
          result.escalations.every((e) => e.firedAtMs <= nowMs && lateOrOpen.has(e.startedAtMs)) &&
          result.reminders.every((r) => r.dueAtMs <= nowMs)
        );
      }),
    );
  });
});
