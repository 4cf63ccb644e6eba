import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: { tags: ['operations'], summary: 'The process is up' },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      schema: { tags: ['operations'], summary: 'The database answers' },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(app.pipewise.store.db);
        return { status: 'ready', database: app.pipewise.store.kind };
      } catch (error) {
        // The reason (host, user…) goes to the log, not to whoever asks.
        request.log.error({ err: error }, 'database not ready');
        return reply.status(503).send({ status: 'unavailable' });
      }
    },
  );
}
