import { SeededRandom } from '@pipewise/engine';
import type { ProcessModel } from '@pipewise/engine/process-model';
import { buildAsIsModel, deriveToBeModel } from './build-demo-models.ts';
import {
  DEMO_ORGANIZATION,
  DEMO_TEAMS,
  DEMO_USERS,
  type DemoTeam,
  type DemoUser,
} from './demo-organization.ts';
import { STAGES, simulateOpportunity } from './simulate-opportunity.ts';
import { createWorkingClock, WORKING_DAY_S, type WorkingClock } from './working-clock.ts';

export interface DemoWorkspaceOptions {
  seed?: number;
  /** First day of the period, `YYYY-MM-DD` in Beijing time. */
  startDate?: string;
  /** Length of the period in calendar months. */
  months?: number;
}

/** A stage change of an opportunity, as a CRM's stage history records it. */
export interface DemoEvent {
  caseId: string;
  activity: string;
  timestampMs: number;
  resource: string;
}

/** 进行中: still open when the period ends (the demo's "now"). */
export type DemoOutcome = '赢单' | '输单' | '进行中';

export interface DemoCase {
  caseId: string;
  /** Strings, as case attributes are stored and filtered; 金额 is whole yuan. */
  attributes: { 团队: string; 区域: string; 金额: string; 负责人: string; 结果: DemoOutcome };
}

export interface DemoWorkspace {
  organization: { name: string; slug: string };
  users: DemoUser[];
  teams: DemoTeam[];
  /** The period the events fall in, [startMs, endMs) in UTC ms; its end is when the log was "exported". */
  period: { startMs: number; endMs: number };
  /** Sorted by case, then time. */
  events: DemoEvent[];
  caseAttributes: DemoCase[];
  asIsModel: ProcessModel;
  toBeModel: ProcessModel;
}

const DEFAULTS = { seed: 20250106, startDate: '2025-01-06', months: 12 } as const;

/** New leads per working day, uniformly: about 1,800 opportunities a year, under 20,000 events. */
const LEADS_PER_DAY = { min: 5, max: 9 } as const;

/** Share of leads per region: 华东 is the biggest market. */
const REGION_WEIGHTS: Readonly<Record<string, number>> = { 华东: 32, 华南: 25, 华北: 23, 西南: 20 };

/** The planted bottleneck: 华北's contracts go to a reviewer who works without a deadline. */
const SLOW_LEGAL_REGION = '华北';
const LEGAL_REVIEW_MEDIAN_DAYS = { slow: 5, usual: 1.5 } as const;
const LEGAL_REVIEWER_EMAIL = { slow: 'legal.huabei@demo.pipewise', usual: 'legal@demo.pipewise' };

/** Deal sizes in yuan: median 150,000 with a long right tail. */
const AMOUNT = { medianYuan: 150_000, sigma: 0.7 } as const;

/** A team as the generator needs it: who can own its deals and who reviews its contracts. */
interface SalesTeam {
  team: DemoTeam;
  reps: string[];
  legalReviewer: string;
  legalReviewMedianDays: number;
}

/**
 * Pipewise's demo workspace: a sales organization, a year of opportunity
 * history with the guide's typical problems built in (slow legal review in
 * one region, data typed into three systems, no hand-off to after-sales,
 * quotes redone after negotiation), and the as-is and to-be process models.
 * Pure: the same options give the same workspace.
 */
export function generateDemoWorkspace(options: DemoWorkspaceOptions = {}): DemoWorkspace {
  const random = new SeededRandom(options.seed ?? DEFAULTS.seed);
  const clock = createWorkingClock(
    options.startDate ?? DEFAULTS.startDate,
    options.months ?? DEFAULTS.months,
  );
  const teams = listSalesTeams();
  const events: DemoEvent[] = [];
  const caseAttributes: DemoCase[] = [];
  for (const startS of drawLeadStarts(random, clock)) {
    const caseId = `SJ-${String(caseAttributes.length + 1).padStart(6, '0')}`;
    const opportunity = generateOpportunity(random, clock, teams, caseId, startS);
    events.push(...opportunity.events);
    caseAttributes.push(opportunity.case);
  }
  const asIsModel = buildAsIsModel();
  return {
    organization: { ...DEMO_ORGANIZATION },
    users: DEMO_USERS.map((user) => ({ ...user })),
    teams: DEMO_TEAMS.map((team) => ({ ...team })),
    period: { startMs: clock.startMs, endMs: clock.endMs },
    events,
    caseAttributes,
    asIsModel,
    toBeModel: deriveToBeModel(asIsModel),
  };
}

/** When each lead comes in, in working seconds, in time order (so case numbers follow time). */
function drawLeadStarts(random: SeededRandom, clock: WorkingClock): number[] {
  const starts: number[] = [];
  for (let day = 0; day < clock.workingDayCount; day++) {
    const count = LEADS_PER_DAY.min + random.nextInt(LEADS_PER_DAY.max - LEADS_PER_DAY.min + 1);
    const today = Array.from({ length: count }, () => random.nextInt(WORKING_DAY_S));
    starts.push(...today.sort((a, b) => a - b).map((second) => day * WORKING_DAY_S + second));
  }
  return starts;
}

function generateOpportunity(
  random: SeededRandom,
  clock: WorkingClock,
  teams: readonly SalesTeam[],
  caseId: string,
  startS: number,
): { events: DemoEvent[]; case: DemoCase } {
  const sales = random.pickWeighted(
    teams.map((item) => ({ item, weight: REGION_WEIGHTS[item.team.region] ?? 1 })),
  );
  const rep = random.pick(sales.reps);
  const amountYuan = Math.round(random.nextLogNormal(AMOUNT.medianYuan, AMOUNT.sigma) / 100) * 100;
  const simulated = simulateOpportunity(random, {
    rep,
    legalReviewer: sales.legalReviewer,
    legalReviewMedianDays: sales.legalReviewMedianDays,
    startS,
  });
  // The period's end is "now": what would happen later has not happened yet.
  const events = simulated.flatMap(({ activity, atS, resource }): DemoEvent[] => {
    const timestampMs = clock.toUtcMs(atS);
    return timestampMs === undefined ? [] : [{ caseId, activity, timestampMs, resource }];
  });
  return {
    events,
    case: {
      caseId,
      attributes: {
        团队: sales.team.name,
        区域: sales.team.region,
        金额: String(amountYuan),
        负责人: rep,
        结果: outcomeOf(events),
      },
    },
  };
}

function outcomeOf(events: readonly DemoEvent[]): DemoOutcome {
  if (events.some((event) => event.activity === STAGES.won)) return '赢单';
  if (events.some((event) => event.activity === STAGES.lost)) return '输单';
  return '进行中';
}

function listSalesTeams(): SalesTeam[] {
  const nameOf = (email: string) => DEMO_USERS.find((user) => user.email === email)!.name;
  return DEMO_TEAMS.map((team) => {
    const speed = team.region === SLOW_LEGAL_REGION ? 'slow' : 'usual';
    return {
      team,
      reps: DEMO_USERS.filter((user) => user.role === 'sales_rep' && user.team === team.name).map(
        (user) => user.name,
      ),
      legalReviewer: nameOf(LEGAL_REVIEWER_EMAIL[speed]),
      legalReviewMedianDays: LEGAL_REVIEW_MEDIAN_DAYS[speed],
    };
  });
}
