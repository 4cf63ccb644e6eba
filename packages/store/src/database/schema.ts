import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { PHASES, ROLES } from '../migrations/0001-initial.ts';

export type Role = (typeof ROLES)[number];
export type Phase = (typeof PHASES)[number];

/** A `timestamptz` column: read as a Date, written as a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A `jsonb` column: any JSON value, written as text by both drivers. */
type Json<T> = ColumnType<T, string, string>;

export interface OrganizationTable {
  id: Generated<string>;
  name: string;
  slug: string;
  demo: Generated<boolean>;
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  locale: Generated<string>;
  created_at: CreatedAt;
  disabled_at: Timestamp | null;
}

export interface MembershipTable {
  organization_id: string;
  user_id: string;
  role: Role;
  department: string | null;
  created_at: CreatedAt;
}

export interface TeamTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  region: string | null;
  manager_user_id: string | null;
  created_at: CreatedAt;
}

export interface TeamMemberTable {
  team_id: string;
  user_id: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a stolen database does not give sessions away. */
  id: string;
  user_id: string;
  organization_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface SignInFailureTable {
  email: string;
  at: CreatedAt;
}

export interface InvitationTable {
  id: Generated<string>;
  organization_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
}

export interface ProjectTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  description: Generated<string>;
  phase: Generated<Phase>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ProjectOwnerTable {
  project_id: string;
  user_id: string;
}

export interface DatasetTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string | null;
  name: string;
  source_file: string;
  format: string;
  mapping: Json<Record<string, unknown>>;
  calendar: Json<Record<string, unknown> | null> | null;
  import_report: Json<Record<string, unknown>>;
  event_count: number;
  case_count: number;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface DatasetEventTable {
  dataset_id: string;
  seq: number;
  case_id: string;
  activity: string;
  at_ms: number;
  resource: string | null;
  start_ms: number | null;
}

export interface DatasetCaseTable {
  dataset_id: string;
  case_id: string;
  attributes: Json<Record<string, string>>;
}

export interface ProcessModelTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string | null;
  name: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export type VersionKind = 'as-is' | 'to-be' | 'other';

export interface ProcessModelVersionTable {
  id: Generated<string>;
  model_id: string;
  number: number;
  label: string;
  kind: VersionKind;
  parent_version_id: string | null;
  document: Json<unknown>;
  /** Raised by every save; a save that names an older revision is a conflict. */
  revision: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  organization_id: string | null;
  user_id: string | null;
  at: CreatedAt;
  action: string;
  entity: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobTable {
  id: Generated<string>;
  organization_id: string;
  kind: string;
  status: Generated<JobStatus>;
  progress: Generated<number>;
  result: Json<unknown> | null;
  error: Json<unknown> | null;
  created_by: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  /** Written while the job runs, so other processes can tell a live job from one whose process died. */
  heartbeat_at: Timestamp | null;
  finished_at: Timestamp | null;
}

/** Whom an interview plan is for: the method's roles, or one named in `title`. */
export type InterviewRole =
  | 'sales_manager'
  | 'sales_rep'
  | 'after_sales'
  | 'finance'
  | 'legal'
  | 'custom';

export interface InterviewPlanTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string;
  role: InterviewRole;
  title: string;
  questions: Json<string[]>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

/** One answer of an interview, tagged with the process steps it is about (by name). */
export interface InterviewAnswer {
  question: string;
  answer: string;
  steps: string[];
}

export interface InterviewTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string;
  plan_id: string | null;
  interviewee: string;
  role: string;
  /** The day it was held, `YYYY-MM-DD`. */
  held_on: ColumnType<string, string, string>;
  answers: Json<InterviewAnswer[]>;
  notes: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type MaterialKind = 'sop' | 'follow-up-sheet' | 'crm-manual' | 'retrospective' | 'other';

export interface MaterialTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string;
  title: string;
  kind: MaterialKind;
  /** A link, or else a file kept here (`content`): one of the two. */
  link: string | null;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  content: Uint8Array | null;
  /** The process steps it documents, by name. */
  steps: Json<string[]>;
  is_key_node: Generated<boolean>;
  is_exception_record: Generated<boolean>;
  notes: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export type ScoringRoundStatus = 'open' | 'closed';

export interface ScoringRoundTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string | null;
  version_id: string;
  title: string;
  status: Generated<ScoringRoundStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface ScoringRaterTable {
  round_id: string;
  user_id: string;
  invited_by: string | null;
  invited_at: CreatedAt;
}

export interface ScoringScoreTable {
  round_id: string;
  rater_id: string;
  step_id: string;
  dimension: 'efficiency' | 'effectiveness' | 'compliance' | 'customer-experience';
  score: number;
  updated_at: Generated<Date>;
}

export interface ScoringCommentTable {
  round_id: string;
  rater_id: string;
  step_id: string;
  comment: string;
  updated_at: Generated<Date>;
}

export type ProblemType =
  | 'low-efficiency'
  | 'broken-hand-off'
  | 'poor-experience'
  | 'non-compliance'
  | 'redundancy'
  | 'other';
export type RootCause = 'process-design' | 'resource-support' | 'management-mechanism';
export type ProblemStatus = 'open' | 'in-progress' | 'resolved' | 'wont-fix';
export type ProblemSource = 'detector' | 'score' | 'manual';

/** An interview answer a problem rests on: the interview and the answer's place in it. */
export interface InterviewLink {
  interviewId: string;
  answerIndex: number;
}

export interface ProblemTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string;
  source: ProblemSource;
  /** For a detector's finding: detector, steps and segment, so the same finding is not added twice. */
  finding_key: string | null;
  title: string;
  description: Generated<string>;
  steps: Json<string[]>;
  type: ProblemType;
  root_cause: RootCause | null;
  severity: number;
  owner_id: string | null;
  status: Generated<ProblemStatus>;
  evidence: Json<Record<string, unknown>>;
  interview_links: Json<InterviewLink[]>;
  cases_affected: number | null;
  waiting_ms: number | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface KpiTable {
  id: Generated<string>;
  organization_id: string;
  project_id: string;
  name: string;
  /** The engine's KpiMeasure, as JSON. */
  measure: Json<Record<string, unknown>>;
  target: number | null;
  direction: 'higher-is-better' | 'lower-is-better';
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface VersionChangeTable {
  id: Generated<string>;
  organization_id: string;
  version_id: string;
  /** The revision the change made. */
  revision: number;
  commands: Json<Record<string, unknown>[]>;
  reason: Generated<string>;
  problem_ids: Json<string[]>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface SopEntryTable {
  organization_id: string;
  version_id: string;
  step_id: string;
  instructions: Generated<string>;
  script: Generated<string>;
  exceptions: Generated<string>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  memberships: MembershipTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  sessions: SessionTable;
  sign_in_failures: SignInFailureTable;
  invitations: InvitationTable;
  projects: ProjectTable;
  project_owners: ProjectOwnerTable;
  datasets: DatasetTable;
  dataset_events: DatasetEventTable;
  dataset_cases: DatasetCaseTable;
  process_models: ProcessModelTable;
  process_model_versions: ProcessModelVersionTable;
  audit_log: AuditLogTable;
  jobs: JobTable;
  interview_plans: InterviewPlanTable;
  interviews: InterviewTable;
  materials: MaterialTable;
  scoring_rounds: ScoringRoundTable;
  scoring_raters: ScoringRaterTable;
  scoring_scores: ScoringScoreTable;
  scoring_comments: ScoringCommentTable;
  problems: ProblemTable;
  kpis: KpiTable;
  version_changes: VersionChangeTable;
  sop_entries: SopEntryTable;
}

export type Organization = Selectable<OrganizationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Project = Selectable<ProjectTable>;
export type Dataset = Selectable<DatasetTable>;
export type ProcessModelRow = Selectable<ProcessModelTable>;
export type ProcessModelVersion = Selectable<ProcessModelVersionTable>;
export type Job = Selectable<JobTable>;
export type InterviewPlan = Selectable<InterviewPlanTable>;
export type Interview = Selectable<InterviewTable>;
export type Material = Selectable<MaterialTable>;
export type ScoringRound = Selectable<ScoringRoundTable>;
export type Problem = Selectable<ProblemTable>;
export type Kpi = Selectable<KpiTable>;
export type VersionChange = Selectable<VersionChangeTable>;
