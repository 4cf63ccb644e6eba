import type { LocalizedText, ProcessModel, StepKind } from '../process-model/process-model.ts';

/**
 * The four dimensions the method scores every step on (评分维度): 效率
 * efficiency, 效果 effectiveness, 合规 compliance, 客户体验 customer
 * experience. The order is the sheet's column order.
 */
export const SCORE_DIMENSIONS = [
  'efficiency',
  'effectiveness',
  'compliance',
  'customer-experience',
] as const;

export type ScoreDimension = (typeof SCORE_DIMENSIONS)[number];

export const LOWEST_SCORE = 1;
export const HIGHEST_SCORE = 5;

/**
 * Two raters this many points apart on one step and dimension disagree
 * (max − min ≥ 2: one says "poor" (2) where another says "good" (4)); their
 * mean then hides a difference worth talking about. docs/metrics.md.
 */
export const DISAGREEMENT_RANGE = 2;

/** One rater's score of one step on one dimension, 1 (poor) to 5 (excellent). */
export interface StepScore {
  raterId: string;
  stepId: string;
  dimension: ScoreDimension;
  score: number;
}

/** A rater's comment on a step (one per step and rater: the sheet's last column). */
export interface StepComment {
  raterId: string;
  stepId: string;
  comment: string;
}

/** A step as a scoring round shows it: its id and name. */
export interface ScoredStep {
  id: string;
  name: LocalizedText;
}

/** The scores of one step on one dimension, summed up. */
export interface DimensionSummary {
  /** Arithmetic mean of the raters' scores. */
  mean: number;
  /** Population standard deviation of the scores: √(Σ(score − mean)² / n); 0 for one rater. */
  spread: number;
  min: number;
  max: number;
  /** Raters who scored it. */
  raters: number;
  /** max − min ≥ DISAGREEMENT_RANGE (needs two raters at least). */
  isDisputed: boolean;
}

export interface StepScoreSummary {
  stepId: string;
  name: LocalizedText;
  /** Per dimension; null when nobody scored the step on it. */
  dimensions: Record<ScoreDimension, DimensionSummary | null>;
  /** Mean of the dimension means (each dimension counts once); null when nothing is scored. */
  mean: number | null;
  /** Raters who scored the step on at least one dimension. */
  raters: number;
  /** Some dimension is disputed. */
  isDisputed: boolean;
  /** The raters' comments on the step, in the order of `raterIds`. */
  comments: { raterId: string; comment: string }[];
}

/** How far one rater has got: step-dimension pairs scored of all there are. */
export interface RaterProgress {
  raterId: string;
  scored: number;
  total: number;
  /** scored / total, 0 to 1 (0 for a round without steps). */
  share: number;
}

export interface ScoringResults {
  /** Lowest step mean first; steps nobody scored last; ties in the steps' order. */
  steps: StepScoreSummary[];
  raters: RaterProgress[];
}

/** Steps nobody scores: the start and end points, gateways and events do no work of their own. */
const UNSCORED_KINDS = new Set<StepKind>(['start', 'end', 'decision', 'event']);

/** The steps of a model version a scoring round scores, in the model's order. */
export function listScoredSteps(model: ProcessModel): ScoredStep[] {
  return model.steps
    .filter((step) => !UNSCORED_KINDS.has(step.kind))
    .map((step) => ({ id: step.id, name: step.name }));
}

/** Whether a value is a score: a whole number from 1 to 5. */
export function isScore(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= LOWEST_SCORE &&
    value <= HIGHEST_SCORE
  );
}

/** Mean, population standard deviation, min, max and disagreement of some scores (at least one). */
export function summarizeDimension(scores: readonly number[]): DimensionSummary {
  const n = scores.length;
  const mean = scores.reduce((sum, score) => sum + score, 0) / n;
  const variance = scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / n;
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  return {
    mean,
    spread: Math.sqrt(variance),
    min,
    max,
    raters: n,
    isDisputed: n >= 2 && max - min >= DISAGREEMENT_RANGE,
  };
}

/**
 * Sums up a scoring round: per step and dimension the mean, spread, range
 * and number of raters, with disagreements flagged; per step the mean of its
 * dimension means; per rater how much of the sheet is done. Scores of steps
 * not in `steps` and of raters not in `raterIds` are left out (the store
 * refuses them; this keeps the figures honest if one slips through).
 */
export function aggregateScores(
  steps: readonly ScoredStep[],
  raterIds: readonly string[],
  scores: readonly StepScore[],
  comments: readonly StepComment[] = [],
): ScoringResults {
  const stepIds = new Set(steps.map((step) => step.id));
  const raters = new Set(raterIds);
  const raterOrder = new Map(raterIds.map((raterId, index) => [raterId, index]));
  const counted = scores.filter((score) => stepIds.has(score.stepId) && raters.has(score.raterId));
  const byStep = new Map<string, StepScore[]>();
  for (const score of counted) {
    const list = byStep.get(score.stepId) ?? [];
    list.push(score);
    byStep.set(score.stepId, list);
  }
  const summaries = steps.map((step, order) => ({
    order,
    summary: summarizeStep(
      step,
      byStep.get(step.id) ?? [],
      comments
        .filter(
          (comment) =>
            comment.stepId === step.id && raters.has(comment.raterId) && comment.comment !== '',
        )
        .sort((a, b) => raterOrder.get(a.raterId)! - raterOrder.get(b.raterId)!),
    ),
  }));
  summaries.sort(
    (a, b) =>
      (a.summary.mean ?? Number.POSITIVE_INFINITY) - (b.summary.mean ?? Number.POSITIVE_INFINITY) ||
      a.order - b.order,
  );
  const total = steps.length * SCORE_DIMENSIONS.length;
  return {
    steps: summaries.map(({ summary }) => summary),
    raters: raterIds.map((raterId) => {
      const scored = new Set(
        counted
          .filter((score) => score.raterId === raterId)
          .map((score) => `${score.stepId}\u0000${score.dimension}`),
      ).size;
      return { raterId, scored, total, share: total === 0 ? 0 : scored / total };
    }),
  };
}

function summarizeStep(
  step: ScoredStep,
  scores: readonly StepScore[],
  comments: readonly StepComment[],
): StepScoreSummary {
  const dimensions = Object.fromEntries(
    SCORE_DIMENSIONS.map((dimension) => {
      const values = scores
        .filter((score) => score.dimension === dimension)
        .map((score) => score.score);
      return [dimension, values.length === 0 ? null : summarizeDimension(values)];
    }),
  ) as Record<ScoreDimension, DimensionSummary | null>;
  const means = SCORE_DIMENSIONS.flatMap((dimension) => {
    const summary = dimensions[dimension];
    return summary ? [summary.mean] : [];
  });
  return {
    stepId: step.id,
    name: step.name,
    dimensions,
    mean: means.length === 0 ? null : means.reduce((sum, mean) => sum + mean, 0) / means.length,
    raters: new Set(scores.map((score) => score.raterId)).size,
    isDisputed: SCORE_DIMENSIONS.some((dimension) => dimensions[dimension]?.isDisputed),
    comments: comments.map(({ raterId, comment }) => ({ raterId, comment })),
  };
}
