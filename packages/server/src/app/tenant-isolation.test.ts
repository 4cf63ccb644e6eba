import { EventLogBuilder } from '@pipewise/engine';
import { discoverProcessModel } from '@pipewise/engine/process-model';
import {
  createInterview,
  createInterviewPlan,
  createProcessModel,
  createProject,
  createTeam,
  createVersion,
  importDataset,
} from '@pipewise/store';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrganization } from '../testing/test-app.ts';

/** Organization A's things, which organization B must never see or touch. */
interface Owned {
  project: string;
  dataset: string;
  model: string;
  version: string;
  toBe: string;
  job: string;
  team: string;
  member: string;
  invitation: string;
  plan: string;
  interview: string;
}

describe.each(storeTargets())('tenants never see each other’s data, on %s', (target) => {
  let test: TestApp;
  let a: TestOrganization;
  let b: TestOrganization;
  let owned: Owned;

  beforeAll(async () => {
    test = await createTestApp(target);
    a = await test.organization('tenant-a');
    b = await test.organization('tenant-b');
    const db = test.store.db;
    const owner = a.members.process_owner.userId;
    const project = await createProject(db, { organizationId: a.id, name: 'A 的项目' }, owner);
    const builder = new EventLogBuilder();
    builder.add('A1', '线索', Date.UTC(2025, 0, 6, 2), '张三');
    builder.add('A1', '报价', Date.UTC(2025, 0, 8, 2), '张三');
    builder.add('A2', '线索', Date.UTC(2025, 0, 7, 2), '李四');
    const log = builder.build();
    const dataset = await importDataset(
      db,
      {
        organizationId: a.id,
        name: 'A 的数据',
        sourceFile: 'a.csv',
        format: 'csv',
        mapping: {},
        importReport: {},
        createdBy: owner,
      },
      log,
    );
    const { model, version } = await createProcessModel(
      db,
      { organizationId: a.id, name: 'A 的流程', document: discoverProcessModel(log) },
      owner,
    );
    const toBe = await createVersion(
      db,
      a.id,
      { parentVersionId: version.id, document: version.document, label: 'to-be', kind: 'to-be' },
      owner,
    );
    await test.context.jobs.define('test', async () => ({ secret: 'A' }));
    const job = await test.context.jobs.start(a.id, 'test', owner, {});
    await test.context.jobs.settle();
    const team = await createTeam(db, { organizationId: a.id, name: 'A 组' }, owner);
    const invitation = await test.as(a.members.admin, a.id, {
      method: 'POST',
      url: '/api/invitations',
      payload: { email: 'someone@tenant-a.test', role: 'viewer' },
    });
    const plan = await createInterviewPlan(
      db,
      { organizationId: a.id, projectId: project.id },
      { role: 'legal', title: 'A 的法务', questions: ['A 的问题'] },
      owner,
    );
    const interview = await createInterview(
      db,
      { organizationId: a.id, projectId: project.id },
      {
        planId: plan.id,
        interviewee: 'A 的受访者',
        role: 'legal',
        heldOn: '2026-11-01',
        answers: [{ question: 'A 的问题', answer: 'A 的回答', steps: ['A 的环节'] }],
        notes: '',
      },
      owner,
    );
    owned = {
      plan: plan.id,
      interview: interview.id,
      project: project.id,
      dataset: dataset.id,
      model: model.id,
      version: version.id,
      toBe: toBe?.id ?? '',
      job,
      team: team.id,
      member: a.members.viewer.userId,
      invitation: invitation.json().id,
    };
  });
  afterAll(() => test.close());

  const asB = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    test.as(b.members.admin, b.id, {
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('lists none of A’s things to B', async () => {
    for (const url of [
      '/api/projects',
      '/api/datasets',
      '/api/models',
      '/api/teams',
      '/api/members',
      '/api/audit',
    ]) {
      const body = (await asB('GET', url)).body;
      for (const id of Object.values(owned))
        expect({ url, leaks: body.includes(id) }).toEqual({ url, leaks: false });
      expect({ url, leaks: body.includes('A 的') }).toEqual({ url, leaks: false });
    }
  });

  it('answers 404 when B names A’s things, to read or to change them', async () => {
    const requests: [Parameters<typeof asB>[0], string, unknown?][] = [
      ['GET', `/api/projects/${owned.project}`],
      ['PATCH', `/api/projects/${owned.project}`, { phase: 'pilot' }],
      ['GET', `/api/datasets/${owned.dataset}`],
      ['POST', `/api/datasets/${owned.dataset}/analysis`, {}],
      ['POST', `/api/datasets/${owned.dataset}/discover`, {}],
      ['DELETE', `/api/datasets/${owned.dataset}`],
      ['GET', `/api/versions/${owned.version}`],
      ['PUT', `/api/versions/${owned.version}`, { revision: 1, document: {} }],
      [
        'POST',
        `/api/versions/${owned.version}/commands`,
        { revision: 1, commands: [{ type: 'rename-step' }] },
      ],
      ['POST', `/api/versions/${owned.version}/derive`, {}],
      ['GET', `/api/versions/${owned.version}/diff/${owned.toBe}`],
      ['GET', `/api/jobs/${owned.job}`],
      ['PATCH', `/api/members/${owned.member}`, { role: 'admin' }],
      ['DELETE', `/api/invitations/${owned.invitation}`],
      ['DELETE', `/api/models/${owned.model}`],
      ['GET', `/api/projects/${owned.project}/interview-plans`],
      [
        'POST',
        `/api/projects/${owned.project}/interview-plans`,
        { role: 'legal', title: 'B', questions: ['?'] },
      ],
      [
        'PUT',
        `/api/interview-plans/${owned.plan}`,
        { role: 'legal', title: 'B', questions: ['?'] },
      ],
      ['DELETE', `/api/interview-plans/${owned.plan}`],
      ['GET', `/api/projects/${owned.project}/interviews`],
      ['GET', `/api/projects/${owned.project}/interview-summary`],
      [
        'POST',
        `/api/projects/${owned.project}/interviews`,
        { interviewee: 'B', role: 'x', heldOn: '2026-11-02', answers: [] },
      ],
      [
        'PUT',
        `/api/interviews/${owned.interview}`,
        { interviewee: 'B', role: 'x', heldOn: '2026-11-02', answers: [] },
      ],
      ['DELETE', `/api/interviews/${owned.interview}`],
    ];
    for (const [method, url, payload] of requests) {
      const response = await asB(method, url, payload);
      expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 404 });
    }
  });

  it('leaves A’s things as they were', async () => {
    const asA = (url: string) => test.as(a.members.viewer, a.id, { method: 'GET', url });
    expect((await asA(`/api/projects/${owned.project}`)).json()).toMatchObject({ phase: 'survey' });
    expect((await asA(`/api/datasets/${owned.dataset}`)).statusCode).toBe(200);
    expect((await asA(`/api/projects/${owned.project}/interviews`)).json()).toEqual([
      expect.objectContaining({ id: owned.interview, interviewee: 'A 的受访者' }),
    ]);
    expect((await asA(`/api/versions/${owned.version}`)).json()).toMatchObject({ revision: 1 });
    expect((await asA(`/api/jobs/${owned.job}`)).json()).toMatchObject({ result: { secret: 'A' } });
    const members = await test.as(a.members.admin, a.id, { method: 'GET', url: '/api/members' });
    expect(
      members.json().find((member: { userId: string }) => member.userId === owned.member),
    ).toMatchObject({
      role: 'viewer',
    });
  });

  it('does not let B use A’s people as owners or team members', async () => {
    const project = await asB('POST', '/api/projects', { name: 'B', ownerUserIds: [owned.member] });
    expect(project.statusCode).toBe(400);
    const team = await asB('POST', '/api/teams', { name: 'B 组', memberUserIds: [owned.member] });
    expect(team.statusCode).toBe(400);
  });

  it('does not let a session of B act in A even when it names A’s ids', async () => {
    // A session belongs to one organization: the same person signed in to B sees B.
    const response = await asB('GET', '/api/session');
    expect(response.json()).toMatchObject({ organization: { id: b.id } });
  });
});
