import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database/schema.ts';

export interface AuditEntry {
  organizationId: string | null;
  userId: string | null;
  /** What was done: `create`, `update`, `delete`, `import`, `sign-in`… */
  action: string;
  /** What it was done to: `project`, `dataset`, `model-version`… */
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Writes one audit entry; call it inside the transaction that makes the change, so both land or neither. */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  entry: AuditEntry,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      organization_id: entry.organizationId,
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditRecord {
  id: number;
  at: Date;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The organization's audit log, newest first. */
export async function listAudit(
  db: Kysely<Database>,
  organizationId: string,
  limit = 100,
): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    userId: row.user_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  }));
}
