import { type Kysely, sql } from 'kysely';

/**
 * Step 1 of the method: interview plans (the questions for one role in a
 * project) and interview records (who was interviewed, when, and their
 * answers, each tagged with the process steps it is about). The day an
 * interview was held is text (`YYYY-MM-DD`): a calendar day, which a `date`
 * column would hand to JavaScript as a midnight in the server's time zone.
 */
const STATEMENTS = [
  `create table interview_plans (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid not null references projects on delete cascade,
    role text not null check (role in ('sales_manager', 'sales_rep', 'after_sales', 'finance', 'legal', 'custom')),
    title text not null,
    questions jsonb not null,
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  'create index interview_plans_project on interview_plans (organization_id, project_id)',
  `create table interviews (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid not null references projects on delete cascade,
    plan_id uuid references interview_plans on delete set null,
    interviewee text not null,
    role text not null,
    held_on text not null check (held_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    answers jsonb not null,
    notes text not null default '',
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  'create index interviews_project on interviews (organization_id, project_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
