import {
  createProject,
  findProject,
  listMembers,
  listProjects,
  updateProject,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EDITORS, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { IdParams, PhaseSchema } from './schemas.ts';

const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  phase: PhaseSchema,
  owners: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

type ProjectRow = Awaited<ReturnType<typeof listProjects>>[number];
const toJson = (project: ProjectRow): z.infer<typeof ProjectSchema> => ({
  id: project.id,
  name: project.name,
  description: project.description,
  phase: project.phase,
  owners: project.owners,
  createdAt: project.created_at.toISOString(),
  updatedAt: project.updated_at.toISOString(),
});

export async function projectRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = base.pipewise.store.db;

  const checkOwners = async (organizationId: string, owners: string[] | undefined) => {
    if (!owners) return;
    const members = new Set((await listMembers(db, organizationId)).map((member) => member.userId));
    const stranger = owners.find((id) => !members.has(id));
    if (stranger)
      throw new HttpError(
        400,
        'not-a-member',
        `user ${stranger} is not a member of this organization`,
      );
  };

  app.get(
    '/api/projects',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['projects'],
        summary: 'Optimization projects',
        response: { 200: z.array(ProjectSchema) },
      },
    },
    async (request) => (await listProjects(db, callerOf(request).organizationId)).map(toJson),
  );

  app.post(
    '/api/projects',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['projects'],
        summary: 'Start an optimization project',
        body: z.object({
          name: z.string().min(1).max(200),
          description: z.string().max(10_000).optional(),
          phase: PhaseSchema.optional(),
          ownerUserIds: z.array(z.string().uuid()).max(50).optional(),
        }),
        response: { 201: ProjectSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const owners = request.body.ownerUserIds
        ? [...new Set(request.body.ownerUserIds)]
        : undefined;
      await checkOwners(caller.organizationId, owners);
      const project = await createProject(
        db,
        {
          organizationId: caller.organizationId,
          ...request.body,
          ...(owners ? { ownerUserIds: owners } : {}),
        },
        caller.userId,
      );
      return reply.status(201).send(toJson(project));
    },
  );

  app.get(
    '/api/projects/:id',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['projects'],
        summary: 'One project',
        params: IdParams,
        response: { 200: ProjectSchema },
      },
    },
    async (request) => {
      const project = await findProject(db, callerOf(request).organizationId, request.params.id);
      if (!project) throw notFound('project');
      return toJson(project);
    },
  );

  app.patch(
    '/api/projects/:id',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['projects'],
        summary: 'Rename a project, or move it to another phase',
        params: IdParams,
        body: z.object({
          name: z.string().min(1).max(200).optional(),
          description: z.string().max(10_000).optional(),
          phase: PhaseSchema.optional(),
        }),
        response: { 200: ProjectSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const project = await updateProject(
        db,
        caller.organizationId,
        request.params.id,
        request.body,
        caller.userId,
      );
      if (!project) throw notFound('project');
      return toJson(project);
    },
  );
}
