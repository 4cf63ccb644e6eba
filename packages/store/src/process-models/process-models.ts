import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction } from '../database/in-transaction.ts';
import type {
  Database,
  ProcessModelRow,
  ProcessModelVersion,
  VersionChange,
  VersionKind,
} from '../database/schema.ts';

/** A save that named a revision older than the stored one: someone else saved first. */
export class VersionConflictError extends Error {
  readonly currentRevision: number;
  constructor(currentRevision: number) {
    super(
      `the version was changed by someone else (now at revision ${currentRevision}); reload it and apply your change again`,
    );
    this.currentRevision = currentRevision;
  }
}

export interface ModelWithVersions extends ProcessModelRow {
  versions: Omit<ProcessModelVersion, 'document'>[];
}

/** Creates a process model with its first version (usually the as-is). */
export async function createProcessModel(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    projectId?: string | null;
    name: string;
    document: unknown;
    label?: string;
    kind?: VersionKind;
  },
  actorId: string | null,
): Promise<{ model: ProcessModelRow; version: ProcessModelVersion }> {
  return inTransaction(db, async (trx) => {
    const model = await trx
      .insertInto('process_models')
      .values({
        organization_id: input.organizationId,
        project_id: input.projectId ?? null,
        name: input.name,
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto('process_model_versions')
      .values({
        model_id: model.id,
        number: 1,
        label: input.label ?? 'as-is',
        kind: input.kind ?? 'as-is',
        parent_version_id: null,
        document: JSON.stringify(input.document),
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      userId: actorId,
      action: 'create',
      entity: 'process-model',
      entityId: model.id,
      after: { name: model.name, version: version.id },
    });
    return { model, version };
  });
}

export async function listProcessModels(
  db: Kysely<Database>,
  organizationId: string,
): Promise<ModelWithVersions[]> {
  const models = await db
    .selectFrom('process_models')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .execute();
  if (models.length === 0) return [];
  const versions = await db
    .selectFrom('process_model_versions')
    .select([
      'id',
      'model_id',
      'number',
      'label',
      'kind',
      'parent_version_id',
      'revision',
      'created_by',
      'created_at',
      'updated_at',
    ])
    .where(
      'model_id',
      'in',
      models.map((model) => model.id),
    )
    .orderBy('number')
    .execute();
  return models.map((model) => ({
    ...model,
    versions: versions.filter((version) => version.model_id === model.id),
  }));
}

/** A version of one of the organization's models, with its document. */
export function findVersion(
  db: Kysely<Database>,
  organizationId: string,
  versionId: string,
): Promise<ProcessModelVersion | undefined> {
  return db
    .selectFrom('process_model_versions')
    .innerJoin('process_models', 'process_models.id', 'process_model_versions.model_id')
    .selectAll('process_model_versions')
    .where('process_models.organization_id', '=', organizationId)
    .where('process_model_versions.id', '=', versionId)
    .executeTakeFirst();
}

/**
 * Saves a version's document if it is still at `expectedRevision`
 * (optimistic locking): of two people editing one version, the second save
 * gets a `VersionConflictError` instead of overwriting the first.
 */
export async function saveVersion(
  db: Kysely<Database>,
  organizationId: string,
  versionId: string,
  input: {
    document: unknown;
    expectedRevision: number;
    /** The edit that made this document, for the version's change log. */
    change?: { commands: unknown[]; reason: string; problemIds: string[] };
  },
  actorId: string | null,
): Promise<ProcessModelVersion | undefined> {
  return inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('process_model_versions')
      .innerJoin('process_models', 'process_models.id', 'process_model_versions.model_id')
      .selectAll('process_model_versions')
      .where('process_models.organization_id', '=', organizationId)
      .where('process_model_versions.id', '=', versionId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return undefined;
    if (before.revision !== input.expectedRevision) throw new VersionConflictError(before.revision);
    const after = await trx
      .updateTable('process_model_versions')
      .set({
        document: JSON.stringify(input.document),
        revision: before.revision + 1,
        updated_at: new Date(),
      })
      .where('id', '=', versionId)
      .where('revision', '=', input.expectedRevision)
      .returningAll()
      .executeTakeFirst();
    if (!after) throw new VersionConflictError(before.revision + 1);
    if (input.change)
      await trx
        .insertInto('version_changes')
        .values({
          organization_id: organizationId,
          version_id: versionId,
          revision: after.revision,
          commands: JSON.stringify(input.change.commands),
          reason: input.change.reason,
          problem_ids: JSON.stringify(input.change.problemIds),
          created_by: actorId,
        })
        .execute();
    await recordAudit(trx, {
      organizationId,
      userId: actorId,
      action: 'update',
      entity: 'model-version',
      entityId: versionId,
      before: before.document,
      after: after.document,
    });
    return after;
  });
}

/** Adds a version derived from another one of the same model (a to-be from the as-is). */
export async function createVersion(
  db: Kysely<Database>,
  organizationId: string,
  input: { parentVersionId: string; document: unknown; label: string; kind: VersionKind },
  actorId: string | null,
): Promise<ProcessModelVersion | undefined> {
  return inTransaction(db, async (trx) => {
    const parent = await trx
      .selectFrom('process_model_versions')
      .innerJoin('process_models', 'process_models.id', 'process_model_versions.model_id')
      .select(['process_model_versions.model_id'])
      .where('process_models.organization_id', '=', organizationId)
      .where('process_model_versions.id', '=', input.parentVersionId)
      .executeTakeFirst();
    if (!parent) return undefined;
    // Lock the model so that two new versions do not take one number.
    await trx
      .selectFrom('process_models')
      .select('id')
      .where('id', '=', parent.model_id)
      .forUpdate()
      .execute();
    const last = await trx
      .selectFrom('process_model_versions')
      .select((eb) => eb.fn.max<number>('number').as('number'))
      .where('model_id', '=', parent.model_id)
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto('process_model_versions')
      .values({
        model_id: parent.model_id,
        number: Number(last.number) + 1,
        label: input.label,
        kind: input.kind,
        parent_version_id: input.parentVersionId,
        document: JSON.stringify(input.document),
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId,
      userId: actorId,
      action: 'create',
      entity: 'model-version',
      entityId: version.id,
      after: {
        model: parent.model_id,
        number: version.number,
        label: version.label,
        parent: input.parentVersionId,
      },
    });
    return version;
  });
}

/** Deletes a model with all its versions; false when the organization has no such model. */
export async function deleteProcessModel(
  db: Kysely<Database>,
  organizationId: string,
  modelId: string,
  actorId: string | null,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const deleted = await trx
      .deleteFrom('process_models')
      .where('organization_id', '=', organizationId)
      .where('id', '=', modelId)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!deleted) return false;
    await recordAudit(trx, {
      organizationId,
      userId: actorId,
      action: 'delete',
      entity: 'process-model',
      entityId: modelId,
      before: { name: deleted.name },
    });
    return true;
  });
}

/** A version's change log, oldest first. */
export function listVersionChanges(
  db: Kysely<Database>,
  organizationId: string,
  versionId: string,
): Promise<VersionChange[]> {
  return db
    .selectFrom('version_changes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('version_id', '=', versionId)
    .orderBy('revision')
    .execute();
}
