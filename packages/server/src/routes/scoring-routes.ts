import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  aggregateScores,
  DISAGREEMENT_RANGE,
  SCORE_DIMENSIONS,
  type ScoredStep,
  type ScoreSheetEntry,
  type ScoreSheetProblem,
} from '@pipewise/engine/diagnosis';
import { displayName } from '@pipewise/engine/process-model';
import {
  describeScoringSheetError,
  readScoringSheet,
  type ScoringSheetError,
  scoringColumnLabel,
  scoringSheetXlsx,
} from '@pipewise/formats';
import {
  createScoringRound,
  findProject,
  findScoringRound,
  inviteRaters,
  listScoringRounds,
  loadRoundScores,
  type ScoringRefusal,
  type ScoringRoundSummary,
  saveRaterSheet,
  setScoringRoundStatus,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANALYSTS, type Caller, callerOf, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { receiveUpload } from './receive-upload.ts';
import { IdParams } from './schemas.ts';

/** Who runs scoring rounds: sales operations, and sales managers who run them with their teams. */
const ROUND_RUNNERS = ['admin', 'process_owner', 'manager'] as const;

const Language = z.enum(['zh', 'en']).default('zh');
const LanguageQuery = z.object({ lang: Language });

const SCORING_SHEETS = {
  names: /\.xlsx$/i,
  description: 'a scoring sheet: the Excel workbook downloaded from Pipewise (.xlsx)',
};

const RoundSchema = z.object({
  id: z.string(),
  projectId: z.string().nullable(),
  versionId: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  versionNumber: z.number(),
  title: z.string(),
  status: z.enum(['open', 'closed']),
  raters: z.number(),
  createdAt: z.string(),
});

const Name = z.object({ zh: z.string().optional(), en: z.string().optional() });
const StepSchema = z.object({ id: z.string(), name: Name });
const RaterSchema = z.object({ userId: z.string(), name: z.string(), email: z.string() });

const ScoreValue = z.number().nullable();
const EntrySchema = z.object({
  stepId: z.string().min(1).max(200),
  scores: z.object({
    efficiency: ScoreValue.optional(),
    effectiveness: ScoreValue.optional(),
    compliance: ScoreValue.optional(),
    'customer-experience': ScoreValue.optional(),
  }),
  comment: z.string().max(2000).optional(),
});

const DimensionSummarySchema = z
  .object({
    mean: z.number(),
    spread: z.number(),
    min: z.number(),
    max: z.number(),
    raters: z.number(),
    isDisputed: z.boolean(),
  })
  .nullable();

const ResultsSchema = z.object({
  round: RoundSchema,
  dimensions: z.array(z.string()),
  disagreementRange: z.number(),
  steps: z.array(
    z.object({
      stepId: z.string(),
      name: Name,
      mean: z.number().nullable(),
      raters: z.number(),
      isDisputed: z.boolean(),
      dimensions: z.object({
        efficiency: DimensionSummarySchema,
        effectiveness: DimensionSummarySchema,
        compliance: DimensionSummarySchema,
        'customer-experience': DimensionSummarySchema,
      }),
      comments: z.array(z.object({ raterId: z.string(), rater: z.string(), comment: z.string() })),
    }),
  ),
  raters: z.array(RaterSchema.extend({ scored: z.number(), total: z.number(), share: z.number() })),
});

const roundJson = (round: ScoringRoundSummary): z.infer<typeof RoundSchema> => ({
  id: round.id,
  projectId: round.project_id,
  versionId: round.version_id,
  modelId: round.modelId,
  modelName: round.modelName,
  versionNumber: round.versionNumber,
  title: round.title,
  status: round.status,
  raters: round.raters,
  createdAt: round.created_at.toISOString(),
});

/** A problem of a sheet sent as JSON, located like one of an uploaded workbook: row, column, value. */
function locateProblem(
  problem: ScoreSheetProblem,
  steps: readonly ScoredStep[],
  language: 'zh' | 'en',
): ScoringSheetError & { message: string; stepId: string } {
  const step = steps.find((candidate) => candidate.id === problem.stepId);
  const located: ScoringSheetError = {
    reason: problem.reason,
    sheet: '',
    row: problem.entry + 1,
    column:
      problem.reason === 'invalid-score'
        ? scoringColumnLabel(problem.dimension, language)
        : scoringColumnLabel('stepId', language),
    value:
      problem.reason === 'invalid-score'
        ? String(problem.value)
        : step
          ? displayName(step.name, language)
          : problem.stepId,
  };
  return {
    ...located,
    stepId: problem.stepId,
    message: describeScoringSheetError(located, language),
  };
}

/** Turns a store refusal into the HTTP error it means. */
function refusalError(
  refusal: ScoringRefusal,
  steps: readonly ScoredStep[],
  language: 'zh' | 'en',
): HttpError {
  switch (refusal.reason) {
    case 'not-found':
      return notFound('scoring round or model version');
    case 'not-members':
      return new HttpError(400, 'not-members', 'some raters are not members of the organization', {
        userIds: refusal.userIds,
      });
    case 'not-invited':
      return new HttpError(403, 'not-a-rater', 'you were not invited to rate in this round');
    case 'round-closed':
      return new HttpError(409, 'round-closed', 'the round is closed: it takes no more scores');
    case 'invalid-sheet':
      return new HttpError(
        400,
        'invalid-scoring-sheet',
        `the sheet has ${refusal.problems.length} problems to fix; nothing was saved`,
        { errors: refusal.problems.map((problem) => locateProblem(problem, steps, language)) },
      );
  }
}

/**
 * Step 2, scoring (评分): rounds on a process model version, run by sales
 * operations or a manager; invited raters fill their sheet in the browser or
 * in Excel; the results are aggregated per step and dimension (engine's
 * `aggregateScores`, docs/metrics.md "Scoring").
 */
export async function scoringRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, config } = base.pipewise;
  const db = store.db;
  const uploads = path.join(config.dataDir, 'uploads');

  const roundOf = async (organizationId: string, roundId: string) => {
    const round = await findScoringRound(db, organizationId, roundId);
    if (!round) throw notFound('scoring round');
    return round;
  };
  /** The round, for one of its raters only. */
  const roundForRater = async (caller: Caller, roundId: string) => {
    const round = await roundOf(caller.organizationId, roundId);
    if (!round.raterList.some((rater) => rater.userId === caller.userId)) {
      throw new HttpError(403, 'not-a-rater', 'you were not invited to rate in this round');
    }
    return round;
  };
  const savedEntries = async (roundId: string, raterId: string): Promise<ScoreSheetEntry[]> => {
    const { scores, comments } = await loadRoundScores(db, roundId, raterId);
    const entries = new Map<string, ScoreSheetEntry>();
    const entryOf = (stepId: string) => {
      const entry = entries.get(stepId) ?? { stepId, scores: {} };
      entries.set(stepId, entry);
      return entry;
    };
    for (const score of scores) entryOf(score.stepId).scores[score.dimension] = score.score;
    for (const comment of comments) entryOf(comment.stepId).comment = comment.comment;
    return [...entries.values()];
  };

  app.get(
    '/api/projects/:id/scoring-rounds',
    {
      config: { access: ROUND_RUNNERS },
      schema: {
        tags: ['diagnosis'],
        summary: 'The project’s scoring rounds, newest first (optionally of one version)',
        params: IdParams,
        querystring: z.object({ versionId: z.string().uuid().optional() }),
        response: { 200: z.array(RoundSchema) },
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      if (!(await findProject(db, organizationId, request.params.id))) throw notFound('project');
      const rounds = await listScoringRounds(db, organizationId, {
        projectId: request.params.id,
        ...(request.query.versionId ? { versionId: request.query.versionId } : {}),
      });
      return rounds.map(roundJson);
    },
  );

  app.get(
    '/api/my-scoring-rounds',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary: 'The rounds the caller was invited to rate in, newest first',
        response: { 200: z.array(RoundSchema) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const mine = await db
        .selectFrom('scoring_raters')
        .select('round_id')
        .where('user_id', '=', caller.userId)
        .execute();
      const ids = new Set(mine.map((row) => row.round_id));
      const rounds = await listScoringRounds(db, caller.organizationId, {});
      return rounds.filter((round) => ids.has(round.id)).map(roundJson);
    },
  );

  app.post(
    '/api/versions/:id/scoring-rounds',
    {
      config: { access: ROUND_RUNNERS },
      schema: {
        tags: ['diagnosis'],
        summary: 'Open a scoring round on a model version, inviting raters (members)',
        params: IdParams,
        body: z.object({
          title: z.string().trim().min(1).max(200),
          raterIds: z.array(z.string().uuid()).max(200).default([]),
        }),
        response: { 201: RoundSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const created = await createScoringRound(
        db,
        {
          organizationId: caller.organizationId,
          versionId: request.params.id,
          title: request.body.title,
          raterIds: request.body.raterIds,
        },
        caller.userId,
      );
      if (!created.ok) throw refusalError(created, [], 'en');
      return reply
        .status(201)
        .send(roundJson(await roundOf(caller.organizationId, created.round.id)));
    },
  );

  app.get(
    '/api/scoring-rounds/:id',
    {
      config: { access: ROUND_RUNNERS },
      schema: {
        tags: ['diagnosis'],
        summary: 'A round with its raters and the steps its version scores',
        params: IdParams,
        response: {
          200: RoundSchema.extend({ raterList: z.array(RaterSchema), steps: z.array(StepSchema) }),
        },
      },
    },
    async (request) => {
      const round = await roundOf(callerOf(request).organizationId, request.params.id);
      return { ...roundJson(round), raterList: round.raterList, steps: round.steps };
    },
  );

  app.post(
    '/api/scoring-rounds/:id/raters',
    {
      config: { access: ROUND_RUNNERS },
      schema: {
        tags: ['diagnosis'],
        summary: 'Invite more raters (members of the organization)',
        params: IdParams,
        body: z.object({ userIds: z.array(z.string().uuid()).min(1).max(200) }),
        response: { 200: RoundSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const invited = await inviteRaters(
        db,
        caller.organizationId,
        request.params.id,
        request.body.userIds,
        caller.userId,
      );
      if (!invited.ok) throw refusalError(invited, [], 'en');
      return roundJson(await roundOf(caller.organizationId, request.params.id));
    },
  );

  app.patch(
    '/api/scoring-rounds/:id',
    {
      config: { access: ROUND_RUNNERS },
      schema: {
        tags: ['diagnosis'],
        summary: 'Close a round (it takes no more scores) or open it again',
        params: IdParams,
        body: z.object({ status: z.enum(['open', 'closed']) }),
        response: { 200: RoundSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const round = await setScoringRoundStatus(
        db,
        caller.organizationId,
        request.params.id,
        request.body.status,
        caller.userId,
      );
      if (!round) throw notFound('scoring round');
      return roundJson(await roundOf(caller.organizationId, request.params.id));
    },
  );

  app.get(
    '/api/scoring-rounds/:id/sheet',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary: 'My scoring sheet (invited raters): the steps and what I saved',
        params: IdParams,
        response: {
          200: z.object({
            round: RoundSchema,
            steps: z.array(StepSchema),
            entries: z.array(EntrySchema),
          }),
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const round = await roundForRater(caller, request.params.id);
      return {
        round: roundJson(round),
        steps: round.steps,
        entries: await savedEntries(round.id, caller.userId),
      };
    },
  );

  app.put(
    '/api/scoring-rounds/:id/sheet',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary:
          'Save my whole sheet (invited raters), replacing what I saved before: all of it, or nothing and 400 listing every problem (details.errors: row, column, value, message in ?lang)',
        params: IdParams,
        querystring: LanguageQuery,
        body: z.object({ entries: z.array(EntrySchema).max(1000) }),
        response: { 200: z.object({ scores: z.number(), comments: z.number() }) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const round = await roundForRater(caller, request.params.id);
      const saved = await saveRaterSheet(
        db,
        {
          organizationId: caller.organizationId,
          roundId: round.id,
          raterId: caller.userId,
          entries: request.body.entries as ScoreSheetEntry[],
        },
        caller.userId,
      );
      if (!saved.ok) throw refusalError(saved, round.steps, request.query.lang);
      return { scores: saved.scores, comments: saved.comments };
    },
  );

  app.get(
    '/api/scoring-rounds/:id/sheet.xlsx',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary:
          'My scoring sheet as Excel (invited raters), with what I saved, to fill in offline and upload back',
        params: IdParams,
        querystring: LanguageQuery,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const round = await roundForRater(caller, request.params.id);
      const { lang } = request.query;
      const rater = round.raterList.find((candidate) => candidate.userId === caller.userId);
      const bytes = await scoringSheetXlsx({
        language: lang,
        title: `${round.title} · ${round.modelName} v${round.versionNumber}`,
        rater: rater?.name ?? '',
        steps: round.steps,
        saved: await savedEntries(round.id, caller.userId),
      });
      const name = `${lang === 'zh' ? '评分表' : 'scoring-sheet'}-${round.title}.xlsx`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(Buffer.from(bytes));
    },
  );

  app.post(
    '/api/scoring-rounds/:id/sheet.xlsx',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary:
          'Upload my filled-in scoring sheet (multipart: file): saved whole, or 400 listing every problem with sheet, row, column, value and a message in ?lang; nothing saved',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: LanguageQuery,
        response: { 200: z.object({ scores: z.number(), comments: z.number() }) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const round = await roundForRater(caller, request.params.id);
      const { lang } = request.query;
      const upload = await receiveUpload(request, uploads, SCORING_SHEETS);
      try {
        const read = await readScoringSheet(upload.file, round.steps, lang);
        if (!read.ok) {
          throw new HttpError(
            400,
            'invalid-scoring-sheet',
            `the scoring sheet has ${read.errors.length} problems to fix; nothing was saved`,
            {
              errors: read.errors.map((error) => ({
                ...error,
                message: describeScoringSheetError(error, lang),
              })),
            },
          );
        }
        const saved = await saveRaterSheet(
          db,
          {
            organizationId: caller.organizationId,
            roundId: round.id,
            raterId: caller.userId,
            entries: read.entries,
          },
          caller.userId,
        );
        if (!saved.ok) throw refusalError(saved, round.steps, lang);
        return { scores: saved.scores, comments: saved.comments };
      } finally {
        rmSync(upload.file, { force: true });
      }
    },
  );

  app.get(
    '/api/scoring-rounds/:id/results',
    {
      config: { access: ANALYSTS },
      schema: {
        tags: ['diagnosis'],
        summary:
          'The round’s results: per step and dimension mean, spread, raters and disagreement, lowest steps first; each rater’s progress (docs/metrics.md, Scoring)',
        params: IdParams,
        response: { 200: ResultsSchema },
      },
    },
    async (request) => {
      const round = await roundOf(callerOf(request).organizationId, request.params.id);
      const { scores, comments } = await loadRoundScores(db, round.id);
      const results = aggregateScores(
        round.steps,
        round.raterList.map((rater) => rater.userId),
        scores,
        comments,
      );
      const raters = new Map(round.raterList.map((rater) => [rater.userId, rater]));
      return {
        round: roundJson(round),
        dimensions: [...SCORE_DIMENSIONS],
        disagreementRange: DISAGREEMENT_RANGE,
        steps: results.steps.map((step) => ({
          ...step,
          comments: step.comments.map((comment) => ({
            ...comment,
            rater: raters.get(comment.raterId)?.name ?? '',
          })),
        })),
        raters: results.raters.map((progress) => ({
          ...raters.get(progress.raterId)!,
          ...progress,
        })),
      };
    },
  );
}
