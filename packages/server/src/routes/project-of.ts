import { type Database, findProject } from '@pipewise/store';
import type { Kysely } from 'kysely';
import { notFound } from '../app/http-errors.ts';

/** The organization's project `projectId`, or a 404: routes under a project start here. */
export async function projectOf(db: Kysely<Database>, organizationId: string, projectId: string) {
  const project = await findProject(db, organizationId, projectId);
  if (!project) throw notFound('project');
  return project;
}
