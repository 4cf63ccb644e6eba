import { toWorkingTimeLog, workingDayMs } from '@pipewise/engine';
import { type ProcessModel, parseProcessModel } from '@pipewise/engine/process-model';
import { changesFromModel, fitProcessBehaviour, simulateWhatIf } from '@pipewise/engine/simulation';
import { findDataset, findVersion } from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { calendarOf } from './dataset-routes.ts';
import { IdParams } from './schemas.ts';

/**
 * Step 3, design: what a to-be version is likely to buy. The as-is
 * behaviour is fitted from a dataset; the version's changes against the
 * version it was derived from (removed and merged steps, deadlines) are
 * applied; both are simulated from the same seed (docs/simulation.md).
 */
export async function simulationRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { cache } = base.pipewise;
  const db = base.pipewise.store.db;

  const modelOf = async (organizationId: string, versionId: string) => {
    const version = await findVersion(db, organizationId, versionId);
    if (!version) throw notFound('model version');
    const parsed = parseProcessModel(version.document);
    if (!parsed.ok)
      throw new HttpError(400, 'invalid-model', 'the process model is not valid', parsed.problems);
    return { version, model: parsed.model };
  };

  app.post(
    '/api/versions/:id/simulate',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['design'],
        summary:
          'Simulate the as-is behaviour of a dataset and this (to-be) version’s changes: predicted cycle time, stage reach and SLA adherence with 95% intervals, the gain, and each change’s contribution (docs/simulation.md)',
        params: IdParams,
        body: z.object({
          datasetId: z.string().uuid(),
          runs: z.number().int().min(20).max(2000).default(200),
          seed: z
            .number()
            .int()
            .min(0)
            .max(2 ** 31 - 1)
            .default(1),
          time: z.enum(['working', 'calendar']).default('working'),
          deadlinePolicy: z.enum(['escalate', 'meet']).default('escalate'),
        }),
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      const { datasetId, runs, seed, time, deadlinePolicy } = request.body;
      const { version, model: toBe } = await modelOf(organizationId, request.params.id);
      let asIs: ProcessModel | undefined;
      if (version.parent_version_id)
        asIs = (await modelOf(organizationId, version.parent_version_id)).model;
      const dataset = await findDataset(db, organizationId, datasetId);
      const log = dataset && (await cache.get(db, organizationId, dataset.id));
      if (!dataset || !log) throw notFound('dataset');
      if (log.caseCount === 0)
        throw new HttpError(400, 'empty-dataset', 'the dataset has no cases to simulate from');
      const workingTime = time === 'working' ? calendarOf(dataset).workingTime : undefined;
      const basisLog = workingTime ? toWorkingTimeLog(log, workingTime) : log;
      const dayMs = workingTime ? workingDayMs(workingTime.calendar) : undefined;
      const fromModel = changesFromModel(toBe, log.activities, {
        ...(asIs ? { asIs } : {}),
        basis: workingTime ? 'working' : 'calendar',
        ...(dayMs !== undefined ? { workingDayMs: dayMs } : {}),
        deadlinePolicy,
      });
      const simulated = simulateWhatIf(fitProcessBehaviour(basisLog), fromModel.changes, {
        runs,
        seed,
      });
      if (!simulated.ok)
        throw new HttpError(400, 'invalid-change', simulated.message, {
          changeIndex: simulated.changeIndex,
        });
      return {
        time: workingTime ? { kind: 'working', workingDayMs: dayMs } : { kind: 'calendar' },
        runs,
        seed,
        notSimulated: fromModel.notSimulated,
        skippedDeadlines: fromModel.skippedDeadlines,
        skippedTools: fromModel.skippedTools,
        ...simulated.result,
      };
    },
  );
}
