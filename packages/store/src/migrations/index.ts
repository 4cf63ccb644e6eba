import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.ts';
import * as datasetRowsWithoutForeignKeys from './0002-dataset-rows-without-foreign-keys.ts';
import * as interviews from './0003-interviews.ts';
import * as materials from './0004-materials.ts';
import * as scoring from './0005-scoring.ts';
import * as problems from './0006-problems.ts';
import * as kpis from './0007-kpis.ts';
import * as versionChanges from './0008-version-changes.ts';
import * as sop from './0009-sop.ts';

/**
 * Every migration, in order. Forward-only: a migration is never edited once
 * released, and there are no `down` steps; a change is a new migration.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-dataset-rows-without-foreign-keys': datasetRowsWithoutForeignKeys,
  '0003-interviews': interviews,
  '0004-materials': materials,
  '0005-scoring': scoring,
  '0006-problems': problems,
  '0007-kpis': kpis,
  '0008-version-changes': versionChanges,
  '0009-sop': sop,
};

/** Kysely's provider over the list above (or a prefix of it, for tests). */
export function migrationProvider(
  migrations: Record<string, Migration> = MIGRATIONS,
): MigrationProvider {
  return { getMigrations: async () => migrations };
}
