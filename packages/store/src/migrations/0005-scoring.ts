import { type Kysely, sql } from 'kysely';

/**
 * Step 2 of the method, scoring (评分): a round scores the steps of one
 * process model version; its raters are members of the organization,
 * invited by name; each rater's score of a step on one of the four
 * dimensions is a whole number 1–5 (the check keeps anything else out even
 * if the API let it through), one per round, rater, step and dimension. A
 * rater's comment is one per step, as the sheet has one comment column.
 * Steps are named by their id in the version's document, not by a foreign
 * key: a step lives inside the document's JSON.
 */
const STATEMENTS = [
  `create table scoring_rounds (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references organizations on delete cascade,
    project_id uuid references projects on delete cascade,
    version_id uuid not null references process_model_versions on delete cascade,
    title text not null,
    status text not null default 'open' check (status in ('open', 'closed')),
    created_by uuid references users on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  'create index scoring_rounds_project on scoring_rounds (organization_id, project_id)',
  'create index scoring_rounds_version on scoring_rounds (version_id)',
  `create table scoring_raters (
    round_id uuid not null references scoring_rounds on delete cascade,
    user_id uuid not null references users on delete cascade,
    invited_by uuid references users on delete set null,
    invited_at timestamptz not null default now(),
    primary key (round_id, user_id)
  )`,
  'create index scoring_raters_user on scoring_raters (user_id)',
  `create table scoring_scores (
    round_id uuid not null,
    rater_id uuid not null,
    step_id text not null,
    dimension text not null check (dimension in ('efficiency', 'effectiveness', 'compliance', 'customer-experience')),
    score smallint not null check (score between 1 and 5),
    updated_at timestamptz not null default now(),
    primary key (round_id, rater_id, step_id, dimension),
    foreign key (round_id, rater_id) references scoring_raters (round_id, user_id) on delete cascade
  )`,
  `create table scoring_comments (
    round_id uuid not null,
    rater_id uuid not null,
    step_id text not null,
    comment text not null check (comment <> ''),
    updated_at timestamptz not null default now(),
    primary key (round_id, rater_id, step_id),
    foreign key (round_id, rater_id) references scoring_raters (round_id, user_id) on delete cascade
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}
