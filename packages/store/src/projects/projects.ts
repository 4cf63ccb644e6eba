import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction } from '../database/in-transaction.ts';
import type { Database, Phase, Project } from '../database/schema.ts';

export interface ProjectWithOwners extends Project {
  owners: string[];
}

export async function createProject(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    name: string;
    description?: string;
    phase?: Phase;
    ownerUserIds?: string[];
  },
  actorId: string | null,
): Promise<ProjectWithOwners> {
  return inTransaction(db, async (trx) => {
    const project = await trx
      .insertInto('projects')
      .values({
        organization_id: input.organizationId,
        name: input.name,
        description: input.description ?? '',
        phase: input.phase ?? 'survey',
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const owners = input.ownerUserIds ?? (actorId ? [actorId] : []);
    if (owners.length > 0) {
      await trx
        .insertInto('project_owners')
        .values(owners.map((userId) => ({ project_id: project.id, user_id: userId })))
        .execute();
    }
    await recordAudit(trx, {
      organizationId: input.organizationId,
      userId: actorId,
      action: 'create',
      entity: 'project',
      entityId: project.id,
      after: { name: project.name, phase: project.phase, owners },
    });
    return { ...project, owners };
  });
}

export async function listProjects(
  db: Kysely<Database>,
  organizationId: string,
): Promise<ProjectWithOwners[]> {
  const projects = await db
    .selectFrom('projects')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .execute();
  return withOwners(db, projects);
}

export async function findProject(
  db: Kysely<Database>,
  organizationId: string,
  projectId: string,
): Promise<ProjectWithOwners | undefined> {
  const project = await db
    .selectFrom('projects')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', projectId)
    .executeTakeFirst();
  return project ? (await withOwners(db, [project]))[0] : undefined;
}

/** Changes name, description or phase; returns the project as it is now, or undefined if not found. */
export async function updateProject(
  db: Kysely<Database>,
  organizationId: string,
  projectId: string,
  changes: { name?: string; description?: string; phase?: Phase },
  actorId: string | null,
): Promise<ProjectWithOwners | undefined> {
  const updated = await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('projects')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', projectId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) return undefined;
    // Named one by one: `changes` may be a request body with more in it.
    const after = await trx
      .updateTable('projects')
      .set({
        name: changes.name,
        description: changes.description,
        phase: changes.phase,
        updated_at: new Date(),
      })
      .where('id', '=', projectId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId,
      userId: actorId,
      action: 'update',
      entity: 'project',
      entityId: projectId,
      before: { name: before.name, description: before.description, phase: before.phase },
      after: { name: after.name, description: after.description, phase: after.phase },
    });
    return after;
  });
  return updated ? (await withOwners(db, [updated]))[0] : undefined;
}

async function withOwners(db: Kysely<Database>, projects: Project[]): Promise<ProjectWithOwners[]> {
  if (projects.length === 0) return [];
  const owners = await db
    .selectFrom('project_owners')
    .select(['project_id', 'user_id'])
    .where(
      'project_id',
      'in',
      projects.map((project) => project.id),
    )
    .execute();
  return projects.map((project) => ({
    ...project,
    owners: owners.filter((owner) => owner.project_id === project.id).map((owner) => owner.user_id),
  }));
}
