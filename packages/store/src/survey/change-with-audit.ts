import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction } from '../database/in-transaction.ts';
import type { Database } from '../database/schema.ts';

/**
 * Changes one row of an organization and records it in the audit log, in one
 * transaction: `read` takes the row as it was (locked for the update, or
 * undefined when the organization has none, and then nothing happens),
 * `write` changes it, and the audit entry holds `describe(before)` and
 * `after`.
 */
export function changeWithAudit<Row>(
  db: Kysely<Database>,
  entry: {
    organizationId: string;
    actorId: string | null;
    entity: string;
    entityId: string;
    after: unknown;
  },
  steps: {
    read: (trx: Transaction<Database>) => Promise<Row | undefined>;
    write: (trx: Transaction<Database>) => Promise<Row>;
    describe: (before: Row) => unknown;
  },
): Promise<Row | undefined> {
  return inTransaction(db, async (trx) => {
    const before = await steps.read(trx);
    if (before === undefined) return undefined;
    const after = await steps.write(trx);
    await recordAudit(trx, {
      organizationId: entry.organizationId,
      userId: entry.actorId,
      action: 'update',
      entity: entry.entity,
      entityId: entry.entityId,
      before: steps.describe(before),
      after: entry.after,
    });
    return after;
  });
}
