import type { Kysely } from 'kysely';
import type { Database, Kpi } from '../database/schema.ts';
import { deleteAuditedRow, withAudit } from '../survey/with-audit.ts';

export interface KpiInput {
  name: string;
  measure: Record<string, unknown>;
  target: number | null;
  direction: 'higher-is-better' | 'lower-is-better';
}

const columns = (input: Partial<KpiInput>) => ({
  ...(input.name === undefined ? {} : { name: input.name }),
  ...(input.measure === undefined ? {} : { measure: JSON.stringify(input.measure) }),
  ...(input.target === undefined ? {} : { target: input.target }),
  ...(input.direction === undefined ? {} : { direction: input.direction }),
});

/** A project's KPIs, oldest first. */
export function listKpis(
  db: Kysely<Database>,
  organizationId: string,
  projectId: string,
): Promise<Kpi[]> {
  return db
    .selectFrom('kpis')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function createKpi(
  db: Kysely<Database>,
  scope: { organizationId: string; projectId: string },
  input: KpiInput,
  actorId: string | null,
): Promise<Kpi> {
  const created = await withAudit(
    db,
    { organizationId: scope.organizationId, actorId, action: 'create', entity: 'kpi' },
    async (trx) => {
      const row = await trx
        .insertInto('kpis')
        .values({
          organization_id: scope.organizationId,
          project_id: scope.projectId,
          created_by: actorId,
          ...(columns(input) as KpiInput & { measure: string }),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { result: row, entityId: row.id, after: input };
    },
  );
  return created!;
}

export function updateKpi(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  changes: Partial<KpiInput>,
  actorId: string | null,
): Promise<Kpi | undefined> {
  return withAudit(
    db,
    { organizationId, actorId, action: 'update', entity: 'kpi' },
    async (trx) => {
      const after = await trx
        .updateTable('kpis')
        .set({ ...columns(changes), updated_at: new Date() })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return after ? { result: after, entityId: id, after: changes } : undefined;
    },
  );
}

export function deleteKpi(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
  actorId: string | null,
): Promise<boolean> {
  return deleteAuditedRow(db, 'kpis', 'kpi', { organizationId, id, actorId });
}
