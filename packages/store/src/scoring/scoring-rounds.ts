import {
  checkScoreSheet,
  listScoredSteps,
  type ScoredStep,
  type ScoreSheetEntry,
  type ScoreSheetProblem,
  type StepComment,
  type StepScore,
  sheetToScores,
} from '@pipewise/engine/diagnosis';
import type { ProcessModel } from '@pipewise/engine/process-model';
import type { Kysely, Transaction } from 'kysely';
import type { Database, ScoringRound, ScoringRoundStatus } from '../database/schema.ts';
import { withAudit } from '../survey/with-audit.ts';

/** A round as listed: its version's model and number, and how many raters it has. */
export interface ScoringRoundSummary extends ScoringRound {
  modelId: string;
  modelName: string;
  versionNumber: number;
  raters: number;
}

/** An invited rater: a member of the organization. */
export interface ScoringRater {
  userId: string;
  name: string;
  email: string;
}

/** A round with its raters, and the steps of its version that are scored. */
export interface ScoringRoundDetail extends ScoringRoundSummary {
  raterList: ScoringRater[];
  steps: ScoredStep[];
}

/** Why a change to a round was refused: a value, with what it is about. */
export type ScoringRefusal =
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'not-members'; userIds: string[] }
  | { ok: false; reason: 'not-invited' }
  | { ok: false; reason: 'round-closed' }
  | { ok: false; reason: 'invalid-sheet'; problems: ScoreSheetProblem[] };

const summaryQuery = (db: Kysely<Database>, organizationId: string) =>
  db
    .selectFrom('scoring_rounds')
    .innerJoin('process_model_versions', 'process_model_versions.id', 'scoring_rounds.version_id')
    .innerJoin('process_models', 'process_models.id', 'process_model_versions.model_id')
    .selectAll('scoring_rounds')
    .select((eb) => [
      'process_models.id as modelId',
      'process_models.name as modelName',
      'process_model_versions.number as versionNumber',
      // Cast: count(*) is a string from `pg` and a number from PGlite.
      eb
        .selectFrom('scoring_raters')
        .whereRef('scoring_raters.round_id', '=', 'scoring_rounds.id')
        .select((inner) => inner.cast<number>(inner.fn.countAll(), 'integer').as('n'))
        .as('raters'),
    ])
    .where('scoring_rounds.organization_id', '=', organizationId);

const toSummary = (row: Omit<ScoringRoundSummary, 'raters'> & { raters: unknown }) => ({
  ...row,
  raters: Number(row.raters ?? 0),
});

/** Members of the organization among `userIds`, and the ids that are not. */
async function checkMembers(
  db: Kysely<Database>,
  organizationId: string,
  userIds: readonly string[],
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const members = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId)
    .where('user_id', 'in', [...userIds])
    .execute();
  const found = new Set(members.map((member) => member.user_id));
  return [...new Set(userIds)].filter((id) => !found.has(id));
}

/**
 * Opens a scoring round on a version of one of the organization's models,
 * with its first raters (members of the organization). The round belongs to
 * the model's project.
 */
export async function createScoringRound(
  db: Kysely<Database>,
  input: { organizationId: string; versionId: string; title: string; raterIds: string[] },
  actorId: string | null,
): Promise<{ ok: true; round: ScoringRound } | ScoringRefusal> {
  let refusal: ScoringRefusal | undefined;
  const round = await withAudit(
    db,
    { organizationId: input.organizationId, actorId, action: 'create', entity: 'scoring-round' },
    async (trx) => {
      const version = await trx
        .selectFrom('process_model_versions')
        .innerJoin('process_models', 'process_models.id', 'process_model_versions.model_id')
        .select(['process_model_versions.id', 'process_models.project_id'])
        .where('process_models.organization_id', '=', input.organizationId)
        .where('process_model_versions.id', '=', input.versionId)
        .executeTakeFirst();
      if (!version) {
        refusal = { ok: false, reason: 'not-found' };
        return undefined;
      }
      const strangers = await checkMembers(trx, input.organizationId, input.raterIds);
      if (strangers.length > 0) {
        refusal = { ok: false, reason: 'not-members', userIds: strangers };
        return undefined;
      }
      const created = await trx
        .insertInto('scoring_rounds')
        .values({
          organization_id: input.organizationId,
          project_id: version.project_id,
          version_id: input.versionId,
          title: input.title,
          created_by: actorId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await addRaters(trx, created.id, input.raterIds, actorId);
      return {
        result: created,
        entityId: created.id,
        after: { versionId: input.versionId, title: input.title, raterIds: input.raterIds },
      };
    },
  );
  return round ? { ok: true, round } : (refusal ?? { ok: false, reason: 'not-found' });
}

async function addRaters(
  trx: Transaction<Database>,
  roundId: string,
  userIds: readonly string[],
  actorId: string | null,
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await trx
    .insertInto('scoring_raters')
    .values(unique.map((userId) => ({ round_id: roundId, user_id: userId, invited_by: actorId })))
    .onConflict((conflict) => conflict.columns(['round_id', 'user_id']).doNothing())
    .execute();
}

/** The organization's rounds, of one project or one version, newest first. */
export async function listScoringRounds(
  db: Kysely<Database>,
  organizationId: string,
  filter: { projectId?: string; versionId?: string },
): Promise<ScoringRoundSummary[]> {
  let query = summaryQuery(db, organizationId);
  if (filter.projectId) query = query.where('scoring_rounds.project_id', '=', filter.projectId);
  if (filter.versionId) query = query.where('scoring_rounds.version_id', '=', filter.versionId);
  const rows = await query
    .orderBy('scoring_rounds.created_at', 'desc')
    .orderBy('scoring_rounds.id')
    .execute();
  return rows.map(toSummary);
}

/**
 * A round of the organization with its raters and the steps its version
 * scores now (a version can still be edited: its current steps are the
 * sheet's rows); undefined when there is none.
 */
export async function findScoringRound(
  db: Kysely<Database>,
  organizationId: string,
  roundId: string,
): Promise<(ScoringRoundDetail & { model: ProcessModel }) | undefined> {
  const row = await summaryQuery(db, organizationId)
    .select('process_model_versions.document')
    .where('scoring_rounds.id', '=', roundId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { document, ...summary } = row;
  const raterList = await db
    .selectFrom('scoring_raters')
    .innerJoin('users', 'users.id', 'scoring_raters.user_id')
    .select(['users.id as userId', 'users.name', 'users.email'])
    .where('scoring_raters.round_id', '=', roundId)
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  const model = document as ProcessModel;
  return { ...toSummary(summary), raterList, steps: listScoredSteps(model), model };
}

/** Invites more raters (members of the organization); those invited already stay as they are. */
export async function inviteRaters(
  db: Kysely<Database>,
  organizationId: string,
  roundId: string,
  userIds: string[],
  actorId: string | null,
): Promise<{ ok: true } | ScoringRefusal> {
  let refusal: ScoringRefusal | undefined;
  const done = await withAudit(
    db,
    { organizationId, actorId, action: 'invite', entity: 'scoring-round' },
    async (trx) => {
      const round = await trx
        .selectFrom('scoring_rounds')
        .select('id')
        .where('organization_id', '=', organizationId)
        .where('id', '=', roundId)
        .executeTakeFirst();
      if (!round) {
        refusal = { ok: false, reason: 'not-found' };
        return undefined;
      }
      const strangers = await checkMembers(trx, organizationId, userIds);
      if (strangers.length > 0) {
        refusal = { ok: false, reason: 'not-members', userIds: strangers };
        return undefined;
      }
      await addRaters(trx, roundId, userIds, actorId);
      return { result: true, entityId: roundId, after: { raterIds: userIds } };
    },
  );
  return done ? { ok: true } : (refusal ?? { ok: false, reason: 'not-found' });
}

/** Opens or closes a round: a closed round takes no more scores. */
export async function setScoringRoundStatus(
  db: Kysely<Database>,
  organizationId: string,
  roundId: string,
  status: ScoringRoundStatus,
  actorId: string | null,
): Promise<ScoringRound | undefined> {
  return withAudit(
    db,
    { organizationId, actorId, action: 'update', entity: 'scoring-round' },
    async (trx) => {
      const round = await trx
        .updateTable('scoring_rounds')
        .set({ status, updated_at: new Date() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', roundId)
        .returningAll()
        .executeTakeFirst();
      return round ? { result: round, entityId: roundId, after: { status } } : undefined;
    },
  );
}

/**
 * Saves a rater's whole sheet in place of what they had saved before, in one
 * transaction with its audit entry: every score and comment, or — when the
 * round is closed, the caller was not invited, or any row names a step the
 * round's version does not have or a score outside 1–5 — nothing, with every
 * problem listed. The round's row is locked while the sheet is checked and
 * written, so a round closed meanwhile takes no late scores.
 */
export async function saveRaterSheet(
  db: Kysely<Database>,
  input: { organizationId: string; roundId: string; raterId: string; entries: ScoreSheetEntry[] },
  actorId: string | null,
): Promise<{ ok: true; scores: number; comments: number } | ScoringRefusal> {
  let refusal: ScoringRefusal | undefined;
  const saved = await withAudit(
    db,
    { organizationId: input.organizationId, actorId, action: 'score', entity: 'scoring-round' },
    async (trx) => {
      const round = await trx
        .selectFrom('scoring_rounds')
        .innerJoin(
          'process_model_versions',
          'process_model_versions.id',
          'scoring_rounds.version_id',
        )
        .select(['scoring_rounds.id', 'scoring_rounds.status', 'process_model_versions.document'])
        .where('scoring_rounds.organization_id', '=', input.organizationId)
        .where('scoring_rounds.id', '=', input.roundId)
        .forUpdate('scoring_rounds')
        .executeTakeFirst();
      if (!round) {
        refusal = { ok: false, reason: 'not-found' };
        return undefined;
      }
      const invited = await trx
        .selectFrom('scoring_raters')
        .select('user_id')
        .where('round_id', '=', input.roundId)
        .where('user_id', '=', input.raterId)
        .executeTakeFirst();
      if (!invited) {
        refusal = { ok: false, reason: 'not-invited' };
        return undefined;
      }
      if (round.status !== 'open') {
        refusal = { ok: false, reason: 'round-closed' };
        return undefined;
      }
      const problems = checkScoreSheet(
        listScoredSteps(round.document as ProcessModel),
        input.entries,
      );
      if (problems.length > 0) {
        refusal = { ok: false, reason: 'invalid-sheet', problems };
        return undefined;
      }
      const { scores, comments } = sheetToScores(input.raterId, input.entries);
      await trx
        .deleteFrom('scoring_scores')
        .where('round_id', '=', input.roundId)
        .where('rater_id', '=', input.raterId)
        .execute();
      await trx
        .deleteFrom('scoring_comments')
        .where('round_id', '=', input.roundId)
        .where('rater_id', '=', input.raterId)
        .execute();
      if (scores.length > 0) {
        await trx
          .insertInto('scoring_scores')
          .values(
            scores.map((score) => ({
              round_id: input.roundId,
              rater_id: input.raterId,
              step_id: score.stepId,
              dimension: score.dimension,
              score: score.score,
            })),
          )
          .execute();
      }
      if (comments.length > 0) {
        await trx
          .insertInto('scoring_comments')
          .values(
            comments.map((comment) => ({
              round_id: input.roundId,
              rater_id: input.raterId,
              step_id: comment.stepId,
              comment: comment.comment,
            })),
          )
          .execute();
      }
      return {
        result: { ok: true as const, scores: scores.length, comments: comments.length },
        entityId: input.roundId,
        after: { raterId: input.raterId, scores: scores.length, comments: comments.length },
      };
    },
  );
  return saved ?? refusal ?? { ok: false, reason: 'not-found' };
}

/** Every score and comment of a round (of one rater, when `raterId` is given). */
export async function loadRoundScores(
  db: Kysely<Database>,
  roundId: string,
  raterId?: string,
): Promise<{ scores: StepScore[]; comments: StepComment[] }> {
  let scoreQuery = db
    .selectFrom('scoring_scores')
    .select(['rater_id', 'step_id', 'dimension', 'score'])
    .where('round_id', '=', roundId);
  let commentQuery = db
    .selectFrom('scoring_comments')
    .select(['rater_id', 'step_id', 'comment'])
    .where('round_id', '=', roundId);
  if (raterId) {
    scoreQuery = scoreQuery.where('rater_id', '=', raterId);
    commentQuery = commentQuery.where('rater_id', '=', raterId);
  }
  const [scores, comments] = await Promise.all([
    scoreQuery.orderBy('rater_id').orderBy('step_id').orderBy('dimension').execute(),
    commentQuery.orderBy('rater_id').orderBy('step_id').execute(),
  ]);
  return {
    scores: scores.map((row) => ({
      raterId: row.rater_id,
      stepId: row.step_id,
      dimension: row.dimension,
      score: Number(row.score),
    })),
    comments: comments.map((row) => ({
      raterId: row.rater_id,
      stepId: row.step_id,
      comment: row.comment,
    })),
  };
}
