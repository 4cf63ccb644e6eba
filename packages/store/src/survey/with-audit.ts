import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction } from '../database/in-transaction.ts';
import type { Database } from '../database/schema.ts';

/** What a change did, for its audit entry: its result and the row it touched. */
export interface AuditedChange<T> {
  result: T;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Makes a change to one row of an organization and records it in the audit
 * log, in one transaction. A change that finds nothing to change answers
 * undefined, and then nothing is recorded.
 */
export function withAudit<T>(
  db: Kysely<Database>,
  entry: { organizationId: string; actorId: string | null; action: string; entity: string },
  change: (trx: Transaction<Database>) => Promise<AuditedChange<T> | undefined>,
): Promise<T | undefined> {
  return inTransaction(db, async (trx) => {
    const done = await change(trx);
    if (done === undefined) return undefined;
    await recordAudit(trx, {
      organizationId: entry.organizationId,
      userId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: done.entityId,
      ...(done.before === undefined ? {} : { before: done.before }),
      ...(done.after === undefined ? {} : { after: done.after }),
    });
    return done.result;
  });
}

/**
 * Deletes one row of an organization from `table`, with the deleted row in
 * its audit entry; false when there was none.
 */
export async function deleteAuditedRow(
  db: Kysely<Database>,
  table: 'interview_plans' | 'interviews' | 'kpis' | 'problems',
  entity: string,
  scope: { organizationId: string; id: string; actorId: string | null },
): Promise<boolean> {
  const { organizationId, id, actorId } = scope;
  const deleted = await withAudit(
    db,
    { organizationId, actorId, action: 'delete', entity },
    async (trx) => {
      const row = await trx
        .deleteFrom(table)
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? { result: true, entityId: id, before: row } : undefined;
    },
  );
  return deleted ?? false;
}
