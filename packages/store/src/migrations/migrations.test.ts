import { EventLogBuilder } from '@pipewise/engine';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openStore, type Store } from '../database/open-store.ts';
import type { Database } from '../database/schema.ts';
import { deleteDataset, importDataset, loadEventLog } from '../datasets/datasets.ts';
import { createOrganization } from '../tenancy/tenancy.ts';
import { createTestDatabase, type StoreTarget, storeTargets } from '../testing/test-stores.ts';
import { MIGRATIONS } from './index.ts';

/**
 * Every table of `Database` with every one of its columns: the compiler
 * checks this against schema.ts (a missing or unknown table or column does
 * not compile), the tests check it against what the migrations create.
 */
const SCHEMA: { [Table in keyof Database]: { [Column in keyof Database[Table]]: true } } = {
  organizations: { id: true, name: true, slug: true, demo: true, created_at: true },
  users: {
    id: true,
    email: true,
    name: true,
    password_hash: true,
    locale: true,
    created_at: true,
    disabled_at: true,
  },
  memberships: {
    organization_id: true,
    user_id: true,
    role: true,
    department: true,
    created_at: true,
  },
  teams: {
    id: true,
    organization_id: true,
    name: true,
    region: true,
    manager_user_id: true,
    created_at: true,
  },
  team_members: { team_id: true, user_id: true },
  sessions: {
    id: true,
    user_id: true,
    organization_id: true,
    csrf_token: true,
    created_at: true,
    last_seen_at: true,
    expires_at: true,
  },
  sign_in_failures: { email: true, at: true },
  invitations: {
    id: true,
    organization_id: true,
    email: true,
    role: true,
    token_hash: true,
    invited_by: true,
    created_at: true,
    expires_at: true,
    accepted_at: true,
  },
  projects: {
    id: true,
    organization_id: true,
    name: true,
    description: true,
    phase: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  project_owners: { project_id: true, user_id: true },
  datasets: {
    id: true,
    organization_id: true,
    project_id: true,
    name: true,
    source_file: true,
    format: true,
    mapping: true,
    calendar: true,
    import_report: true,
    event_count: true,
    case_count: true,
    created_by: true,
    created_at: true,
  },
  dataset_events: {
    dataset_id: true,
    seq: true,
    case_id: true,
    activity: true,
    at_ms: true,
    resource: true,
    start_ms: true,
  },
  dataset_cases: { dataset_id: true, case_id: true, attributes: true },
  process_models: {
    id: true,
    organization_id: true,
    project_id: true,
    name: true,
    created_by: true,
    created_at: true,
  },
  process_model_versions: {
    id: true,
    model_id: true,
    number: true,
    label: true,
    kind: true,
    parent_version_id: true,
    document: true,
    revision: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  audit_log: {
    id: true,
    organization_id: true,
    user_id: true,
    at: true,
    action: true,
    entity: true,
    entity_id: true,
    before: true,
    after: true,
  },
  jobs: {
    id: true,
    organization_id: true,
    kind: true,
    status: true,
    progress: true,
    result: true,
    error: true,
    created_by: true,
    created_at: true,
    started_at: true,
    heartbeat_at: true,
    finished_at: true,
  },
  interview_plans: {
    id: true,
    organization_id: true,
    project_id: true,
    role: true,
    title: true,
    questions: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  interviews: {
    id: true,
    organization_id: true,
    project_id: true,
    plan_id: true,
    interviewee: true,
    role: true,
    held_on: true,
    answers: true,
    notes: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  materials: {
    id: true,
    organization_id: true,
    project_id: true,
    title: true,
    kind: true,
    link: true,
    file_name: true,
    content_type: true,
    size: true,
    content: true,
    steps: true,
    is_key_node: true,
    is_exception_record: true,
    notes: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  scoring_rounds: {
    id: true,
    organization_id: true,
    project_id: true,
    version_id: true,
    title: true,
    status: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  scoring_raters: { round_id: true, user_id: true, invited_by: true, invited_at: true },
  scoring_scores: {
    round_id: true,
    rater_id: true,
    step_id: true,
    dimension: true,
    score: true,
    updated_at: true,
  },
  scoring_comments: {
    round_id: true,
    rater_id: true,
    step_id: true,
    comment: true,
    updated_at: true,
  },
  problems: {
    id: true,
    organization_id: true,
    project_id: true,
    source: true,
    finding_key: true,
    title: true,
    description: true,
    steps: true,
    type: true,
    root_cause: true,
    severity: true,
    owner_id: true,
    status: true,
    evidence: true,
    interview_links: true,
    cases_affected: true,
    waiting_ms: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
  sop_entries: {
    organization_id: true,
    version_id: true,
    step_id: true,
    instructions: true,
    script: true,
    exceptions: true,
    updated_by: true,
    updated_at: true,
  },
  version_changes: {
    id: true,
    organization_id: true,
    version_id: true,
    revision: true,
    commands: true,
    reason: true,
    problem_ids: true,
    created_by: true,
    created_at: true,
  },
  kpis: {
    id: true,
    organization_id: true,
    project_id: true,
    name: true,
    measure: true,
    target: true,
    direction: true,
    created_by: true,
    created_at: true,
    updated_at: true,
  },
};

/** Kysely's own bookkeeping, which the migrator creates beside ours. */
const MIGRATOR_TABLES = ['kysely_migration', 'kysely_migration_lock'];

const NAMES = Object.keys(MIGRATIONS);

/** An empty database on the target (not migrated), closed and dropped by `dispose`. */
async function openEmptyStore(
  target: StoreTarget,
): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (target === 'pglite') {
    const store = await openStore({ dataDir: 'memory://', migrate: false });
    return { store, dispose: () => store.close() };
  }
  const database = await createTestDatabase();
  const store = await openStore({ databaseUrl: database.url, migrate: false });
  return {
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/** The tables of the `public` schema with their columns, as information_schema lists them. */
async function readSchema(store: Store): Promise<Record<string, string[]>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'public' order by table_name, column_name`.execute(store.db);
  const tables: Record<string, string[]> = {};
  for (const row of rows) {
    tables[row.table_name] = [...(tables[row.table_name] ?? []), row.column_name];
  }
  return tables;
}

function expectedSchema(): Record<string, string[]> {
  const tables: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries(SCHEMA))
    tables[table] = Object.keys(columns).sort();
  return tables;
}

describe('the list of migrations', () => {
  it('is in the order the migrator applies it: names sort as they are listed', () => {
    expect(NAMES.length).toBeGreaterThan(0);
    expect([...NAMES].sort()).toEqual(NAMES);
    for (const name of NAMES) expect(name).toMatch(/^\d{4}-[a-z0-9-]+$/);
  });

  it('is forward-only: no migration has a down step', () => {
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      expect({ name, down: migration.down }).toEqual({ name, down: undefined });
    }
  });
});

describe.each(storeTargets())('migrations on %s', (target) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  async function emptyStore(): Promise<Store> {
    const opened = await openEmptyStore(target);
    dispose = opened.dispose;
    return opened.store;
  }

  it('create every table and column of the schema in an empty database, and nothing else', async () => {
    const store = await emptyStore();
    expect(await readSchema(store)).toEqual({});

    expect(await migrateToLatest(store.db)).toEqual(NAMES);

    const schema = await readSchema(store);
    for (const table of MIGRATOR_TABLES) delete schema[table];
    expect(schema).toEqual(expectedSchema());
  });

  it('apply nothing when the database is already at the latest version', async () => {
    const store = await emptyStore();
    await migrateToLatest(store.db);
    expect(await migrateToLatest(store.db)).toEqual([]);
  });

  it('bring a database at any earlier version to the latest one', async () => {
    for (let applied = 1; applied < NAMES.length + 1; applied++) {
      const store = await emptyStore();
      const prefix = Object.fromEntries(Object.entries(MIGRATIONS).slice(0, applied));
      expect(await migrateToLatest(store.db, prefix)).toEqual(NAMES.slice(0, applied));

      expect(await migrateToLatest(store.db)).toEqual(NAMES.slice(applied));
      const schema = await readSchema(store);
      for (const table of MIGRATOR_TABLES) delete schema[table];
      expect(schema, `from ${NAMES[applied - 1]}`).toEqual(expectedSchema());
      await dispose?.();
      dispose = undefined;
    }
  });

  it('0002 keeps the datasets stored before it, and deletes their rows with them from then on', async () => {
    const store = await emptyStore();
    await migrateToLatest(store.db, { '0001-initial': MIGRATIONS['0001-initial']! });
    const org = await createOrganization(store.db, { name: 'Before', slug: 'before' });
    const builder = new EventLogBuilder();
    builder.add('D1', 'Lead', Date.UTC(2024, 0, 1));
    builder.add('D1', 'Proposal', Date.UTC(2024, 0, 2));
    builder.setCaseAttribute('Team', 0, 'East');
    const dataset = await importDataset(
      store.db,
      {
        organizationId: org.id,
        name: 'deals',
        sourceFile: 'deals.csv',
        format: 'csv',
        mapping: {},
        importReport: {},
        createdBy: null,
      },
      builder.build(),
    );

    await migrateToLatest(store.db);
    expect((await loadEventLog(store.db, org.id, dataset.id))?.eventCount).toBe(2);

    await deleteDataset(store.db, org.id, dataset.id, null);
    const rows = await sql<{ events: number; cases: number }>`select
      (select count(*) from dataset_events)::integer as events,
      (select count(*) from dataset_cases)::integer as cases`.execute(store.db);
    expect(rows.rows).toEqual([{ events: 0, cases: 0 }]);
  });
});
