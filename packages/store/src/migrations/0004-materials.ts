import { type Kysely, sql } from 'kysely';

/**
 * Step 1's materials register: the documents a survey collects (SOPs,
 * follow-up sheets, CRM manuals, project retrospectives), each either a file
 * kept in the database (small: the server limits its size) or a link, tagged
 * with the process steps it documents and marked as a key node or an
 * exception record.
 */
const STATEMENTS = [
  `create table materials (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid not null references projects on delete cascade,
    title text not null,
    kind text not null check (kind in ('sop', 'follow-up-sheet', 'crm-manual', 'retrospective', 'other')),
    link text,
    file_name text,
    content_type text,
    size integer,
    content bytea,
    steps jsonb not null default '[]',
    is_key_node boolean not null default false,
    is_exception_record boolean not null default false,
    notes text not null default '',
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((link is null) <> (content is null))
  )`,
  'create index materials_project on materials (organization_id, project_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
