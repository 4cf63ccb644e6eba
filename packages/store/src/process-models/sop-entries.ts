import type { Kysely } from 'kysely';
import type { Database } from '../database/schema.ts';
import { withAudit } from '../survey/with-audit.ts';

export interface SopEntryRow {
  stepId: string;
  instructions: string;
  script: string;
  exceptions: string;
  updatedAt: Date;
}

/** What people wrote for the steps of a version's SOP manual. */
export async function listSopEntries(
  db: Kysely<Database>,
  organizationId: string,
  versionId: string,
): Promise<SopEntryRow[]> {
  const rows = await db
    .selectFrom('sop_entries')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('version_id', '=', versionId)
    .orderBy('step_id')
    .execute();
  return rows.map((row) => ({
    stepId: row.step_id,
    instructions: row.instructions,
    script: row.script,
    exceptions: row.exceptions,
    updatedAt: row.updated_at,
  }));
}

/** Writes one step's SOP texts (replacing what was there), with its audit entry. */
export async function saveSopEntry(
  db: Kysely<Database>,
  scope: { organizationId: string; versionId: string; stepId: string },
  texts: { instructions: string; script: string; exceptions: string },
  actorId: string | null,
): Promise<void> {
  await withAudit(
    db,
    { organizationId: scope.organizationId, actorId, action: 'update', entity: 'sop-entry' },
    async (trx) => {
      await trx
        .insertInto('sop_entries')
        .values({
          organization_id: scope.organizationId,
          version_id: scope.versionId,
          step_id: scope.stepId,
          ...texts,
          updated_by: actorId,
        })
        .onConflict((conflict) =>
          conflict
            .columns(['version_id', 'step_id'])
            .doUpdateSet({ ...texts, updated_by: actorId, updated_at: new Date() }),
        )
        .execute();
      return {
        result: undefined,
        entityId: scope.versionId,
        after: { stepId: scope.stepId, ...texts },
      };
    },
  );
}
