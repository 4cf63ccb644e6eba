import { filterCases, workingDayMs } from '@pipewise/engine';
import { computeKpis, type KpiDefinition, type KpiMeasure } from '@pipewise/engine/kpi';
import { parseProcessModel } from '@pipewise/engine/process-model';
import {
  createKpi,
  deleteKpi,
  findDataset,
  findVersion,
  type Kpi,
  listKpis,
  updateKpi,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { CaseFilterSchema, calendarOf } from './dataset-routes.ts';
import { projectOf } from './project-of.ts';
import { IdParams } from './schemas.ts';

/** Who sets a project's KPIs: sales operations, and managers who answer for them. */
const KPI_EDITORS = ['admin', 'process_owner', 'manager'] as const;

const Name = z.string().trim().min(1).max(200);
const Names = z.array(Name).min(1).max(50);
const Percentile = z.number().min(0).max(1).optional();
const DurationEstimateSchema = z.object({
  value: z.number().positive(),
  unit: z.enum(['minute', 'hour', 'day', 'week']),
  basis: z.enum(['working', 'calendar']),
});

/** The engine's KpiMeasure (docs/metrics.md, "KPIs"). */
export const KpiMeasureSchema: z.ZodType<KpiMeasure> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cycle-time'), percentile: Percentile }),
  z.object({ kind: z.literal('stage-duration'), step: Name, percentile: Percentile }),
  z.object({ kind: z.literal('pass-rate'), from: Name, to: Name }),
  z.object({ kind: z.literal('win-rate') }),
  z.object({ kind: z.literal('sla-adherence'), steps: Names.optional() }),
  z.object({ kind: z.literal('process-adherence') }),
  z.object({
    kind: z.literal('timeliness'),
    from: Name,
    to: Name,
    within: DurationEstimateSchema,
  }),
  z.object({ kind: z.literal('revenue-per-rep'), amount: Name, per: Name }),
  z.object({ kind: z.literal('ratio'), numerator: Names, denominator: Names.optional() }),
]) as z.ZodType<KpiMeasure>;

const KpiBody = z.object({
  name: Name,
  measure: KpiMeasureSchema,
  target: z.number().finite().nullable().default(null),
  direction: z.enum(['higher-is-better', 'lower-is-better']),
});

const KpiSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  measure: z.unknown(),
  target: z.number().nullable(),
  direction: z.enum(['higher-is-better', 'lower-is-better']),
  updatedAt: z.string(),
});

const kpiJson = (kpi: Kpi): z.infer<typeof KpiSchema> => ({
  id: kpi.id,
  projectId: kpi.project_id,
  name: kpi.name,
  measure: kpi.measure,
  target: kpi.target,
  direction: kpi.direction,
  updatedAt: kpi.updated_at.toISOString(),
});

/**
 * Step 3, design: a project's KPIs (process adherence, customer response
 * timeliness, SLA adherence…), each with a target and a direction, computed
 * on any dataset of the organization, for a period and a model version.
 */
export async function kpiRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { cache } = base.pipewise;
  const db = base.pipewise.store.db;

  app.get(
    '/api/projects/:id/kpis',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['design'],
        summary: 'The project’s KPIs: measure, target and direction',
        params: IdParams,
        response: { 200: z.array(KpiSchema) },
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await projectOf(db, organizationId, request.params.id);
      return (await listKpis(db, organizationId, request.params.id)).map(kpiJson);
    },
  );

  app.post(
    '/api/projects/:id/kpis',
    {
      config: { access: KPI_EDITORS },
      schema: {
        tags: ['design'],
        summary: 'Define a KPI from the building blocks (docs/metrics.md#kpis-关键指标)',
        params: IdParams,
        body: KpiBody,
        response: { 201: KpiSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await projectOf(db, caller.organizationId, request.params.id);
      const kpi = await createKpi(
        db,
        { organizationId: caller.organizationId, projectId: request.params.id },
        request.body as Parameters<typeof createKpi>[2],
        caller.userId,
      );
      return reply.status(201).send(kpiJson(kpi));
    },
  );

  app.patch(
    '/api/kpis/:id',
    {
      config: { access: KPI_EDITORS },
      schema: {
        tags: ['design'],
        summary: 'Change a KPI’s name, measure, target or direction',
        params: IdParams,
        body: KpiBody.partial(),
        response: { 200: KpiSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const kpi = await updateKpi(
        db,
        caller.organizationId,
        request.params.id,
        request.body as Parameters<typeof updateKpi>[3],
        caller.userId,
      );
      if (!kpi) throw notFound('KPI');
      return kpiJson(kpi);
    },
  );

  app.delete(
    '/api/kpis/:id',
    {
      config: { access: KPI_EDITORS },
      schema: { tags: ['design'], summary: 'Delete a KPI', params: IdParams },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (!(await deleteKpi(db, caller.organizationId, request.params.id, caller.userId)))
        throw notFound('KPI');
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/projects/:id/kpis/values',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['design'],
        summary:
          'The project’s KPIs computed on a dataset: optionally for a period and other case filters, against a model version (for SLA and process adherence), in working or calendar time',
        params: IdParams,
        body: z.object({
          datasetId: z.string().uuid(),
          versionId: z.string().uuid().optional(),
          filters: z.array(CaseFilterSchema).max(50).default([]),
          time: z.enum(['calendar', 'working']).default('working'),
        }),
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await projectOf(db, organizationId, request.params.id);
      const { datasetId, versionId, filters, time } = request.body;
      const dataset = await findDataset(db, organizationId, datasetId);
      const log = dataset && (await cache.get(db, organizationId, dataset.id));
      if (!dataset || !log) throw notFound('dataset');
      let model: ReturnType<typeof parseProcessModel> | undefined;
      if (versionId) {
        const version = await findVersion(db, organizationId, versionId);
        if (!version) throw notFound('model version');
        model = parseProcessModel(version.document);
        if (!model.ok)
          throw new HttpError(
            400,
            'invalid-model',
            'the process model is not valid',
            model.problems,
          );
      }
      const filtered = filterCases(log, filters);
      if (!filtered.ok)
        throw new HttpError(
          400,
          'unknown-case-attribute',
          `no case attribute "${filtered.attribute}"`,
          {
            available: filtered.available,
          },
        );
      const kpis = await listKpis(db, organizationId, request.params.id);
      const definitions: KpiDefinition[] = kpis.map((kpi) => ({
        id: kpi.id,
        name: { zh: kpi.name, en: kpi.name },
        measure: kpi.measure as unknown as KpiMeasure,
        ...(kpi.target === null ? {} : { target: kpi.target }),
        direction: kpi.direction,
      }));
      const workingTime = time === 'working' ? calendarOf(dataset).workingTime : undefined;
      return {
        time: workingTime
          ? { kind: 'working', workingDayMs: workingDayMs(workingTime.calendar) }
          : { kind: 'calendar' },
        cases: filtered.log.caseCount,
        filters: filtered.steps,
        values: computeKpis(definitions, filtered.log, {
          ...(model?.ok ? { model: model.model } : {}),
          ...(workingTime ? { workingTime } : {}),
        }),
      };
    },
  );
}
