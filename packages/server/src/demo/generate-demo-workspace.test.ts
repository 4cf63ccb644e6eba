import {
  createWorkingTime,
  type EventLog,
  EventLogBuilder,
  filterCases,
  resolveTimeZone,
} from '@pipewise/engine';
import {
  diffModels,
  measureStepDurations,
  parseProcessModel,
} from '@pipewise/engine/process-model';
import { describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DEMO_TIME_ZONE,
  DEMO_WORKING_CALENDAR,
  type DemoWorkspace,
  generateDemoWorkspace,
} from './index.ts';

const workspace = generateDemoWorkspace();
const log = toEventLog(workspace);
const zone = resolveTimeZone(DEMO_TIME_ZONE);
if (!zone.ok) throw new Error('the demo time zone does not resolve');
const workingTime = createWorkingTime(DEMO_WORKING_CALENDAR, zone.zone);
const MINUTE_MS = 60_000;

describe('generateDemoWorkspace', () => {
  it('gives the same workspace for the same seed and other events for another seed', () => {
    expect(generateDemoWorkspace({ seed: 7 })).toEqual(generateDemoWorkspace({ seed: 7 }));
    expect(generateDemoWorkspace({ seed: 8 }).events).not.toEqual(
      generateDemoWorkspace({ seed: 7 }).events,
    );
  });

  it('has one sign-in account per role, unique e-mails and four regional teams', () => {
    const byEmail = (email: string) => workspace.users.find((user) => user.email === email)?.role;
    expect(
      ['admin', 'owner', 'manager', 'rep', 'legal', 'viewer'].map((name) =>
        byEmail(`${name}@demo.pipewise`),
      ),
    ).toEqual(['admin', 'process_owner', 'manager', 'sales_rep', 'supporting', 'viewer']);
    expect(workspace.users.find((user) => user.email === 'legal@demo.pipewise')?.department).toBe(
      '法务',
    );
    const emails = workspace.users.map((user) => user.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(workspace.teams.map((team) => [team.name, team.region])).toEqual([
      ['华东区销售组', '华东'],
      ['华南区销售组', '华南'],
      ['华北区销售组', '华北'],
      ['西南区销售组', '西南'],
    ]);
    for (const team of workspace.teams) {
      const manager = workspace.users.find((user) => user.email === team.managerEmail);
      expect(manager).toMatchObject({ role: 'manager', team: team.name });
    }
    expect(workspace.organization).toEqual({ name: '示例科技（演示）', slug: 'demo' });
    expect(DEMO_PASSWORD).toBe('pipewise-demo');
  });

  it('holds 1,500–3,000 opportunities in under 25,000 events, some of them still open', () => {
    expect(workspace.caseAttributes.length).toBeGreaterThanOrEqual(1500);
    expect(workspace.caseAttributes.length).toBeLessThanOrEqual(3000);
    expect(workspace.events.length).toBeLessThan(25_000);
    expect(log.caseCount).toBe(workspace.caseAttributes.length);
    const outcomes = workspace.caseAttributes.map((item) => item.attributes.结果);
    for (const outcome of ['赢单', '输单', '进行中']) expect(outcomes).toContain(outcome);
  });

  it('sorts events by case, then time, all on weekdays 09:00–18:00 Beijing time within the period', () => {
    const { startMs, endMs } = workspace.period;
    expect(new Date(startMs).toISOString()).toBe('2025-01-05T16:00:00.000Z');
    expect(new Date(endMs).toISOString()).toBe('2026-01-05T16:00:00.000Z');
    const rank = new Map(workspace.caseAttributes.map((item, k) => [item.caseId, k]));
    const misplaced = workspace.events.filter((event, k) => {
      const local = new Date(event.timestampMs + 8 * 3_600_000);
      const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
      const previous = workspace.events[k - 1];
      const caseStep = previous ? rank.get(event.caseId)! - rank.get(previous.caseId)! : 1;
      return (
        event.timestampMs < startMs ||
        event.timestampMs >= endMs ||
        local.getUTCDay() === 0 ||
        local.getUTCDay() === 6 ||
        minuteOfDay < 9 * 60 ||
        minuteOfDay >= 18 * 60 ||
        !(caseStep === 1 || (caseStep === 0 && event.timestampMs > previous!.timestampMs))
      );
    });
    expect(misplaced).toEqual([]);
  });

  it('describes each opportunity once, with the owner who recorded its events', () => {
    const caseIds = new Set(workspace.events.map((event) => event.caseId));
    expect(workspace.caseAttributes.map((item) => item.caseId)).toEqual([...caseIds]);
    const teamRegion = new Map(workspace.teams.map((team) => [team.name, team.region]));
    const firstEvent = new Map(workspace.events.toReversed().map((event) => [event.caseId, event]));
    for (const { caseId, attributes } of workspace.caseAttributes) {
      expect(teamRegion.get(attributes.团队)).toBe(attributes.区域);
      expect(Number(attributes.金额)).toBeGreaterThan(0);
      expect(firstEvent.get(caseId)).toMatchObject({
        activity: '线索',
        resource: attributes.负责人,
      });
    }
  });

  it('starts on startDate and lasts the given months', () => {
    const short = generateDemoWorkspace({ startDate: '2025-03-03', months: 2 });
    expect(new Date(short.period.startMs + 8 * 3_600_000).toISOString()).toBe(
      '2025-03-03T00:00:00.000Z',
    );
    expect(new Date(short.period.endMs + 8 * 3_600_000).toISOString()).toBe(
      '2025-05-03T00:00:00.000Z',
    );
    expect(short.caseAttributes.length).toBeLessThan(workspace.caseAttributes.length / 4);
    expect(() => generateDemoWorkspace({ startDate: '2025-02-30' })).toThrow(RangeError);
  });
});

describe('the problems built into the demo, measured by the engine', () => {
  it('takes legal review in 华北 more than 2.5 times as long as elsewhere', () => {
    const north = medianWorkingMs(inRegions(['华北']), '合同评审');
    const elsewhere = medianWorkingMs(inRegions(['华东', '华南', '西南']), '合同评审');
    expect(north / elsewhere).toBeGreaterThan(2.5);
    // About 5 working days (of 9 hours) in 华北 against 1.5.
    const workingDayMs = 9 * 60 * MINUTE_MS;
    expect(north / workingDayMs).toBeGreaterThan(3.5);
    expect(north / workingDayMs).toBeLessThan(7);
    expect(elsewhere / workingDayMs).toBeLessThan(2.5);
  });

  it('types customer data into CRM, ERP and the quoting system, about half an hour each', () => {
    for (const activity of ['录入CRM', '录入ERP', '录入报价系统']) {
      const median = medianWorkingMs(log, activity);
      expect(median).toBeGreaterThan(20 * MINUTE_MS);
      expect(median).toBeLessThan(45 * MINUTE_MS);
    }
  });

  it('sends at least 15% of deals back from negotiation to quoting', () => {
    const negotiation = log.activities.indexOf('商务谈判');
    const quote = log.activities.indexOf('报价');
    let reworked = 0;
    for (let c = 0; c < log.caseCount; c++) {
      for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]! - 1; i++) {
        if (log.activityOf[i] === negotiation && log.activityOf[i + 1] === quote) {
          reworked++;
          break;
        }
      }
    }
    expect(reworked / log.caseCount).toBeGreaterThanOrEqual(0.15);
  });

  it('hands fewer than 35% of won deals over to after-sales', () => {
    const won = workspace.caseAttributes.filter((item) => item.attributes.结果 === '赢单');
    const handedOver = new Set(
      workspace.events.filter((event) => event.activity === '售后交接').map((e) => e.caseId),
    );
    const share = won.filter((item) => handedOver.has(item.caseId)).length / won.length;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThan(0.35);
  });
});

describe('the demo process models', () => {
  it('read back as valid models', () => {
    for (const model of [workspace.asIsModel, workspace.toBeModel]) {
      const parsed = parseProcessModel(JSON.parse(JSON.stringify(model)));
      expect(parsed).toEqual({ ok: true, model });
    }
    expect(workspace.asIsModel.version.stage).toBe('as-is');
    expect(workspace.toBeModel.version).toMatchObject({
      stage: 'to-be',
      derivedFrom: { modelId: workspace.asIsModel.id, number: 1 },
    });
  });

  it('name the steps of the event log, in lanes 销售代表 and 法务', () => {
    const stepNames = workspace.asIsModel.steps.map((step) => step.name.zh);
    for (const activity of log.activities) {
      if (activity !== '售后交接') expect(stepNames).toContain(activity);
    }
    expect(workspace.asIsModel.lanes.map((lane) => [lane.name.zh, lane.department])).toEqual([
      ['销售代表', '销售部'],
      ['法务', '法务部'],
    ]);
  });

  it('differ by one merged data entry, a legal deadline and an after-sales hand-off', () => {
    const diff = diffModels(workspace.asIsModel, workspace.toBeModel);
    expect(
      diff.steps.merged.map(({ into, from }) => [into.name.zh, from.map((s) => s.name.zh)]),
    ).toEqual([['一次录入（CRM同步ERP）', ['录入CRM', '录入ERP', '录入报价系统']]]);
    expect(diff.steps.added.map((step) => step.name.zh)).toEqual(['售后交接']);
    expect(diff.lanes.added).toEqual([{ zh: '售后服务' }]);
    const legal = diff.steps.changed.find((change) => change.step.name.zh === '合同评审');
    expect(legal?.changes.find((change) => change.field === 'notes')?.after).toContain('48小时');
    expect(diff.steps.removed).toEqual([]);
  });
});

function toEventLog({ events, caseAttributes }: DemoWorkspace): EventLog {
  const builder = new EventLogBuilder(events.length);
  for (const event of events)
    builder.add(event.caseId, event.activity, event.timestampMs, event.resource);
  for (const { caseId, attributes } of caseAttributes) {
    const caseIndex = builder.caseIds.intern(caseId);
    for (const [name, value] of Object.entries(attributes))
      builder.setCaseAttribute(name, caseIndex, value);
  }
  return builder.build();
}

function inRegions(regions: string[]): EventLog {
  const filtered = filterCases(log, [
    { kind: 'attribute', name: '区域', values: regions, isExcluded: false },
  ]);
  if (!filtered.ok) throw new Error(filtered.reason);
  return filtered.log;
}

/** Median working time from the activity's events to the case's next event (time in stage). */
function medianWorkingMs(from: EventLog, activity: string): number {
  const measured = measureStepDurations(from, 'until-next', workingTime).get(activity);
  return measured?.working?.medianMs ?? Number.NaN;
}
