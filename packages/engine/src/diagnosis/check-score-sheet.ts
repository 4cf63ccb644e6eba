import {
  isScore,
  SCORE_DIMENSIONS,
  type ScoreDimension,
  type ScoredStep,
  type StepComment,
  type StepScore,
} from './aggregate-scores.ts';

/** One row of a rater's sheet: a step's four scores (empty ones left out or null) and a comment. */
export interface ScoreSheetEntry {
  stepId: string;
  scores: Partial<Record<ScoreDimension, number | null>>;
  comment?: string;
}

/**
 * Why a sheet is refused: a step the round's version does not have (removed
 * in a newer version, or never there), a score that is not a whole number
 * from 1 to 5, or the same step twice. `entry` is the row's 0-based index.
 */
export type ScoreSheetProblem =
  | { reason: 'unknown-step'; entry: number; stepId: string }
  | {
      reason: 'invalid-score';
      entry: number;
      stepId: string;
      dimension: ScoreDimension;
      value: unknown;
    }
  | { reason: 'duplicate-step'; entry: number; stepId: string };

/**
 * Every problem of a sheet at once (not only the first), so a rater fixes
 * them in one go; an empty list when it can be saved.
 */
export function checkScoreSheet(
  steps: readonly ScoredStep[],
  entries: readonly ScoreSheetEntry[],
): ScoreSheetProblem[] {
  const known = new Set(steps.map((step) => step.id));
  const seen = new Set<string>();
  const problems: ScoreSheetProblem[] = [];
  entries.forEach((entry, index) => {
    if (!known.has(entry.stepId)) {
      problems.push({ reason: 'unknown-step', entry: index, stepId: entry.stepId });
      return;
    }
    if (seen.has(entry.stepId)) {
      problems.push({ reason: 'duplicate-step', entry: index, stepId: entry.stepId });
    }
    seen.add(entry.stepId);
    for (const dimension of SCORE_DIMENSIONS) {
      const value = entry.scores[dimension];
      if (value === undefined || value === null) continue;
      if (!isScore(value)) {
        problems.push({
          reason: 'invalid-score',
          entry: index,
          stepId: entry.stepId,
          dimension,
          value,
        });
      }
    }
  });
  return problems;
}

/** A checked sheet as the scores and comments it holds (empty cells and comments left out). */
export function sheetToScores(
  raterId: string,
  entries: readonly ScoreSheetEntry[],
): { scores: StepScore[]; comments: StepComment[] } {
  const scores: StepScore[] = [];
  const comments: StepComment[] = [];
  for (const entry of entries) {
    for (const dimension of SCORE_DIMENSIONS) {
      const score = entry.scores[dimension];
      if (score !== undefined && score !== null)
        scores.push({ raterId, stepId: entry.stepId, dimension, score });
    }
    const comment = entry.comment?.trim();
    if (comment) comments.push({ raterId, stepId: entry.stepId, comment });
  }
  return { scores, comments };
}
