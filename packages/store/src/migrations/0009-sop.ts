import { type Kysely, sql } from 'kysely';

/**
 * Step 3 of the method, the SOP manual (标准作业程序): what people write for
 * each step of a version — instructions, script templates, exception
 * handling. The rest of the manual (owner, trigger, inputs and outputs,
 * deadline) comes from the model itself.
 */
const STATEMENTS = [
  `create table sop_entries (
    organization_id uuid not null references organizations on delete cascade,
    version_id uuid not null references process_model_versions on delete cascade,
    step_id text not null,
    instructions text not null default '',
    script text not null default '',
    exceptions text not null default '',
    updated_by uuid references users on delete set null,
    updated_at timestamptz not null default now(),
    primary key (version_id, step_id)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
