import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createWorkingTime,
  MAINLAND_CHINA,
  MONDAY_TO_FRIDAY,
  type WorkingCalendar,
  type WorkingTime,
} from '../calendar/index.ts';
import { type EventLog, EventLogBuilder } from '../event-log/index.ts';
import {
  createProcessModel,
  type DurationEstimate,
  makeStep,
  type ProcessModel,
} from '../process-model/process-model.ts';
import { resolveTimeZone, type TimeZone } from '../time-zone/index.ts';
import { type DueReminder, evaluateRules, type FiredEscalation } from './evaluate-rules.ts';
import {
  caseHistoryFromLog,
  effectiveRules,
  matchStepsToActivities,
  type RuleReplay,
  type RulesReplay,
  replayFromTallies,
  replayRules,
  sliceReplayLog,
  tallyRules,
} from './replay-rules.ts';
import type { Rule, RuleEvent } from './rule.ts';

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

  it('counts a follow-up done at the very instant it falls due as done in time', () => {
    const followUp: ProcessModel = {
      ...model,
      rules: [
        {
          id: 'follow-up-4h',
          kind: 'follow-up-reminder',
          after: { kind: 'step-entered', stepId: 'negotiation' },
          due: hours(4),
          notify: [],
        },
      ],
    };
    const builder = new EventLogBuilder();
    builder.add('on-the-dot', 'Negotiation', utc('2026-03-02T09:00'));
    builder.add('on-the-dot', 'Call', utc('2026-03-02T13:00'));
    builder.add('a-minute-late', 'Negotiation', utc('2026-03-02T09:00'));
    builder.add('a-minute-late', 'Call', utc('2026-03-02T13:01'));
    const replayed = replayRules(followUp, builder.build(), {
      workingTime: week,
      nowMs: utc('2026-03-13T17:00'),
    });
    expect(replayed.sampleReminders.map((reminder) => reminder.caseId)).toEqual(['a-minute-late']);
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

/**
 * The replay by definition: every case's `caseHistoryFromLog` through
 * `evaluateRules`, counted per rule. `replayRules` works on columns instead;
 * the property below holds it to this.
 */
function replayCaseByCase(
  model: ProcessModel,
  log: EventLog,
  workingTime: WorkingTime,
  nowMs: number,
  sampleSize: number,
): RulesReplay {
  const rules = effectiveRules(model);
  const matched = matchStepsToActivities(model, log.activities);
  const rows = rules.map((rule): RuleReplay => {
    const row: RuleReplay = { ruleId: rule.id, kind: rule.kind };
    if (rule.name) row.name = rule.name;
    const chain =
      rule.kind === 'hand-off-sla'
        ? rule.escalations
        : rule.kind === 'task-on-entry' && rule.task.deadline && rule.task.doneBy
          ? (rule.task.escalations ?? [])
          : undefined;
    if (chain) {
      row.clocks = {
        started: 0,
        answeredOnTime: 0,
        answeredLate: 0,
        openOnTime: 0,
        openAtRisk: 0,
        openBreached: 0,
      };
      row.escalationsByLevel = chain.map(() => 0);
    }
    if (rule.kind === 'inactivity-reminder' || rule.kind === 'follow-up-reminder')
      row.reminders = 0;
    if (rule.kind === 'task-on-entry') row.tasks = 0;
    return row;
  });
  const rowOf = (ruleId: string) => rows[rules.findIndex((rule) => rule.id === ruleId)]!;
  const isTracked = (ruleId: string) =>
    rowOf(ruleId).kind !== 'task-on-entry' || !!rowOf(ruleId).clocks;
  const sampleEscalations: FiredEscalation[] = [];
  const sampleReminders: DueReminder[] = [];
  let escalations = 0;
  let reminders = 0;
  for (let c = 0; c < log.caseCount; c++) {
    const events = caseHistoryFromLog(log, c, matched.stepOfActivity);
    const result = evaluateRules(rules, { caseId: log.caseIds[c]!, events }, workingTime, nowMs);
    const clocks = [
      ...result.slas,
      ...result.tasks.flatMap((task) => (task.clock && isTracked(task.ruleId) ? [task.clock] : [])),
    ];
    for (const clock of clocks) {
      const counts = rowOf(clock.ruleId).clocks!;
      counts.started++;
      if (clock.answeredAtMs !== null) {
        if (clock.state === 'on-time') counts.answeredOnTime++;
        else counts.answeredLate++;
      } else if (clock.state === 'on-time') counts.openOnTime++;
      else if (clock.state === 'at-risk') counts.openAtRisk++;
      else counts.openBreached++;
    }
    for (const task of result.tasks) rowOf(task.ruleId).tasks!++;
    for (const escalation of result.escalations) {
      if (!isTracked(escalation.ruleId)) continue;
      rowOf(escalation.ruleId).escalationsByLevel![escalation.level - 1]!++;
      escalations++;
      if (sampleEscalations.length < sampleSize) sampleEscalations.push(escalation);
    }
    for (const reminder of result.reminders) {
      rowOf(reminder.ruleId).reminders!++;
      reminders++;
      if (sampleReminders.length < sampleSize) sampleReminders.push(reminder);
    }
  }
  let onTime = 0;
  let decided = 0;
  rows.forEach((row) => {
    if (!row.clocks) return;
    const { answeredOnTime, answeredLate, openBreached } = row.clocks;
    const rowDecided = answeredOnTime + answeredLate + openBreached;
    row.adherence = rowDecided > 0 ? answeredOnTime / rowDecided : null;
    if (row.kind === 'hand-off-sla') {
      onTime += answeredOnTime;
      decided += rowDecided;
    }
  });
  return {
    nowMs,
    cases: log.caseCount,
    slaAdherence: { onTime, decided, rate: decided > 0 ? onTime / decided : null },
    escalations,
    reminders,
    rules: rows,
    sampleEscalations,
    sampleReminders,
    unmatchedSteps: matched.unmatchedSteps,
    unmatchedActivities: matched.unmatchedActivities,
  };
}

describe('replaying rules column by column', () => {
  const zones = ['UTC', 'Asia/Shanghai', 'America/New_York'].map(
    (name) => (resolveTimeZone(name) as { ok: true; zone: TimeZone }).zone,
  );
  const stepIds = ['lead', 'proposal', 'legal', 'signed', 'won'];
  // Unmatched activities ("Call") break silences; "Missing" names a step no activity has.
  const activities = ['Lead', 'Proposal', 'Legal', 'Signed', 'Won', 'Call', 'Note'];
  const stepId = fc.constantFrom(...stepIds, 'missing');
  const ruleEvent: fc.Arbitrary<RuleEvent> = fc.oneof(
    fc.record({ kind: fc.constant('step-entered' as const), stepId }),
    fc.record({ kind: fc.constant('step-completed' as const), stepId }),
    fc.constant({ kind: 'field-changed' as const, field: 'stage' }),
  );
  // Mostly a few hours, so that answers and silences often fall right on a deadline.
  const duration: fc.Arbitrary<DurationEstimate> = fc.record({
    value: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 0, max: 12 }) },
      { weight: 1, arbitrary: fc.constantFrom(0.5, 1.25, 2.2) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 72 }) },
    ),
    unit: fc.constantFrom(
      'hour' as const,
      'hour' as const,
      'day' as const,
      'minute' as const,
      'week' as const,
    ),
    basis: fc.constantFrom('working' as const, 'calendar' as const),
  });
  const escalations = fc.array(
    fc.record({
      after: duration,
      notify: fc.constant([{ role: 'manager', channel: 'email' as const }]),
    }),
    { maxLength: 3 },
  );
  const rule: fc.Arbitrary<Omit<Rule, 'id'>> = fc.oneof(
    fc.record(
      {
        kind: fc.constant('hand-off-sla' as const),
        trigger: ruleEvent,
        until: ruleEvent,
        deadline: duration,
        notify: fc.constant([]),
        escalations,
        atRiskShare: fc.double({ min: 0, max: 1, noNaN: true }),
      },
      { requiredKeys: ['kind', 'trigger', 'deadline', 'notify', 'escalations'] },
    ),
    fc.record({
      kind: fc.constant('inactivity-reminder' as const),
      stepIds: fc.uniqueArray(stepId, { minLength: 1 }),
      idle: duration,
      notify: fc.constant([]),
    }),
    fc.record(
      {
        kind: fc.constant('follow-up-reminder' as const),
        after: ruleEvent,
        due: duration,
        doneBy: ruleEvent,
        notify: fc.constant([]),
      },
      { requiredKeys: ['kind', 'after', 'due', 'notify'] },
    ),
    fc.record({
      kind: fc.constant('task-on-entry' as const),
      stepId,
      task: fc.record(
        {
          title: fc.constant({ en: 'Onboarding' }),
          assignee: fc.constant({ role: 'after-sales', channel: 'in-app' as const }),
          deadline: duration,
          escalations,
          doneBy: ruleEvent,
        },
        { requiredKeys: ['title', 'assignee'] },
      ),
    }),
  );
  // Half hours over 20 days from Fri 27 Sep 2024 09:00 UTC (weekends, China's National Day
  // week with its make-up days 29 Sep and 12 Oct) or Mon 28 Oct (New York's change of clocks
  // on 3 Nov). Few distinct instants, so that events often share one and answers often fall
  // right on a deadline. Working around the clock, New York's working time goes back an
  // hour when its clocks do.
  const ROUND_THE_CLOCK: WorkingCalendar = {
    name: '24/7',
    weeklyHours: Array.from({ length: 7 }, () => [[0, 24 * 60]] as const),
    holidays: [],
    workdays: [],
  };
  const origins = [Date.parse('2024-09-27T09:00:00Z'), Date.parse('2024-10-28T09:00:00Z')];
  const event = fc.record({
    caseNumber: fc.integer({ min: 0, max: 5 }),
    activity: fc.constantFrom(...activities),
    minute: fc.integer({ min: 0, max: 48 * 20 }).map((halfHour) => halfHour * 30),
  });
  const scenario = fc.record({
    rules: fc.array(rule, { minLength: 1, maxLength: 5 }),
    deadlines: fc.array(fc.option(duration, { nil: undefined }), {
      minLength: stepIds.length,
      maxLength: stepIds.length,
    }),
    events: fc.array(event, { minLength: 5, maxLength: 60 }),
    zone: fc.constantFrom(...zones),
    calendar: fc.constantFrom(MONDAY_TO_FRIDAY, MAINLAND_CHINA, ROUND_THE_CLOCK),
    nowMinute: fc.integer({ min: 0, max: 24 * 24 }).map((hour) => hour * 60),
    originMs: fc.constantFrom(...origins),
    sampleSize: fc.integer({ min: 0, max: 12 }),
    splitShare: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it('judges by instants where working time goes back with the clocks', () => {
    // New York, working around the clock: on 3 Nov 2024 at 06:00 UTC clocks go back from
    // 02:00 to 01:00, so 01:00–02:00 is worked twice. Legal entered at 01:00 EDT (05:00 UTC)
    // with half an hour to answer is due at 01:30 EDT (05:30 UTC); the answer at 01:00 EST
    // (06:00 UTC) is late, though by working time it came before the half hour was used.
    const newYork = zones[2]!;
    const workingTime = createWorkingTime(ROUND_THE_CLOCK, newYork);
    const model: ProcessModel = {
      ...createProcessModel('to-be', { en: 'Sales' }, 'to-be'),
      steps: [makeStep('legal', { en: 'Legal' }), makeStep('won', { en: 'Won' })],
      rules: [
        {
          id: 'legal-30m',
          kind: 'hand-off-sla',
          trigger: { kind: 'step-entered', stepId: 'legal' },
          deadline: { value: 0.5, unit: 'hour', basis: 'working' },
          notify: [],
          escalations: [],
        },
      ],
    };
    const builder = new EventLogBuilder();
    builder.add('deal', 'Legal', Date.parse('2024-11-03T05:00:00Z'));
    builder.add('deal', 'Won', Date.parse('2024-11-03T06:00:00Z'));
    const log = builder.build();
    const nowMs = Date.parse('2024-11-04T12:00:00Z');
    const replayed = replayRules(model, log, { workingTime, nowMs });
    expect(replayed.rules[0]!.clocks).toMatchObject({ answeredOnTime: 0, answeredLate: 1 });
    expect(replayed).toEqual(replayCaseByCase(model, log, workingTime, nowMs, 10));
  });

  it('replays an empty log (filters left nothing) without asking for working time', () => {
    const empty = new EventLogBuilder().build();
    const workingTime = createWorkingTime(MAINLAND_CHINA, zones[1]!);
    const model: ProcessModel = {
      ...createProcessModel('to-be', { en: 'Sales' }, 'to-be'),
      steps: [
        makeStep('legal', { en: 'Legal' }, 'task', {
          deadline: { value: 8, unit: 'hour', basis: 'working' },
        }),
      ],
    };
    const replayed = replayRules(model, empty, { workingTime, nowMs: Number.NEGATIVE_INFINITY });
    expect(replayed).toMatchObject({ cases: 0, escalations: 0, slaAdherence: { rate: null } });
  });

  it('replays a log with a placeholder date centuries away without checking the zone over them', () => {
    // "0001-01-01" where a CRM left a date empty: the zone's offset is not checked over
    // two thousand years (instants decide there); an event after now is not evaluated.
    let lookups = 0;
    const shanghai = zones[1]!;
    const counted: TimeZone = {
      name: shanghai.name,
      offsetAtUtc: (utcMs) => {
        lookups++;
        return shanghai.offsetAtUtc(utcMs);
      },
      localToUtc: (localMs) => shanghai.localToUtc(localMs),
    };
    const workingTime = createWorkingTime(MAINLAND_CHINA, counted);
    const model: ProcessModel = {
      ...createProcessModel('to-be', { en: 'Sales' }, 'to-be'),
      steps: [
        makeStep('lead', { en: 'Lead' }, 'task', {
          deadline: { value: 8, unit: 'hour', basis: 'working' },
        }),
        makeStep('won', { en: 'Won' }),
      ],
    };
    const builder = new EventLogBuilder();
    builder.add('placeholder', 'Lead', Date.parse('0001-01-01T00:00:00Z'));
    builder.add('placeholder', 'Won', Date.parse('2024-03-04T02:00:00Z'));
    builder.add('future', 'Lead', Date.parse('9999-12-31T00:00:00Z'));
    builder.add('deal', 'Lead', Date.parse('2024-03-04T01:00:00Z'));
    builder.add('deal', 'Won', Date.parse('2024-03-04T07:00:00Z')); // 15:00 in Shanghai: 5 working hours
    const log = builder.build();
    const nowMs = Date.parse('2024-12-31T10:00:00Z');
    const replayed = replayRules(model, log, { workingTime, nowMs });
    // Checking every three hours since year 1 would be 5.9 million lookups.
    expect(lookups).toBeLessThan(10_000);
    expect(replayed).toEqual(replayCaseByCase(model, log, workingTime, nowMs, 10));
    expect(replayed.rules[0]!.clocks).toMatchObject({
      started: 2,
      answeredLate: 1,
      answeredOnTime: 1,
    });
  });

  it('gives exactly what evaluating each case’s history gives, whole or in two runs of cases', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const model: ProcessModel = {
          ...createProcessModel('to-be', { en: 'Sales' }, 'to-be'),
          steps: [
            makeStep('start', { en: 'Start' }, 'start'),
            ...stepIds.map((id, k) =>
              makeStep(
                id,
                { en: activities[k]! },
                id === 'won' ? 'end' : 'task',
                s.deadlines[k] ? { deadline: s.deadlines[k] } : {},
              ),
            ),
            makeStep('missing', { en: 'Missing' }),
          ],
          rules: s.rules.map((rule, k) => ({ ...rule, id: `rule-${k}` }) as Rule),
        };
        const builder = new EventLogBuilder();
        // Sorted by time within the builder; the file order of equal instants is kept.
        for (const e of s.events)
          builder.add(`case-${e.caseNumber}`, e.activity, s.originMs + e.minute * 60_000);
        const log = builder.build();
        const workingTime = createWorkingTime(s.calendar, s.zone);
        const nowMs = s.originMs + s.nowMinute * 60_000;
        const options = { workingTime, nowMs, sampleSize: s.sampleSize };
        const expected = replayCaseByCase(model, log, workingTime, nowMs, s.sampleSize);
        expect(replayRules(model, log, options)).toEqual(expected);
        // Split in two runs of cases, as on two threads: the same replay.
        const split = Math.round(s.splitShare * log.caseCount);
        const tallies = [
          tallyRules(model, sliceReplayLog(log, 0, split), options),
          tallyRules(model, sliceReplayLog(log, split, log.caseCount), {
            ...options,
            firstCase: split,
          }),
        ];
        expect(replayFromTallies(model, log, options, tallies)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
