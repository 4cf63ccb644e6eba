import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrganization } from '../testing/test-app.ts';

const QUESTIONS = ['最耗时的环节是哪一步？', '客户投诉集中在哪里？', '跨部门协作卡在哪里？'];

describe.each(storeTargets())('interviews on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let projectId: string;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('interviews');
    const project = await test.as(org.members.process_owner, org.id, {
      method: 'POST',
      url: '/api/projects',
      payload: { name: '调研' },
    });
    projectId = project.json().id;
  });
  afterAll(() => test.close());

  const as = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    member = org.members.manager,
  ) => test.as(member, org.id, { method, url, ...(payload ? { payload } : {}) });

  const record = (interviewee: string, steps: string[][], planId: string | null = null) =>
    as('POST', `/api/projects/${projectId}/interviews`, {
      planId,
      interviewee,
      role: '销售代表',
      heldOn: '2026-11-20',
      answers: steps.map((tags, k) => ({
        question: QUESTIONS[k] ?? '',
        answer: `回答 ${k + 1}`,
        steps: tags,
      })),
      notes: '',
    });

  it('keeps a plan of questions per role, editable', async () => {
    const created = await as('POST', `/api/projects/${projectId}/interview-plans`, {
      role: 'sales_rep',
      title: '销售代表',
      questions: QUESTIONS,
    });
    expect(created.statusCode).toBe(201);
    const plan = created.json();
    const changed = await as('PUT', `/api/interview-plans/${plan.id}`, {
      role: 'sales_rep',
      title: '销售代表',
      questions: [...QUESTIONS, '您希望哪一步由系统自动提醒？'],
    });
    expect(changed.json().questions).toHaveLength(4);
    const plans = (await as('GET', `/api/projects/${projectId}/interview-plans`)).json();
    expect(plans).toEqual([expect.objectContaining({ id: plan.id, title: '销售代表' })]);
    // A plan without questions, or for a role that does not exist, is refused.
    expect(
      (
        await as('POST', `/api/projects/${projectId}/interview-plans`, {
          role: 'sales_rep',
          title: 'x',
          questions: [],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await as('POST', `/api/projects/${projectId}/interview-plans`, {
          role: 'ceo',
          title: 'x',
          questions: ['?'],
        })
      ).statusCode,
    ).toBe(400);
  });

  it('records interviews with answers tagged by step, and sums up who named which step', async () => {
    const [plan] = (await as('GET', `/api/projects/${projectId}/interview-plans`)).json();
    expect(
      (await record('张伟', [['合同评审'], ['售后交接'], ['合同评审', '报价']], plan.id))
        .statusCode,
    ).toBe(201);
    expect((await record('李娜', [['合同评审'], [], []])).statusCode).toBe(201);
    expect((await record('王芳', [['报价'], [], []])).statusCode).toBe(201);
    const interviews = (await as('GET', `/api/projects/${projectId}/interviews`)).json();
    expect(interviews).toHaveLength(3);
    expect(interviews.find((i: { interviewee: string }) => i.interviewee === '张伟')).toMatchObject(
      {
        planId: plan.id,
        heldOn: '2026-11-20',
        answers: [
          { question: QUESTIONS[0], steps: ['合同评审'] },
          { question: QUESTIONS[1], steps: ['售后交接'] },
          { question: QUESTIONS[2], steps: ['合同评审', '报价'] },
        ],
      },
    );
    const summary = (await as('GET', `/api/projects/${projectId}/interview-summary`)).json();
    expect(summary.interviewees).toBe(3);
    expect(summary.steps[0]).toEqual({
      step: '合同评审',
      interviewees: 2,
      answers: 3,
      names: ['张伟', '李娜'],
    });
  });

  it('refuses a record without an interviewee or with a date that is not a day, and stores nothing', async () => {
    const before = (await as('GET', `/api/projects/${projectId}/interviews`)).json().length;
    const bad = async (changes: Record<string, unknown>) =>
      as('POST', `/api/projects/${projectId}/interviews`, {
        interviewee: '赵六',
        role: '法务',
        heldOn: '2026-11-21',
        answers: [],
        ...changes,
      });
    expect((await bad({ interviewee: '  ' })).statusCode).toBe(400);
    expect((await bad({ heldOn: '上周' })).statusCode).toBe(400);
    expect((await bad({ heldOn: '2026-02-30' })).statusCode).toBe(400);
    expect((await bad({ planId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    expect((await as('GET', `/api/projects/${projectId}/interviews`)).json()).toHaveLength(before);
  });

  it('changes and deletes a record, each change in the audit log; a viewer only reads', async () => {
    const created = (await record('孙七', [['线索']])).json();
    const changed = await as('PUT', `/api/interviews/${created.id}`, {
      ...created,
      notes: '补充：线索分配靠人工',
    });
    expect(changed.json().notes).toBe('补充：线索分配靠人工');
    const viewer = org.members.viewer;
    expect(
      (await as('DELETE', `/api/interviews/${created.id}`, undefined, viewer)).statusCode,
    ).toBe(403);
    expect(
      (await as('GET', `/api/projects/${projectId}/interviews`, undefined, viewer)).statusCode,
    ).toBe(200);
    expect((await as('DELETE', `/api/interviews/${created.id}`)).statusCode).toBe(204);
    expect((await as('DELETE', `/api/interviews/${created.id}`)).statusCode).toBe(404);
    const audit = await test.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'interview')
      .where('entity_id', '=', created.id)
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(['create', 'update', 'delete']);
  });
});
