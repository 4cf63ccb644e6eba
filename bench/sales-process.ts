import type { SeededRandom } from '@pipewise/engine';

/**
 * The B2B sales process the generator simulates: the stages of a CRM
 * opportunity, which stage follows which how often, and how long each step
 * takes. Stages are small integers so the hot path handles no strings.
 */

export const LEAD = 0;
export const QUALIFIED = 1;
export const NEEDS_ANALYSIS = 2;
export const PROPOSAL = 3;
export const NEGOTIATION = 4;
export const CONTRACT_REVIEW = 5;
export const CLOSED_WON = 6;
export const CLOSED_LOST = 7;
export const STAGE_COUNT = 8;

export type Language = 'english' | 'chinese';

/** Stage names indexed by the constants above, as each CRM language labels them. */
export const STAGE_LABELS: Readonly<Record<Language, readonly string[]>> = {
  english: [
    'Lead',
    'Qualified',
    'Needs Analysis',
    'Proposal',
    'Negotiation',
    'Contract Review',
    'Closed Won',
    'Closed Lost',
  ],
  chinese: ['线索', '需求确认', '方案设计', '报价', '商务谈判', '合同评审', '赢单', '输单'],
};

export function isClosedStage(stage: number): boolean {
  return stage === CLOSED_WON || stage === CLOSED_LOST;
}

/** What about a deal changes how it moves through the stages. */
export interface DealProfile {
  amount: number;
  /** Its team's contracts wait for a legal reviewer who works without a deadline. */
  hasSlowContractReview: boolean;
}

/** Below this amount a deal may be signed straight from negotiation, on standard terms. */
export const STANDARD_TERMS_LIMIT = 50_000;

/** Every rework round makes another one less likely: customers and reps run out of patience. */
const REWORK_DAMPING = 0.92;

/**
 * The stage after `stage`. Drop-off to Closed Lost is likeliest early
 * (unqualified leads) and again in negotiation; some stages are skipped; and
 * deals go back (a revised proposal, requirements re-opened, legal sending terms
 * back to negotiation), less often with every round already taken.
 */
export function chooseNextStage(
  stage: number,
  deal: DealProfile,
  reworkRounds: number,
  random: SeededRandom,
): number {
  const damping = REWORK_DAMPING ** reworkRounds;
  const u = random.nextFloat();
  switch (stage) {
    case LEAD:
      if (u < 0.06) return CLOSED_LOST;
      return u < 0.11 ? NEEDS_ANALYSIS : QUALIFIED;
    case QUALIFIED:
      if (u < 0.03) return CLOSED_LOST;
      return u < 0.08 ? PROPOSAL : NEEDS_ANALYSIS;
    case NEEDS_ANALYSIS:
      return u < 0.05 ? CLOSED_LOST : PROPOSAL;
    case PROPOSAL: {
      const revisedProposal = 0.38 * damping;
      const requirementsReopened = revisedProposal + 0.1 * damping;
      if (u < 0.05) return CLOSED_LOST;
      if (u < 0.05 + revisedProposal) return PROPOSAL;
      if (u < 0.05 + requirementsReopened) return NEEDS_ANALYSIS;
      return NEGOTIATION;
    }
    case NEGOTIATION: {
      if (u < 0.07) return CLOSED_LOST;
      if (u < 0.07 + 0.68 * damping) return PROPOSAL;
      const isStandardTerms = deal.amount < STANDARD_TERMS_LIMIT;
      return isStandardTerms && random.isBelow(0.6) ? CLOSED_WON : CONTRACT_REVIEW;
    }
    case CONTRACT_REVIEW:
      if (u < 0.04) return CLOSED_LOST;
      return u < 0.04 + 0.45 * damping ? NEGOTIATION : CLOSED_WON;
    default:
      throw new Error(`stage ${stage} has no next stage`);
  }
}

/** A move back to an earlier (or the same) stage: what rework means here. */
export function isRework(from: number, to: number): boolean {
  return !isClosedStage(to) && to <= from;
}

const SECONDS_PER_DAY = 86_400;

/**
 * Median days and log-normal σ of the time from one stage to the next, indexed
 * by from × STAGE_COUNT + to. Losing takes longer than moving on (a deal goes
 * quiet before it is declared lost); contract review takes 3 days as the
 * method's example says ("contract approval averages 3 working days").
 */
const MEDIAN_DAYS = new Float64Array(STAGE_COUNT * STAGE_COUNT).fill(5);
const SIGMA = new Float64Array(STAGE_COUNT * STAGE_COUNT).fill(0.8);

function defineStep(from: number, to: number, medianDays: number, sigma: number): void {
  MEDIAN_DAYS[from * STAGE_COUNT + to] = medianDays;
  SIGMA[from * STAGE_COUNT + to] = sigma;
}

defineStep(LEAD, QUALIFIED, 1.5, 0.9);
defineStep(LEAD, NEEDS_ANALYSIS, 3, 0.8);
defineStep(LEAD, CLOSED_LOST, 5, 1);
defineStep(QUALIFIED, NEEDS_ANALYSIS, 2.5, 0.8);
defineStep(QUALIFIED, PROPOSAL, 4, 0.8);
defineStep(QUALIFIED, CLOSED_LOST, 6, 1);
defineStep(NEEDS_ANALYSIS, PROPOSAL, 3.5, 0.7);
defineStep(NEEDS_ANALYSIS, CLOSED_LOST, 7, 1);
defineStep(PROPOSAL, NEGOTIATION, 3, 0.8);
defineStep(PROPOSAL, PROPOSAL, 2, 0.7);
defineStep(PROPOSAL, NEEDS_ANALYSIS, 3, 0.8);
defineStep(PROPOSAL, CLOSED_LOST, 7, 1);
defineStep(NEGOTIATION, PROPOSAL, 2, 0.7);
defineStep(NEGOTIATION, CONTRACT_REVIEW, 3.5, 0.8);
defineStep(NEGOTIATION, CLOSED_WON, 3, 0.8);
defineStep(NEGOTIATION, CLOSED_LOST, 7, 1);
defineStep(CONTRACT_REVIEW, CLOSED_WON, 3, 0.6);
defineStep(CONTRACT_REVIEW, NEGOTIATION, 3, 0.7);
defineStep(CONTRACT_REVIEW, CLOSED_LOST, 5, 0.8);

/** The slow team's legal review adds about this much to every exit from Contract Review. */
const SLOW_LEGAL_REVIEW_MEDIAN_DAYS = 5;
const SLOW_LEGAL_REVIEW_SIGMA = 0.35;

/**
 * Seconds from entering `from` to entering `to`, before the result is moved
 * into office hours. Bigger deals move more slowly: a tenfold amount takes
 * about a third longer.
 */
export function sampleStepSeconds(
  from: number,
  to: number,
  deal: DealProfile,
  random: SeededRandom,
): number {
  const step = from * STAGE_COUNT + to;
  const dealSizeFactor = Math.min(2, Math.max(0.6, (deal.amount / 150_000) ** 0.12));
  let days = random.nextLogNormal(MEDIAN_DAYS[step]! * dealSizeFactor, SIGMA[step]!);
  if (from === CONTRACT_REVIEW && deal.hasSlowContractReview) {
    days += random.nextLogNormal(SLOW_LEGAL_REVIEW_MEDIAN_DAYS, SLOW_LEGAL_REVIEW_SIGMA);
  }
  return Math.round(days * SECONDS_PER_DAY);
}
