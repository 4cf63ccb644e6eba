import type { SeededRandom } from '@pipewise/engine';
import { WORKING_DAY_S } from './working-clock.ts';

/** The stages of the demo's CRM, as the event log and the as-is model name them. */
export const STAGES = {
  lead: '线索',
  needs: '需求确认',
  enterCrm: '录入CRM',
  enterErp: '录入ERP',
  enterQuoting: '录入报价系统',
  design: '方案设计',
  quote: '报价',
  negotiation: '商务谈判',
  legalReview: '合同评审',
  won: '赢单',
  lost: '输单',
  handOff: '售后交接',
} as const;

/** An opportunity to play out: its rep, who reviews its contract, and how slowly. */
export interface OpportunityPlan {
  rep: string;
  legalReviewer: string;
  /** Median working days of legal review: without a deadline it drifts (the planted bottleneck). */
  legalReviewMedianDays: number;
  /** When the lead came in, in working seconds on the demo's clock. */
  startS: number;
}

export interface SimulatedEvent {
  activity: string;
  /** Working seconds on the demo's clock. */
  atS: number;
  resource: string;
}

/** Median working days in a stage before the deal moves on, and the spread (σ of the logarithm). */
const DAYS_IN_STAGE = {
  lead: [2, 0.6],
  needs: [1.5, 0.6],
  design: [3, 0.5],
  quote: [2, 0.5],
  requote: [1.5, 0.5],
  negotiation: [4, 0.6],
  untilHandOff: [4, 0.6],
} as const satisfies Record<string, readonly [number, number]>;

/** Chance a deal is lost at the end of a stage; together about half the deals are won. */
const LOSS_CHANCE = {
  lead: 0.1,
  needs: 0.1,
  design: 0.08,
  quote: 0.05,
  negotiation: 0.2,
  legalReview: 0.03,
} as const;

/**
 * Chance that negotiation sends the deal back to quoting: terms change, the
 * quote is redone. High on the first round so that about a quarter of all
 * deals go back at least once; capped so no deal loops for ever.
 */
const REQUOTE_CHANCE = { firstRound: 0.38, laterRounds: 0.15, maxRounds: 3 } as const;

/** Customer data is typed into each system by hand, about half an hour each. */
const DATA_ENTRY_MEDIAN_S = 30 * 60;

/** Signed deals reach after-sales only when the rep remembers to hand them over. */
const HAND_OFF_CHANCE = 0.2;

const LEGAL_REVIEW_SIGMA = 0.45;

/**
 * Plays out one opportunity: its events in time order, the way a CRM records
 * stage changes (each event is when the deal entered that stage). The events
 * may run past the demo period; the caller cuts them off.
 */
export function simulateOpportunity(random: SeededRandom, plan: OpportunityPlan): SimulatedEvent[] {
  const events: SimulatedEvent[] = [];
  let atS = plan.startS;
  const enter = (activity: string, resource = plan.rep): void => {
    events.push({ activity, atS, resource });
  };
  const wait = (medianS: number, sigma: number): void => {
    atS += Math.max(60, Math.floor(random.nextLogNormal(medianS, sigma)));
  };
  const waitInStage = (stage: keyof typeof DAYS_IN_STAGE): void => {
    const [medianDays, sigma] = DAYS_IN_STAGE[stage];
    wait(medianDays * WORKING_DAY_S, sigma);
  };
  /** Whether the deal is lost now; if so, records it. */
  const isLost = (stage: keyof typeof LOSS_CHANCE): boolean => {
    if (!random.isBelow(LOSS_CHANCE[stage])) return false;
    enter(STAGES.lost);
    return true;
  };

  enter(STAGES.lead);
  waitInStage('lead');
  if (isLost('lead')) return events;
  enter(STAGES.needs);
  waitInStage('needs');
  if (isLost('needs')) return events;
  for (const system of [STAGES.enterCrm, STAGES.enterErp, STAGES.enterQuoting]) {
    enter(system);
    wait(DATA_ENTRY_MEDIAN_S, 0.3);
  }
  enter(STAGES.design);
  waitInStage('design');
  if (isLost('design')) return events;
  enter(STAGES.quote);
  waitInStage('quote');
  if (isLost('quote')) return events;

  for (let round = 0; ; round++) {
    enter(STAGES.negotiation);
    waitInStage('negotiation');
    const requoteChance = round === 0 ? REQUOTE_CHANCE.firstRound : REQUOTE_CHANCE.laterRounds;
    if (round >= REQUOTE_CHANCE.maxRounds || !random.isBelow(requoteChance)) break;
    enter(STAGES.quote);
    waitInStage('requote');
  }
  if (isLost('negotiation')) return events;

  enter(STAGES.legalReview, plan.legalReviewer);
  wait(plan.legalReviewMedianDays * WORKING_DAY_S, LEGAL_REVIEW_SIGMA);
  if (isLost('legalReview')) return events;
  enter(STAGES.won);
  if (random.isBelow(HAND_OFF_CHANCE)) {
    waitInStage('untilHandOff');
    enter(STAGES.handOff);
  }
  return events;
}
