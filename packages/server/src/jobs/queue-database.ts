import type { Store } from '@pipewise/store';
import { CompiledQuery } from 'kysely';
import type { Db } from 'pg-boss';

/**
 * pg-boss's connection to the embedded database. PGlite is one connection,
 * so pg-boss's statements take their turn in the store's queue like ours:
 * one of them can never land inside an import's transaction (pg-boss's own
 * `fromPglite` talks to PGlite directly, and a poll arriving mid-import
 * would run inside our transaction, or roll it back on an error).
 *
 * pg-boss sends schema scripts and `BEGIN … COMMIT` blocks as one text
 * without parameters; PGlite's `query` takes one statement, so such text goes
 * to `exec`, still holding the queue. A failed block leaves the connection in
 * an aborted transaction, which would poison every later query of ours: it is
 * rolled back before the queue moves on.
 */
export function pgliteQueueDatabase(store: Store): Db {
  const pglite = store.pglite;
  if (!pglite) throw new Error('pgliteQueueDatabase needs the embedded database');
  const holdingTheQueue = <T>(work: () => Promise<T>): Promise<T> =>
    store.db.connection().execute(work);
  return {
    async executeSql(text, values) {
      if (values?.length) {
        const result = await store.db.executeQuery(CompiledQuery.raw(text, values));
        return { rows: [...result.rows] };
      }
      return holdingTheQueue(async () => {
        try {
          const results = await pglite.exec(text);
          // A RETURNING in the middle of a block must not be lost behind its COMMIT.
          return { rows: results.flatMap((result) => result.rows) };
        } catch (error) {
          await pglite.query('rollback').catch(() => undefined);
          throw error;
        }
      });
    },
    // LISTEN/NOTIFY inside the one process: workers wake when a job is sent
    // instead of at their next poll.
    async listen(channel, onNotification, onReconnect) {
      const unlisten = await holdingTheQueue(() => pglite.listen(channel, onNotification));
      onReconnect();
      return { close: () => holdingTheQueue(() => unlisten()) };
    },
  };
}
