import { createProblems, createProject } from '@pipewise/store';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../demo/generate-demo-workspace.ts';
import {
  createTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../testing/test-app.ts';

/** The to-be editor's change log: each saved edit with its reason and the problems it addresses. */
describe.each(storeTargets())('a version’s change log on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let owner: TestMember;
  let projectId: string;
  let problemId: string;
  const { asIsModel } = generateDemoWorkspace({ months: 1 });

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('changes');
    other = await test.organization('changes-other');
    owner = org.members.process_owner;
    projectId = (
      await createProject(test.store.db, { organizationId: org.id, name: 'P' }, owner.userId)
    ).id;
    const created = await createProblems(
      test.store.db,
      { organizationId: org.id, projectId },
      [
        {
          source: 'manual',
          findingKey: null,
          title: '客户资料录入三次',
          description: '',
          steps: ['录入CRM', '录入ERP', '录入报价系统'],
          type: 'redundancy',
          rootCause: 'process-design',
          severity: 4,
          ownerId: null,
          status: 'open',
          evidence: {},
          interviewLinks: [],
          casesAffected: null,
          waitingMs: null,
        },
      ],
      owner.userId,
    );
    if (!created.ok) throw new Error('problem not created');
    problemId = created.problems[0]!.id;
  });
  afterAll(() => test.close());

  const as = (member: TestMember, request: Parameters<TestApp['as']>[2], organizationId = org.id) =>
    test.as(member, organizationId, request);

  it('records each saved edit of a derived to-be with its reason and problems, oldest first', async () => {
    const model = await as(owner, {
      method: 'POST',
      url: '/api/models',
      payload: { name: '销售流程', document: asIsModel, projectId },
    });
    expect(model.statusCode).toBe(201);
    const derived = await as(owner, {
      method: 'POST',
      url: `/api/versions/${model.json().id}/derive`,
      payload: { label: '优化方案' },
    });
    expect(derived.statusCode).toBe(201);
    const toBe = derived.json();
    const idOf = (name: string) => asIsModel.steps.find((step) => step.name.zh === name)!.id;
    const merged = await as(owner, {
      method: 'POST',
      url: `/api/versions/${toBe.id}/commands`,
      payload: {
        revision: toBe.revision,
        commands: [
          { type: 'merge-steps', keepId: idOf('录入CRM'), mergeId: idOf('录入ERP') },
          { type: 'merge-steps', keepId: idOf('录入CRM'), mergeId: idOf('录入报价系统') },
        ],
        reason: '客户资料只录入一次，自动同步',
        problemIds: [problemId],
      },
    });
    expect(merged.statusCode).toBe(200);
    const deadline = await as(owner, {
      method: 'POST',
      url: `/api/versions/${toBe.id}/commands`,
      payload: {
        revision: merged.json().version.revision,
        commands: [
          {
            type: 'set-step-attributes',
            stepId: idOf('合同评审'),
            changes: { deadline: { value: 48, unit: 'hour', basis: 'working' } },
          },
        ],
        reason: '法务 48 个工作小时内完成',
      },
    });
    expect(deadline.statusCode).toBe(200);
    const log = await as(org.members.viewer, {
      method: 'GET',
      url: `/api/versions/${toBe.id}/changes`,
    });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toMatchObject([
      {
        revision: merged.json().version.revision,
        reason: '客户资料只录入一次，自动同步',
        problemIds: [problemId],
        by: 'process_owner',
        commands: [{ type: 'merge-steps' }, { type: 'merge-steps' }],
      },
      {
        reason: '法务 48 个工作小时内完成',
        problemIds: [],
        commands: [{ type: 'set-step-attributes' }],
      },
    ]);
  });

  it('refuses a problem that is not in the register, and saves nothing then', async () => {
    const model = await as(owner, {
      method: 'POST',
      url: '/api/models',
      payload: { name: '另一个流程', document: asIsModel, projectId },
    });
    const version = model.json();
    const stepId = asIsModel.steps.find((step) => step.name.zh === '报价')!.id;
    const refused = await as(owner, {
      method: 'POST',
      url: `/api/versions/${version.id}/commands`,
      payload: {
        revision: version.revision,
        commands: [{ type: 'rename-step', stepId, name: { zh: '报价（新）' } }],
        problemIds: ['00000000-0000-4000-8000-000000000000'],
      },
    });
    expect(refused.statusCode).toBe(400);
    const after = await as(owner, { method: 'GET', url: `/api/versions/${version.id}` });
    expect(after.json().revision).toBe(version.revision);
    const log = await as(owner, { method: 'GET', url: `/api/versions/${version.id}/changes` });
    expect(log.json()).toEqual([]);
    const foreign = await as(
      other.members.admin,
      { method: 'GET', url: `/api/versions/${version.id}/changes` },
      other.id,
    );
    expect(foreign.statusCode).toBe(404);
  });
});
