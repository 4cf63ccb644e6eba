import type { Kysely } from 'kysely';
import type {
  Database,
  Interview,
  InterviewAnswer,
  InterviewPlan,
  InterviewRole,
} from '../database/schema.ts';
import { deleteAuditedRow, withAudit } from './with-audit.ts';

export interface InterviewPlanInput {
  role: InterviewRole;
  title: string;
  questions: string[];
}

export interface InterviewInput {
  planId: string | null;
  interviewee: string;
  role: string;
  heldOn: string;
  answers: InterviewAnswer[];
  notes: string;
}

const planColumns = (input: InterviewPlanInput) => ({
  role: input.role,
  title: input.title,
  questions: JSON.stringify(input.questions),
});

const interviewColumns = (input: InterviewInput) => ({
  plan_id: input.planId,
  interviewee: input.interviewee,
  role: input.role,
  held_on: input.heldOn,
  answers: JSON.stringify(input.answers),
  notes: input.notes,
});

/** A project's interview plans, oldest first. */
export function listInterviewPlans(
  db: Kysely<Database>,
  organizationId: string,
  projectId: string,
): Promise<InterviewPlan[]> {
  return db
    .selectFrom('interview_plans')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function createInterviewPlan(
  db: Kysely<Database>,
  scope: { organizationId: string; projectId: string },
  input: InterviewPlanInput,
  actorId: string | null,
): Promise<InterviewPlan> {
  const created = withAudit(
    db,
    { organizationId: scope.organizationId, actorId, action: 'create', entity: 'interview-plan' },
    async (trx) => {
      const plan = await trx
        .insertInto('interview_plans')
        .values({
          organization_id: scope.organizationId,
          project_id: scope.projectId,
          created_by: actorId,
          ...planColumns(input),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { result: plan, entityId: plan.id, after: input };
    },
  );
  return created as Promise<InterviewPlan>;
}

/** Replaces a plan's role, title and questions; undefined when the organization has no such plan. */
export function updateInterviewPlan(
  db: Kysely<Database>,
  organizationId: string,
  planId: string,
  input: InterviewPlanInput,
  actorId: string | null,
): Promise<InterviewPlan | undefined> {
  return withAudit(
    db,
    { organizationId, actorId, action: 'update', entity: 'interview-plan' },
    async (trx) => {
      const before = await trx
        .selectFrom('interview_plans')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', '=', planId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) return undefined;
      const plan = await trx
        .updateTable('interview_plans')
        .set({ ...planColumns(input), updated_at: new Date() })
        .where('id', '=', planId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        result: plan,
        entityId: planId,
        before: { role: before.role, title: before.title, questions: before.questions },
        after: input,
      };
    },
  );
}

/** A project's interviews, most recent first. */
export function listInterviews(
  db: Kysely<Database>,
  organizationId: string,
  projectId: string,
): Promise<Interview[]> {
  return db
    .selectFrom('interviews')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('project_id', '=', projectId)
    .orderBy('held_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export function createInterview(
  db: Kysely<Database>,
  scope: { organizationId: string; projectId: string },
  input: InterviewInput,
  actorId: string | null,
): Promise<Interview> {
  const created = withAudit(
    db,
    { organizationId: scope.organizationId, actorId, action: 'create', entity: 'interview' },
    async (trx) => {
      const interview = await trx
        .insertInto('interviews')
        .values({
          organization_id: scope.organizationId,
          project_id: scope.projectId,
          created_by: actorId,
          ...interviewColumns(input),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { result: interview, entityId: interview.id, after: input };
    },
  );
  return created as Promise<Interview>;
}

export function updateInterview(
  db: Kysely<Database>,
  organizationId: string,
  interviewId: string,
  input: InterviewInput,
  actorId: string | null,
): Promise<Interview | undefined> {
  return withAudit(
    db,
    { organizationId, actorId, action: 'update', entity: 'interview' },
    async (trx) => {
      const before = await trx
        .selectFrom('interviews')
        .selectAll()
        .where('organization_id', '=', organizationId)
        .where('id', '=', interviewId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) return undefined;
      const interview = await trx
        .updateTable('interviews')
        .set({ ...interviewColumns(input), updated_at: new Date() })
        .where('id', '=', interviewId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        result: interview,
        entityId: interviewId,
        before: {
          planId: before.plan_id,
          interviewee: before.interviewee,
          role: before.role,
          heldOn: before.held_on,
          answers: before.answers,
          notes: before.notes,
        },
        after: input,
      };
    },
  );
}

/** Deletes an interview plan or an interview of the organization; false when there was none. */
export function deleteSurveyRecord(
  db: Kysely<Database>,
  table: 'interview_plans' | 'interviews',
  organizationId: string,
  id: string,
  actorId: string | null,
): Promise<boolean> {
  const entity = table === 'interviews' ? 'interview' : 'interview-plan';
  return deleteAuditedRow(db, table, entity, { organizationId, id, actorId });
}
