import { randomUUID } from 'node:crypto';
import { layoutSwimlanes } from '@pipewise/diagrams';
import {
  applyCommand,
  attachMeasurements,
  compareEstimates,
  deriveVersion,
  diffModels,
  displayName,
  type ModelCommand,
  type ProcessModel,
  parseProcessModel,
} from '@pipewise/engine/process-model';
import { exportBpmn } from '@pipewise/formats/process-model';
import {
  createProcessModel,
  createVersion,
  deleteProcessModel,
  findDataset,
  findProblem,
  findProject,
  findVersion,
  listMembers,
  listProcessModels,
  listVersionChanges,
  type ProcessModelVersion,
  saveVersion,
  VersionConflictError,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EDITORS, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { calendarOf } from './dataset-routes.ts';
import { IdParams } from './schemas.ts';

const VersionKindSchema = z.enum(['as-is', 'to-be', 'other']);

const VersionSchema = z.object({
  id: z.string(),
  modelId: z.string(),
  number: z.number(),
  label: z.string(),
  kind: VersionKindSchema,
  parentVersionId: z.string().nullable(),
  revision: z
    .number()
    .describe('send it back when saving: a save from an older revision is refused with 409'),
  document: z.unknown(),
  updatedAt: z.string(),
});

const toJson = (version: ProcessModelVersion): z.infer<typeof VersionSchema> => ({
  id: version.id,
  modelId: version.model_id,
  number: version.number,
  label: version.label,
  kind: version.kind,
  parentVersionId: version.parent_version_id,
  revision: version.revision,
  document: version.document,
  updatedAt: version.updated_at.toISOString(),
});

/** A process model document, validated by the engine's schema (with its migrations); 400 with the JSON paths otherwise. */
function validModel(document: unknown): ProcessModel {
  const parsed = parseProcessModel(document);
  if (!parsed.ok)
    throw new HttpError(400, 'invalid-model', 'the process model is not valid', parsed.problems);
  return parsed.model;
}

export async function modelRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { cache } = base.pipewise;
  const db = base.pipewise.store.db;

  const versionOf = async (organizationId: string, id: string) => {
    const version = await findVersion(db, organizationId, id);
    if (!version) throw notFound('model version');
    return version;
  };

  app.get(
    '/api/models',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['models'],
        summary: 'Process models and their versions (without documents)',
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              projectId: z.string().nullable(),
              versions: z.array(VersionSchema.omit({ document: true, modelId: true })),
            }),
          ),
        },
      },
    },
    async (request) =>
      (await listProcessModels(db, callerOf(request).organizationId)).map((model) => ({
        id: model.id,
        name: model.name,
        projectId: model.project_id,
        versions: model.versions.map((version) => ({
          id: version.id,
          number: version.number,
          label: version.label,
          kind: version.kind,
          parentVersionId: version.parent_version_id,
          revision: version.revision,
          updatedAt: version.updated_at.toISOString(),
        })),
      })),
  );

  app.post(
    '/api/models',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['models'],
        summary: 'Store a process model (from a step table, BPMN or discovery) as version 1',
        body: z.object({
          name: z.string().min(1).max(200),
          projectId: z.string().uuid().nullable().optional(),
          kind: VersionKindSchema.default('as-is'),
          label: z.string().max(200).optional(),
          document: z.unknown(),
        }),
        response: { 201: VersionSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const model = validModel(request.body.document);
      if (
        request.body.projectId &&
        !(await findProject(db, caller.organizationId, request.body.projectId))
      ) {
        throw notFound('project');
      }
      const { version } = await createProcessModel(
        db,
        {
          organizationId: caller.organizationId,
          projectId: request.body.projectId ?? null,
          name: request.body.name,
          document: model,
          kind: request.body.kind,
          label: request.body.label ?? request.body.kind,
        },
        caller.userId,
      );
      return reply.status(201).send(toJson(version));
    },
  );

  app.delete(
    '/api/models/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['models'],
        summary: 'Delete a process model and all its versions',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (
        !(await deleteProcessModel(db, caller.organizationId, request.params.id, caller.userId))
      ) {
        throw notFound('process model');
      }
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/versions/:id',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['models'],
        summary: 'A model version with its document',
        params: IdParams,
        response: { 200: VersionSchema },
      },
    },
    async (request) => toJson(await versionOf(callerOf(request).organizationId, request.params.id)),
  );

  app.put(
    '/api/versions/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['models'],
        summary: 'Replace a version’s document; refused with 409 if someone saved since `revision`',
        params: IdParams,
        body: z.object({ revision: z.number().int().positive(), document: z.unknown() }),
        response: { 200: VersionSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      // Not found comes before invalid: another organization's id learns nothing.
      await versionOf(caller.organizationId, request.params.id);
      const model = validModel(request.body.document);
      const saved = await saveVersion(
        db,
        caller.organizationId,
        request.params.id,
        { document: model, expectedRevision: request.body.revision },
        caller.userId,
      );
      if (!saved) throw notFound('model version');
      return toJson(saved);
    },
  );

  app.post(
    '/api/versions/:id/commands',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['models'],
        summary:
          'Apply edit commands (add, remove, rename, move, reorder, merge, split, connect, disconnect, set-attributes…) in order; all or none. Returns the saved version and each command’s inverse, for undo.',
        params: IdParams,
        body: z.object({
          revision: z.number().int().positive(),
          commands: z
            .array(z.object({ type: z.string() }).passthrough())
            .min(1)
            .max(500),
          reason: z
            .string()
            .trim()
            .max(2000)
            .default('')
            .describe('why the change is made: kept in the version’s change log'),
          problemIds: z
            .array(z.string().uuid())
            .max(50)
            .default([])
            .describe('problems of the register the change addresses'),
        }),
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const version = await versionOf(caller.organizationId, request.params.id);
      // A stale revision is a conflict before anything is applied to it.
      if (version.revision !== request.body.revision)
        throw new VersionConflictError(version.revision);
      let model = validModel(version.document);
      const inverses: ModelCommand[] = [];
      for (const [index, command] of request.body.commands.entries()) {
        let result: ReturnType<typeof applyCommand>;
        try {
          result = applyCommand(model, command as unknown as ModelCommand);
        } catch {
          throw new HttpError(
            400,
            'invalid-command',
            `command ${index + 1} (${command.type}) is not a valid edit command`,
          );
        }
        if (!result.ok) {
          throw new HttpError(
            409,
            result.code,
            `command ${index + 1} (${command.type}) refused: ${result.message}`,
            {
              index,
            },
          );
        }
        model = result.model;
        inverses.unshift(result.inverse);
      }
      const { reason, problemIds } = request.body;
      for (const problemId of problemIds)
        if (!(await findProblem(db, caller.organizationId, problemId)))
          throw new HttpError(400, 'invalid-reference', `no problem ${problemId} in the register`, {
            problemId,
          });
      const saved = await saveVersion(
        db,
        caller.organizationId,
        version.id,
        {
          document: validModel(model),
          expectedRevision: request.body.revision,
          change: { commands: request.body.commands, reason, problemIds },
        },
        caller.userId,
      );
      if (!saved) throw notFound('model version');
      return { version: toJson(saved), undo: inverses };
    },
  );

  app.get(
    '/api/versions/:id/changes',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['models'],
        summary:
          'The version’s change log, oldest first: each saved edit’s commands, the revision it made, its reason and the problems it addresses',
        params: IdParams,
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await versionOf(organizationId, request.params.id);
      const members = new Map(
        (await listMembers(db, organizationId)).map((member) => [member.userId, member.name]),
      );
      return (await listVersionChanges(db, organizationId, request.params.id)).map((change) => ({
        id: change.id,
        revision: change.revision,
        commands: change.commands,
        reason: change.reason,
        problemIds: change.problem_ids,
        by: change.created_by ? (members.get(change.created_by) ?? null) : null,
        at: change.created_at.toISOString(),
      }));
    },
  );

  app.get(
    '/api/versions/:id/bpmn',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['models'],
        summary:
          'The version as a BPMN 2.0 file (lanes, tasks, gateways, flows and their diagram), names in the chosen language',
        params: IdParams,
        querystring: z.object({ lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (request, reply) => {
      const version = await versionOf(callerOf(request).organizationId, request.params.id);
      const model = validModel(version.document);
      const language = request.query.lang;
      const xml = exportBpmn(model, layoutSwimlanes(model, { language }), { language });
      const name = `${displayName(model.name, language) || 'process'}.bpmn`;
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(xml);
    },
  );

  app.post(
    '/api/versions/:id/compare-estimates',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['models'],
        summary:
          'Estimated versus measured: each step’s estimate (from interviews or the survey form) beside the median measured in a dataset, flagged when more than `factor` times longer or shorter (docs/process-model.md#estimated-versus-measured)',
        params: IdParams,
        body: z.object({
          datasetId: z.string().uuid(),
          factor: z.number().gt(1).max(100).default(2),
        }),
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      const version = await versionOf(organizationId, request.params.id);
      const dataset = await findDataset(db, organizationId, request.body.datasetId);
      const log = dataset && (await cache.get(db, organizationId, dataset.id));
      if (!dataset || !log) throw notFound('dataset');
      const model = validModel(version.document);
      const attached = attachMeasurements(model, log, {
        workingTime: calendarOf(dataset).workingTime,
      });
      const nameOf = (id: string) => model.steps.find((step) => step.id === id)?.name;
      return {
        factor: request.body.factor,
        steps: compareEstimates(attached.model, { factor: request.body.factor }),
        unmatchedSteps: attached.unmatchedSteps.map((id) => ({ stepId: id, name: nameOf(id) })),
        unmatchedActivities: attached.unmatchedActivities,
      };
    },
  );

  app.post(
    '/api/versions/:id/derive',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['models'],
        summary:
          'A new version derived from this one (the to-be from the as-is): same steps and ids, so the diff shows what changed',
        params: IdParams,
        body: z.object({
          label: z.string().min(1).max(200).default('to-be'),
          kind: VersionKindSchema.default('to-be'),
        }),
        response: { 201: VersionSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const parent = await versionOf(caller.organizationId, request.params.id);
      const parentModel = validModel(parent.document);
      const stage = request.body.kind === 'other' ? undefined : request.body.kind;
      const derived = deriveVersion(parentModel, {
        id: randomUUID(),
        label: request.body.label,
        ...(stage ? { stage } : {}),
      });
      const version = await createVersion(
        db,
        caller.organizationId,
        {
          parentVersionId: parent.id,
          document: derived,
          label: request.body.label,
          kind: request.body.kind,
        },
        caller.userId,
      );
      if (!version) throw notFound('model version');
      return reply.status(201).send(toJson(version));
    },
  );

  app.get(
    '/api/versions/:id/diff/:otherId',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['models'],
        summary:
          'What changed from one version to another: added, removed, merged, moved and changed steps and flows',
        params: z.object({ id: z.string().uuid(), otherId: z.string().uuid() }),
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const a = validModel((await versionOf(caller.organizationId, request.params.id)).document);
      const b = validModel(
        (await versionOf(caller.organizationId, request.params.otherId)).document,
      );
      return diffModels(a, b);
    },
  );
}
