import type { Kysely } from 'kysely';
import type { Database, Material, MaterialKind } from '../database/schema.ts';
import { withAudit } from './with-audit.ts';

/** A material as listed: everything but the file's bytes. */
export type MaterialEntry = Omit<Material, 'content'>;

export interface MaterialInput {
  title: string;
  kind: MaterialKind;
  steps: string[];
  isKeyNode: boolean;
  isExceptionRecord: boolean;
  notes: string;
}

export type MaterialSource =
  | { link: string }
  | { file: { name: string; contentType: string; content: Uint8Array } };

const LISTED = [
  'id',
  'organization_id',
  'project_id',
  'title',
  'kind',
  'link',
  'file_name',
  'content_type',
  'size',
  'steps',
  'is_key_node',
  'is_exception_record',
  'notes',
  'created_by',
  'created_at',
  'updated_at',
] as const;

const columns = (input: MaterialInput) => ({
  title: input.title,
  kind: input.kind,
  steps: JSON.stringify(input.steps),
  is_key_node: input.isKeyNode,
  is_exception_record: input.isExceptionRecord,
  notes: input.notes,
});

export function listMaterials(
  db: Kysely<Database>,
  organizationId: string,
  projectId: string,
): Promise<MaterialEntry[]> {
  return db
    .selectFrom('materials')
    .select(LISTED)
    .where('organization_id', '=', organizationId)
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A material's file, or undefined (no such material, or it is a link). */
export async function findMaterialFile(
  db: Kysely<Database>,
  organizationId: string,
  materialId: string,
): Promise<{ name: string; contentType: string; content: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('materials')
    .select(['file_name', 'content_type', 'content'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', materialId)
    .executeTakeFirst();
  if (!row?.content || !row.file_name || !row.content_type) return undefined;
  return { name: row.file_name, contentType: row.content_type, content: row.content };
}

export function createMaterial(
  db: Kysely<Database>,
  scope: { organizationId: string; projectId: string },
  input: MaterialInput,
  source: MaterialSource,
  actorId: string | null,
): Promise<MaterialEntry> {
  const created = withAudit(
    db,
    { organizationId: scope.organizationId, actorId, action: 'create', entity: 'material' },
    async (trx) => {
      const material = await trx
        .insertInto('materials')
        .values({
          organization_id: scope.organizationId,
          project_id: scope.projectId,
          created_by: actorId,
          ...columns(input),
          ...('link' in source
            ? { link: source.link, file_name: null, content_type: null, size: null, content: null }
            : {
                link: null,
                file_name: source.file.name,
                content_type: source.file.contentType,
                size: source.file.content.byteLength,
                content: source.file.content,
              }),
        })
        .returning(LISTED)
        .executeTakeFirstOrThrow();
      return {
        result: material,
        entityId: material.id,
        after: {
          ...input,
          ...('link' in source
            ? { link: source.link }
            : { file: source.file.name, size: source.file.content.byteLength }),
        },
      };
    },
  );
  return created as Promise<MaterialEntry>;
}

/** Changes a material's description (not its file or link); undefined when there is none. */
export function updateMaterial(
  db: Kysely<Database>,
  organizationId: string,
  materialId: string,
  input: MaterialInput,
  actorId: string | null,
): Promise<MaterialEntry | undefined> {
  return withAudit(
    db,
    { organizationId, actorId, action: 'update', entity: 'material' },
    async (trx) => {
      const before = await trx
        .selectFrom('materials')
        .select(LISTED)
        .where('organization_id', '=', organizationId)
        .where('id', '=', materialId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) return undefined;
      const material = await trx
        .updateTable('materials')
        .set({ ...columns(input), updated_at: new Date() })
        .where('id', '=', materialId)
        .returning(LISTED)
        .executeTakeFirstOrThrow();
      return {
        result: material,
        entityId: materialId,
        before: {
          title: before.title,
          kind: before.kind,
          steps: before.steps,
          isKeyNode: before.is_key_node,
          isExceptionRecord: before.is_exception_record,
          notes: before.notes,
        },
        after: input,
      };
    },
  );
}

export async function deleteMaterial(
  db: Kysely<Database>,
  organizationId: string,
  materialId: string,
  actorId: string | null,
): Promise<boolean> {
  const deleted = await withAudit(
    db,
    { organizationId, actorId, action: 'delete', entity: 'material' },
    async (trx) => {
      // Not the file's bytes: the audit entry says what was deleted, not all of it.
      const row = await trx
        .deleteFrom('materials')
        .where('organization_id', '=', organizationId)
        .where('id', '=', materialId)
        .returning(['title', 'kind', 'link', 'file_name'])
        .executeTakeFirst();
      return row ? { result: true, entityId: materialId, before: row } : undefined;
    },
  );
  return deleted ?? false;
}
