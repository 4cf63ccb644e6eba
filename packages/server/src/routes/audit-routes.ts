import { listAudit } from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../app/access.ts';

export async function auditRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = base.pipewise.store.db;
  app.get(
    '/api/audit',
    {
      config: { access: ['admin', 'process_owner'] },
      schema: {
        tags: ['operations'],
        summary: 'The audit log: who changed what, when, before and after (newest first)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: {
          200: z.array(
            z.object({
              id: z.number(),
              at: z.string(),
              userId: z.string().nullable(),
              action: z.string(),
              entity: z.string(),
              entityId: z.string(),
              before: z.unknown(),
              after: z.unknown(),
            }),
          ),
        },
      },
    },
    async (request) =>
      (await listAudit(db, callerOf(request).organizationId, request.query.limit)).map((entry) => ({
        ...entry,
        at: entry.at.toISOString(),
      })),
  );
}
