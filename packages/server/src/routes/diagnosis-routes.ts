import { workingDayMs } from '@pipewise/engine';
import {
  diagnose,
  findingImpact,
  findingKey,
  measureStepIndicators,
} from '@pipewise/engine/diagnosis';
import { parseProcessModel } from '@pipewise/engine/process-model';
import { problemRegisterXlsx, type RegisterRow } from '@pipewise/formats';
import {
  createProblems,
  deleteProblem,
  findDataset,
  findProblem,
  findVersion,
  listInterviews,
  listMembers,
  listProblems,
  type Problem,
  type ProblemInput,
  updateProblem,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { calendarOf } from './dataset-routes.ts';
import { projectOf } from './project-of.ts';
import { IdParams } from './schemas.ts';

/** Who keeps the problem register: sales operations, and managers who own problems of their teams. */
const REGISTRARS = ['admin', 'process_owner', 'manager'] as const;

export const PROBLEM_TYPES = [
  'low-efficiency',
  'broken-hand-off',
  'poor-experience',
  'non-compliance',
  'redundancy',
  'other',
] as const;
export const ROOT_CAUSES = ['process-design', 'resource-support', 'management-mechanism'] as const;
export const PROBLEM_STATUSES = ['open', 'in-progress', 'resolved', 'wont-fix'] as const;

const InterviewLinkSchema = z.object({
  interviewId: z.string().uuid(),
  answerIndex: z.number().int().min(0),
});

const ProblemFields = {
  title: z.string().trim().min(1).max(500),
  description: z.string().max(20_000),
  steps: z.array(z.string().trim().min(1).max(200)).max(50),
  type: z.enum(PROBLEM_TYPES),
  rootCause: z.enum(ROOT_CAUSES).nullable(),
  severity: z.number().int().min(1).max(5),
  ownerId: z.string().uuid().nullable(),
  status: z.enum(PROBLEM_STATUSES),
  evidence: z.record(z.string(), z.unknown()),
  interviewLinks: z.array(InterviewLinkSchema).max(100),
  casesAffected: z.number().int().min(0).nullable(),
  waitingMs: z.number().min(0).nullable(),
};

const NewProblem = z.object({
  source: z.enum(['detector', 'score', 'manual']),
  findingKey: z.string().max(2000).nullable().default(null),
  title: ProblemFields.title,
  description: ProblemFields.description.default(''),
  steps: ProblemFields.steps.default([]),
  type: ProblemFields.type,
  rootCause: ProblemFields.rootCause.default(null),
  severity: ProblemFields.severity,
  ownerId: ProblemFields.ownerId.default(null),
  status: ProblemFields.status.default('open'),
  evidence: ProblemFields.evidence.default({}),
  interviewLinks: ProblemFields.interviewLinks.default([]),
  casesAffected: ProblemFields.casesAffected.default(null),
  waitingMs: ProblemFields.waitingMs.default(null),
});

const ProblemChangesSchema = z
  .object(ProblemFields)
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, { message: 'change at least one field' });

const ProblemSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  source: z.enum(['detector', 'score', 'manual']),
  findingKey: z.string().nullable(),
  ...ProblemFields,
  createdAt: z.string(),
  updatedAt: z.string(),
});

const problemJson = (problem: Problem): z.infer<typeof ProblemSchema> => ({
  id: problem.id,
  projectId: problem.project_id,
  source: problem.source,
  findingKey: problem.finding_key,
  title: problem.title,
  description: problem.description,
  steps: problem.steps,
  type: problem.type,
  rootCause: problem.root_cause,
  severity: problem.severity,
  ownerId: problem.owner_id,
  status: problem.status,
  evidence: problem.evidence,
  interviewLinks: problem.interview_links,
  casesAffected: problem.cases_affected,
  waitingMs: problem.waiting_ms,
  createdAt: problem.created_at.toISOString(),
  updatedAt: problem.updated_at.toISOString(),
});

const DiagnosisBody = z.object({
  datasetId: z.string().uuid(),
  versionId: z
    .string()
    .uuid()
    .optional()
    .describe('the as-is model version: adds the model detectors and the step indicators'),
  segmentBy: z.string().min(1).max(200).optional().describe('a case attribute: compare segments'),
  time: z.enum(['calendar', 'working']).default('working'),
  limit: z.number().int().min(1).max(1000).default(5),
});

/** Labels of the register's Excel export. */
const LABELS = {
  zh: {
    type: {
      'low-efficiency': '效率低',
      'broken-hand-off': '交接断点',
      'poor-experience': '体验差',
      'non-compliance': '不合规',
      redundancy: '重复冗余',
      other: '其他',
    },
    rootCause: {
      'process-design': '流程设计',
      'resource-support': '资源支持',
      'management-mechanism': '管理机制',
    },
    status: { open: '待处理', 'in-progress': '处理中', resolved: '已解决', 'wont-fix': '不处理' },
    source: { detector: '自动检测', score: '评分', manual: '手工登记' },
    unclassified: '未分类',
    answer: '答',
  },
  en: {
    type: {
      'low-efficiency': 'Low efficiency',
      'broken-hand-off': 'Broken hand-off',
      'poor-experience': 'Poor experience',
      'non-compliance': 'Non-compliance',
      redundancy: 'Redundancy',
      other: 'Other',
    },
    rootCause: {
      'process-design': 'Process design',
      'resource-support': 'Resource support',
      'management-mechanism': 'Management mechanism',
    },
    status: {
      open: 'Open',
      'in-progress': 'In progress',
      resolved: 'Resolved',
      'wont-fix': "Won't fix",
    },
    source: { detector: 'Detector', score: 'Scores', manual: 'By hand' },
    unclassified: 'Not classed',
    answer: 'A',
  },
} as const;

/**
 * Step 2, diagnose: the detectors' findings and the step indicators on a
 * project's dataset (and as-is version), and the problem register — problems
 * from findings, low scores or typed in, classed by type and root cause,
 * assigned, tracked, exported to Excel.
 */
export async function diagnosisRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { cache } = base.pipewise;
  const db = base.pipewise.store.db;

  /** Refuses an owner who is not a member, and interview links outside the project. */
  const checkReferences = async (
    organizationId: string,
    projectId: string,
    problems: { ownerId?: string | null; interviewLinks?: z.infer<typeof InterviewLinkSchema>[] }[],
  ) => {
    const members = new Set((await listMembers(db, organizationId)).map((m) => m.userId));
    const interviews = new Map(
      (await listInterviews(db, organizationId, projectId)).map((interview) => [
        interview.id,
        interview.answers.length,
      ]),
    );
    const problemsFound: { index: number; field: string; value: unknown; expected: string }[] = [];
    problems.forEach((problem, index) => {
      if (problem.ownerId && !members.has(problem.ownerId))
        problemsFound.push({
          index,
          field: 'ownerId',
          value: problem.ownerId,
          expected: 'a member of the organization',
        });
      problem.interviewLinks?.forEach((link, k) => {
        const answers = interviews.get(link.interviewId);
        if (answers === undefined || link.answerIndex >= answers)
          problemsFound.push({
            index,
            field: `interviewLinks[${k}]`,
            value: link,
            expected: 'an answer of an interview of this project',
          });
      });
    });
    if (problemsFound.length > 0)
      throw new HttpError(
        400,
        'invalid-reference',
        'a problem names an owner or an interview answer that does not exist here',
        problemsFound,
      );
  };

  app.post(
    '/api/projects/:id/diagnosis',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary:
          'Run the problem detectors on a dataset (and an as-is version): findings with evidence, most severe first, each marked if already in the register; with a version, the data-driven indicators of each step (docs/diagnosis.md, docs/metrics.md#step-indicators-环节数据指标)',
        params: IdParams,
        body: DiagnosisBody,
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      const projectId = request.params.id;
      await projectOf(db, organizationId, projectId);
      const { datasetId, versionId, segmentBy, time, limit } = request.body;
      const dataset = await findDataset(db, organizationId, datasetId);
      const log = dataset && (await cache.get(db, organizationId, dataset.id));
      if (!dataset || !log) throw notFound('dataset');
      let model: ReturnType<typeof parseProcessModel> | undefined;
      if (versionId) {
        const version = await findVersion(db, organizationId, versionId);
        if (!version) throw notFound('model version');
        model = parseProcessModel(version.document);
        if (!model.ok)
          throw new HttpError(
            400,
            'invalid-model',
            'the process model is not valid',
            model.problems,
          );
      }
      const workingTime = time === 'working' ? calendarOf(dataset).workingTime : undefined;
      const result = diagnose({
        log,
        ...(model?.ok ? { model: model.model } : {}),
        ...(segmentBy ? { segmentBy } : {}),
        ...(workingTime ? { workingTime } : {}),
        limit,
      });
      if (!result.ok)
        throw new HttpError(
          400,
          'unknown-case-attribute',
          `no case attribute "${result.attribute}"`,
          { available: result.available },
        );
      const registered = new Map(
        (await listProblems(db, organizationId, projectId)).flatMap((problem) =>
          problem.finding_key ? [[problem.finding_key, problem.id] as const] : [],
        ),
      );
      const stepName = (id: string) =>
        model?.ok ? model.model.steps.find((step) => step.id === id)?.name : undefined;
      return {
        time: workingTime
          ? {
              kind: 'working',
              calendar: calendarOf(dataset).name,
              workingDayMs: workingDayMs(workingTime.calendar),
            }
          : { kind: 'calendar' },
        caseAttributes: log.caseAttributes.map((attribute) => attribute.name),
        findings: result.findings.map((finding) => {
          const key = findingKey(finding);
          return {
            key,
            ...finding,
            segment: finding.segment ?? null,
            impact: findingImpact(finding),
            problemId: registered.get(key) ?? null,
          };
        }),
        leftOut: result.leftOut,
        unmatchedSteps: result.unmatchedSteps.map((id) => ({ stepId: id, name: stepName(id) })),
        indicators: model?.ok
          ? measureStepIndicators(model.model, log, workingTime ? { workingTime } : {})
          : null,
      };
    },
  );

  app.get(
    '/api/projects/:id/problems',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary: 'The project’s problem register, most severe first',
        params: IdParams,
        response: { 200: z.array(ProblemSchema) },
      },
    },
    async (request) => {
      const { organizationId } = callerOf(request);
      await projectOf(db, organizationId, request.params.id);
      return (await listProblems(db, organizationId, request.params.id)).map(problemJson);
    },
  );

  app.post(
    '/api/projects/:id/problems',
    {
      config: { access: REGISTRARS },
      schema: {
        tags: ['diagnosis'],
        summary:
          'Add problems to the register (from findings, low scores or by hand), all or none; a finding already there is refused with 409',
        params: IdParams,
        body: z.object({ problems: z.array(NewProblem).min(1).max(200) }),
        response: { 201: z.array(ProblemSchema) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const projectId = request.params.id;
      await projectOf(db, caller.organizationId, projectId);
      await checkReferences(caller.organizationId, projectId, request.body.problems);
      const created = await createProblems(
        db,
        { organizationId: caller.organizationId, projectId },
        request.body.problems as ProblemInput[],
        caller.userId,
      );
      if (!created.ok)
        throw new HttpError(409, 'already-registered', 'a finding is already in the register', {
          findingKeys: created.duplicates,
        });
      return reply.status(201).send(created.problems.map(problemJson));
    },
  );

  app.patch(
    '/api/problems/:id',
    {
      config: { access: REGISTRARS },
      schema: {
        tags: ['diagnosis'],
        summary:
          'Change a problem: class it by type and root cause, set its severity, owner or status, link evidence and interview answers',
        params: IdParams,
        body: ProblemChangesSchema,
        response: { 200: ProblemSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const existing = await findProblem(db, caller.organizationId, request.params.id);
      if (!existing) throw notFound('problem');
      await checkReferences(caller.organizationId, existing.project_id, [request.body]);
      const updated = await updateProblem(
        db,
        caller.organizationId,
        request.params.id,
        request.body,
        caller.userId,
      );
      if (!updated) throw notFound('problem');
      return problemJson(updated);
    },
  );

  app.delete(
    '/api/problems/:id',
    {
      config: { access: REGISTRARS },
      schema: {
        tags: ['diagnosis'],
        summary: 'Remove a problem from the register',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (!(await deleteProblem(db, caller.organizationId, request.params.id, caller.userId)))
        throw notFound('problem');
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/projects/:id/problems.xlsx',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['diagnosis'],
        summary:
          'The problem register as Excel, in Chinese or English, with a Pareto sheet of total waiting time per problem',
        params: IdParams,
        querystring: z.object({ lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (request, reply) => {
      const { organizationId } = callerOf(request);
      const project = await projectOf(db, organizationId, request.params.id);
      const language = request.query.lang;
      const labels = LABELS[language];
      const members = new Map(
        (await listMembers(db, organizationId)).map((member) => [member.userId, member.name]),
      );
      const interviews = new Map(
        (await listInterviews(db, organizationId, project.id)).map((interview) => [
          interview.id,
          interview,
        ]),
      );
      const rows: RegisterRow[] = (await listProblems(db, organizationId, project.id)).map(
        (problem) => ({
          title: problem.title,
          description: problem.description,
          steps: problem.steps,
          type: labels.type[problem.type],
          rootCause: problem.root_cause
            ? labels.rootCause[problem.root_cause]
            : labels.unclassified,
          severity: problem.severity,
          owner: problem.owner_id ? (members.get(problem.owner_id) ?? '') : '',
          status: labels.status[problem.status],
          source: labels.source[problem.source],
          casesAffected: problem.cases_affected,
          waitingHours: problem.waiting_ms === null ? null : problem.waiting_ms / 3_600_000,
          evidence: describeEvidence(problem.evidence),
          interviewAnswers: problem.interview_links
            .map((link) => {
              const interview = interviews.get(link.interviewId);
              const answer = interview?.answers[link.answerIndex];
              return interview && answer
                ? `${interview.interviewee}（${interview.role}，${interview.held_on}）${labels.answer}：${answer.answer}`
                : '';
            })
            .filter((text) => text !== '')
            .join('\n'),
          createdAt: problem.created_at,
        }),
      );
      const bytes = await problemRegisterXlsx(rows, language);
      const name = `${project.name}-${language === 'zh' ? '问题清单' : 'problem-register'}.xlsx`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(Buffer.from(bytes));
    },
  );
}

/** Evidence as `name: value` text for a spreadsheet cell (durations in hours). */
function describeEvidence(evidence: Record<string, unknown>): string {
  return Object.entries(evidence)
    .filter(([, value]) => value !== null && typeof value !== 'object')
    .map(([key, value]) =>
      typeof value === 'number' && key.endsWith('Ms')
        ? `${key.slice(0, -2)}: ${(value / 3_600_000).toFixed(1)} h`
        : typeof value === 'number' && !Number.isInteger(value)
          ? `${key}: ${value.toFixed(3)}`
          : `${key}: ${String(value)}`,
    )
    .join('; ');
}
