import { summarizeMentions } from '@pipewise/engine';
import {
  createInterview,
  createInterviewPlan,
  deleteSurveyRecord,
  type Interview,
  type InterviewPlan,
  listInterviewPlans,
  listInterviews,
  updateInterview,
  updateInterviewPlan,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE } from '../app/access.ts';
import { notFound } from '../app/http-errors.ts';
import { projectOf } from './project-of.ts';
import { IdParams } from './schemas.ts';

/** Who plans and records interviews: sales operations, and managers who interview their teams. */
const INTERVIEWERS = ['admin', 'process_owner', 'manager'] as const;

const Text = (max: number) => z.string().trim().min(1).max(max);

const PlanBody = z.object({
  role: z.enum(['sales_manager', 'sales_rep', 'after_sales', 'finance', 'legal', 'custom']),
  title: Text(200),
  questions: z.array(Text(2000)).min(1).max(50),
});

const InterviewBody = z.object({
  planId: z.string().uuid().nullable().default(null),
  interviewee: Text(200),
  role: Text(200),
  heldOn: z.iso.date().describe('the day it was held, YYYY-MM-DD'),
  answers: z
    .array(
      z.object({
        question: z.string().trim().max(2000),
        answer: z.string().max(20_000),
        steps: z.array(Text(200)).max(50).default([]),
      }),
    )
    .max(50),
  notes: z.string().max(20_000).default(''),
});

const PlanSchema = PlanBody.extend({
  id: z.string(),
  projectId: z.string(),
  updatedAt: z.string(),
});
const InterviewSchema = InterviewBody.extend({
  id: z.string(),
  projectId: z.string(),
  updatedAt: z.string(),
});

const planJson = (plan: InterviewPlan): z.infer<typeof PlanSchema> => ({
  id: plan.id,
  projectId: plan.project_id,
  role: plan.role,
  title: plan.title,
  questions: plan.questions,
  updatedAt: plan.updated_at.toISOString(),
});

const interviewJson = (interview: Interview): z.infer<typeof InterviewSchema> => ({
  id: interview.id,
  projectId: interview.project_id,
  planId: interview.plan_id,
  interviewee: interview.interviewee,
  role: interview.role,
  heldOn: interview.held_on,
  answers: interview.answers,
  notes: interview.notes,
  updatedAt: interview.updated_at.toISOString(),
});

/**
 * Step 1, interviews: a project's interview plans (questions per role,
 * pre-filled by the web app with the method's three questions) and
 * interview records whose answers are tagged with process steps, with the
 * summary of how many interviewees named each step.
 */
export async function interviewRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = base.pipewise.store.db;

  app.get(
    '/api/projects/:id/interview-plans',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['survey'],
        summary: 'The project’s interview plans: the questions for each role',
        params: IdParams,
        response: { 200: z.array(PlanSchema) },
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await projectOf(db, organizationId, request.params.id);
      return (await listInterviewPlans(db, organizationId, request.params.id)).map(planJson);
    },
  );

  app.post(
    '/api/projects/:id/interview-plans',
    {
      config: { access: INTERVIEWERS },
      schema: {
        tags: ['survey'],
        summary:
          'Add an interview plan for a role (sales manager, sales rep, after-sales, finance, legal, or custom)',
        params: IdParams,
        body: PlanBody,
        response: { 201: PlanSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await projectOf(db, caller.organizationId, request.params.id);
      const plan = await createInterviewPlan(
        db,
        { organizationId: caller.organizationId, projectId: request.params.id },
        request.body,
        caller.userId,
      );
      return reply.status(201).send(planJson(plan));
    },
  );

  app.put(
    '/api/interview-plans/:id',
    {
      config: { access: INTERVIEWERS },
      schema: {
        tags: ['survey'],
        summary: 'Change a plan’s role, title or questions',
        params: IdParams,
        body: PlanBody,
        response: { 200: PlanSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const plan = await updateInterviewPlan(
        db,
        caller.organizationId,
        request.params.id,
        request.body,
        caller.userId,
      );
      if (!plan) throw notFound('interview plan');
      return planJson(plan);
    },
  );

  app.delete(
    '/api/interview-plans/:id',
    {
      config: { access: INTERVIEWERS },
      schema: {
        tags: ['survey'],
        summary: 'Delete a plan (its interviews stay, without a plan)',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const deleted = await deleteSurveyRecord(
        db,
        'interview_plans',
        caller.organizationId,
        request.params.id,
        caller.userId,
      );
      if (!deleted) throw notFound('interview plan');
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/projects/:id/interviews',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['survey'],
        summary: 'The project’s interview records, most recent first',
        params: IdParams,
        response: { 200: z.array(InterviewSchema) },
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await projectOf(db, organizationId, request.params.id);
      return (await listInterviews(db, organizationId, request.params.id)).map(interviewJson);
    },
  );

  const checkPlan = async (organizationId: string, projectId: string, planId: string | null) => {
    if (!planId) return;
    const plans = await listInterviewPlans(db, organizationId, projectId);
    if (!plans.some((plan) => plan.id === planId)) throw notFound('interview plan');
  };

  app.post(
    '/api/projects/:id/interviews',
    {
      config: { access: INTERVIEWERS },
      schema: {
        tags: ['survey'],
        summary:
          'Record an interview: who, role, date, answers (each tagged with process steps), notes',
        params: IdParams,
        body: InterviewBody,
        response: { 201: InterviewSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await projectOf(db, caller.organizationId, request.params.id);
      await checkPlan(caller.organizationId, request.params.id, request.body.planId);
      const interview = await createInterview(
        db,
        { organizationId: caller.organizationId, projectId: request.params.id },
        request.body,
        caller.userId,
      );
      return reply.status(201).send(interviewJson(interview));
    },
  );

  app.put(
    '/api/interviews/:id',
    {
      config: { access: INTERVIEWERS },
      schema: {
        tags: ['survey'],
        summary: 'Change an interview record',
        params: IdParams,
        body: InterviewBody,
        response: { 200: InterviewSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const existing = (
        await db
          .selectFrom('interviews')
          .select('project_id')
          .where('organization_id', '=', caller.organizationId)
          .where('id', '=', request.params.id)
          .executeTakeFirst()
      )?.project_id;
      if (!existing) throw notFound('interview');
      await checkPlan(caller.organizationId, existing, request.body.planId);
      const interview = await updateInterview(
        db,
        caller.organizationId,
        request.params.id,
        request.body,
        caller.userId,
      );
      if (!interview) throw notFound('interview');
      return interviewJson(interview);
    },
  );

  app.delete(
    '/api/interviews/:id',
    {
      config: { access: INTERVIEWERS },
      schema: { tags: ['survey'], summary: 'Delete an interview record', params: IdParams },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const deleted = await deleteSurveyRecord(
        db,
        'interviews',
        caller.organizationId,
        request.params.id,
        caller.userId,
      );
      if (!deleted) throw notFound('interview');
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/projects/:id/interview-summary',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['survey'],
        summary:
          'Per process step, how many interviewees named it ("5 of 8 interviewees named contract review"); docs/metrics.md',
        params: IdParams,
        response: {
          200: z.object({
            interviewees: z.number(),
            steps: z.array(
              z.object({
                step: z.string(),
                interviewees: z.number(),
                answers: z.number(),
                names: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await projectOf(db, organizationId, request.params.id);
      return summarizeMentions(await listInterviews(db, organizationId, request.params.id));
    },
  );
}
