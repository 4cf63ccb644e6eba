import { type Kysely, sql } from 'kysely';

/** The roles a member of an organization can have (PRODUCT.md's glossary). */
export const ROLES = [
  'admin',
  'process_owner',
  'manager',
  'sales_rep',
  'supporting',
  'viewer',
] as const;

/** An optimization project's phase: the method's five steps. */
export const PHASES = ['survey', 'diagnose', 'design', 'pilot', 'rollout'] as const;

const list = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/**
 * The first schema. Statements run one by one: PGlite's extended protocol
 * takes one statement per query. Times are `timestamptz`, except event
 * times, which are epoch milliseconds (`bigint`) exactly as the engine keeps
 * them, so a dataset reads back into the same event log it was imported from.
 */
const STATEMENTS = [
  `create table organizations (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    slug text not null unique,
    demo boolean not null default false,
    created_at timestamptz not null default now()
  )`,
  `create table users (
    id uuid primary key default gen_random_uuid(),
    email text not null,
    name text not null,
    password_hash text not null,
    locale text not null default 'zh-CN',
    created_at timestamptz not null default now(),
    disabled_at timestamptz
  )`,
  'create unique index users_email on users (lower(email))',
  `create table memberships (
    organization_id uuid not null references organizations on delete cascade,
    user_id uuid not null references users on delete cascade,
    role text not null check (role in (${list(ROLES)})),
    department text,
    created_at timestamptz not null default now(),
    primary key (organization_id, user_id)
  )`,
  'create index memberships_user on memberships (user_id)',
  `create table teams (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    name text not null,
    region text,
    manager_user_id uuid references users on delete set null,
    created_at timestamptz not null default now(),
    unique (organization_id, name)
  )`,
  `create table team_members (
    team_id uuid not null references teams on delete cascade,
    user_id uuid not null references users on delete cascade,
    primary key (team_id, user_id)
  )`,
  `create table sessions (
    id text primary key,
    user_id uuid not null references users on delete cascade,
    organization_id uuid not null references organizations on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`,
  'create index sessions_user on sessions (user_id)',
  // Expired sessions are deleted as new ones begin (session-routes.ts).
  'create index sessions_expires_at on sessions (expires_at)',
  `create table sign_in_failures (
    email text not null,
    at timestamptz not null default now()
  )`,
  'create index sign_in_failures_email_at on sign_in_failures (email, at)',
  `create table invitations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    email text not null,
    role text not null check (role in (${list(ROLES)})),
    token_hash text not null unique,
    invited_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    accepted_at timestamptz
  )`,
  `create table projects (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    name text not null,
    description text not null default '',
    phase text not null default 'survey' check (phase in (${list(PHASES)})),
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  'create index projects_organization on projects (organization_id)',
  `create table project_owners (
    project_id uuid not null references projects on delete cascade,
    user_id uuid not null references users on delete cascade,
    primary key (project_id, user_id)
  )`,
  `create table datasets (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid references projects on delete set null,
    name text not null,
    source_file text not null,
    format text not null,
    mapping jsonb not null,
    calendar jsonb,
    import_report jsonb not null,
    event_count integer not null,
    case_count integer not null,
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now()
  )`,
  'create index datasets_organization on datasets (organization_id)',
  `create table dataset_events (
    dataset_id uuid not null references datasets on delete cascade,
    seq integer not null,
    case_id text not null,
    activity text not null,
    at_ms bigint not null,
    resource text,
    start_ms bigint,
    primary key (dataset_id, seq)
  )`,
  `create table dataset_cases (
    dataset_id uuid not null references datasets on delete cascade,
    case_id text not null,
    attributes jsonb not null,
    primary key (dataset_id, case_id)
  )`,
  `create table process_models (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid references projects on delete set null,
    name text not null,
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now()
  )`,
  'create index process_models_organization on process_models (organization_id)',
  `create table process_model_versions (
    id uuid primary key default gen_random_uuid(),
    model_id uuid not null references process_models on delete cascade,
    number integer not null,
    label text not null,
    kind text not null check (kind in ('as-is', 'to-be', 'other')),
    parent_version_id uuid references process_model_versions on delete set null,
    document jsonb not null,
    revision integer not null default 1,
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (model_id, number)
  )`,
  `create table audit_log (
    id bigint generated always as identity primary key,
    organization_id uuid references organizations on delete cascade,
    user_id uuid references users on delete set null,
    at timestamptz not null default now(),
    action text not null,
    entity text not null,
    entity_id text not null,
    before jsonb,
    after jsonb
  )`,
  'create index audit_log_organization_at on audit_log (organization_id, at desc)',
  `create table jobs (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    kind text not null,
    status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
    progress real not null default 0,
    result jsonb,
    error jsonb,
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    started_at timestamptz,
    heartbeat_at timestamptz,
    finished_at timestamptz
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
