import { parseProcessModel } from '@pipewise/engine/process-model';
import { findVersion, listSopEntries, saveSopEntry } from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';

/** Who writes the SOP manual: sales operations, and managers who run the process. */
const WRITERS = ['admin', 'process_owner', 'manager'] as const;

const Text = z.string().max(20_000);

/**
 * Step 3, the SOP manual: per step of a version, the instructions, script
 * templates and exception handling people write; the manual itself (owner,
 * trigger, deadline…) is built from the model where it is read.
 */
export async function sopRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = base.pipewise.store.db;

  app.get(
    '/api/versions/:id/sop',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['design'],
        summary: 'What is written for each step of the version’s SOP manual',
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      if (!(await findVersion(db, organizationId, request.params.id)))
        throw notFound('model version');
      const entries = await listSopEntries(db, organizationId, request.params.id);
      return {
        entries: entries.map((entry) => ({ ...entry, updatedAt: entry.updatedAt.toISOString() })),
      };
    },
  );

  app.put(
    '/api/versions/:id/sop/:stepId',
    {
      config: { access: WRITERS },
      schema: {
        tags: ['design'],
        summary:
          'Write a step’s instructions, script templates and exception handling (text with - lists, 1. lists and **bold**)',
        params: z.object({ id: z.string().uuid(), stepId: z.string().min(1).max(200) }),
        body: z.object({ instructions: Text, script: Text, exceptions: Text }),
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const version = await findVersion(db, caller.organizationId, request.params.id);
      if (!version) throw notFound('model version');
      const parsed = parseProcessModel(version.document);
      const step = parsed.ok
        ? parsed.model.steps.find((candidate) => candidate.id === request.params.stepId)
        : undefined;
      if (!step || ['start', 'end', 'decision', 'event'].includes(step.kind))
        throw new HttpError(
          400,
          'unknown-step',
          `the version has no step "${request.params.stepId}" that does work`,
          { stepId: request.params.stepId },
        );
      await saveSopEntry(
        db,
        {
          organizationId: caller.organizationId,
          versionId: version.id,
          stepId: step.id,
        },
        request.body,
        caller.userId,
      );
      return reply.status(204).send();
    },
  );
}
