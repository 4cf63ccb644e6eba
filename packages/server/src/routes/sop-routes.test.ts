import { createProcessModel, createProject } from '@pipewise/store';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../demo/generate-demo-workspace.ts';
import {
  createTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../testing/test-app.ts';

describe.each(storeTargets())('the SOP manual’s texts on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let owner: TestMember;
  let versionId: string;
  const { toBeModel } = generateDemoWorkspace({ months: 1 });
  const reviewId = toBeModel.steps.find((step) => step.name.zh === '合同评审')!.id;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('sop');
    other = await test.organization('sop-other');
    owner = org.members.process_owner;
    const projectId = (
      await createProject(test.store.db, { organizationId: org.id, name: 'P' }, owner.userId)
    ).id;
    versionId = (
      await createProcessModel(
        test.store.db,
        { organizationId: org.id, projectId, name: '目标', document: toBeModel, kind: 'to-be' },
        owner.userId,
      )
    ).version.id;
  });
  afterAll(() => test.close());

  const put = (member: TestMember, stepId: string, payload: unknown, organizationId = org.id) =>
    test.as(member, organizationId, {
      method: 'PUT',
      url: `/api/versions/${versionId}/sop/${encodeURIComponent(stepId)}`,
      payload: payload as Record<string, unknown>,
    });
  const texts = {
    instructions: '收到合同后**当天**开始审核',
    script: '您好，合同已收到，我们将在 48 小时内回复。',
    exceptions: '- 超过 48 个工作小时：升级法务经理',
  };

  it('keeps what is written for a step, replacing it on the next save, for every role to read', async () => {
    expect((await put(owner, reviewId, texts)).statusCode).toBe(204);
    expect((await put(org.members.manager, reviewId, { ...texts, script: '' })).statusCode).toBe(
      204,
    );
    const read = await test.as(org.members.viewer, org.id, {
      method: 'GET',
      url: `/api/versions/${versionId}/sop`,
    });
    expect(read.json().entries).toEqual([
      expect.objectContaining({ stepId: reviewId, ...texts, script: '' }),
    ]);
  });

  it('refuses a step the version does not have, writers other than editors and managers, and outsiders', async () => {
    const unknown = await put(owner, 'no-such-step', texts);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('unknown-step');
    expect((await put(owner, 'start', texts)).statusCode).toBe(400);
    expect((await put(org.members.sales_rep, reviewId, texts)).statusCode).toBe(403);
    expect((await put(other.members.admin, reviewId, texts, other.id)).statusCode).toBe(404);
    expect((await put(owner, reviewId, { ...texts, script: 'x'.repeat(20_001) })).statusCode).toBe(
      400,
    );
  });
});
