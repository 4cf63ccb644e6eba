import { parseProcessModel } from '@pipewise/engine/process-model';
import { effectiveRules, replayRules } from '@pipewise/engine/rules';
import { findDataset, findVersion } from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { calendarOf } from './dataset-routes.ts';
import { IdParams } from './schemas.ts';

/**
 * Step 3, design: what a version's rules would have done over a dataset's
 * history — SLA adherence, escalations per level, reminders, tasks — as
 * `pipewise rules check` replays them (docs/rules.md), in the dataset's
 * working time.
 */
export async function rulesRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { cache } = base.pipewise;
  const db = base.pipewise.store.db;

  app.post(
    '/api/versions/:id/rules-check',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['design'],
        summary:
          'Replay the version’s rules over a dataset’s history: SLA adherence, escalations per level, reminders and tasks per rule, with the first examples (docs/rules.md)',
        params: IdParams,
        body: z.object({
          datasetId: z.string().uuid(),
          /** The instant to judge open clocks at; default the dataset's last event. */
          now: z.iso.datetime({ offset: true }).optional(),
          examples: z.number().int().min(0).max(50).default(5),
        }),
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      const { datasetId, now, examples } = request.body;
      const version = await findVersion(db, organizationId, request.params.id);
      if (!version) throw notFound('model version');
      const parsed = parseProcessModel(version.document);
      if (!parsed.ok)
        throw new HttpError(
          400,
          'invalid-model',
          'the process model is not valid',
          parsed.problems,
        );
      if (effectiveRules(parsed.model).length === 0)
        throw new HttpError(
          400,
          'no-rules',
          'the version has no rules and no step with a deadline: nothing to replay',
        );
      const dataset = await findDataset(db, organizationId, datasetId);
      const log = dataset && (await cache.get(db, organizationId, dataset.id));
      if (!dataset || !log) throw notFound('dataset');
      let nowMs = now === undefined ? Number.NEGATIVE_INFINITY : Date.parse(now);
      if (now === undefined)
        for (let i = 0; i < log.timestampMs.length; i++)
          if (log.timestampMs[i]! > nowMs) nowMs = log.timestampMs[i]!;
      if (!Number.isFinite(nowMs))
        throw new HttpError(400, 'empty-dataset', 'the dataset has no events to replay');
      const { workingTime } = calendarOf(dataset);
      return replayRules(parsed.model, log, { workingTime, nowMs, sampleSize: examples });
    },
  );
}
