import { type Kysely, sql } from 'kysely';

/**
 * Step 2 of the method, the problem register (问题清单): problems found by
 * the detectors, from low scores or entered by hand, each with its type, its
 * root-cause category (process design, resource support, management
 * mechanism), severity, owner and status, and linked evidence (the finding's
 * figures, the dataset and version it came from) and interview answers. A
 * problem from a detector keeps the finding's key, so adding the same finding
 * twice is refused rather than duplicated.
 */
const STATEMENTS = [
  `create table problems (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid not null references projects on delete cascade,
    source text not null check (source in ('detector', 'score', 'manual')),
    finding_key text,
    title text not null check (title <> ''),
    description text not null default '',
    steps jsonb not null default '[]',
    type text not null check (type in ('low-efficiency', 'broken-hand-off', 'poor-experience', 'non-compliance', 'redundancy', 'other')),
    root_cause text check (root_cause in ('process-design', 'resource-support', 'management-mechanism')),
    severity smallint not null check (severity between 1 and 5),
    owner_id uuid references users on delete set null,
    status text not null default 'open' check (status in ('open', 'in-progress', 'resolved', 'wont-fix')),
    evidence jsonb not null default '{}',
    interview_links jsonb not null default '[]',
    cases_affected integer check (cases_affected >= 0),
    waiting_ms double precision check (waiting_ms >= 0),
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  'create index problems_project on problems (organization_id, project_id)',
  `create unique index problems_finding on problems (project_id, finding_key) where finding_key is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
