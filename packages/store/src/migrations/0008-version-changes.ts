import { type Kysely, sql } from 'kysely';

/**
 * Step 3 of the method, design: the change log of a version — each saved
 * edit (the model's commands), the revision it made, why it was made and the
 * problems of the register it addresses — so a to-be version says what
 * changed from the as-is and for which problem.
 */
const STATEMENTS = [
  `create table version_changes (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    version_id uuid not null references process_model_versions on delete cascade,
    revision integer not null,
    commands jsonb not null,
    reason text not null default '',
    problem_ids jsonb not null default '[]',
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now()
  )`,
  'create index version_changes_version on version_changes (version_id, revision)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
