import { type Kysely, sql } from 'kysely';

/**
 * Step 3 of the method, design: the KPIs a project sets itself (process
 * adherence, customer response timeliness…), each a measure built from the
 * engine's blocks with a target and a direction. The measure is JSON, checked
 * by the API against the engine's shape before it is stored.
 */
const STATEMENTS = [
  `create table kpis (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid not null references projects on delete cascade,
    name text not null check (name <> ''),
    measure jsonb not null,
    target double precision,
    direction text not null check (direction in ('higher-is-better', 'lower-is-better')),
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  'create index kpis_project on kpis (organization_id, project_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
