import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/record-audit.ts';
import type { Store } from '../database/open-store.ts';
import { createProject } from '../projects/projects.ts';
import { addMember, createOrganization, createUser } from '../tenancy/tenancy.ts';
import { openTestStore, storeTargets } from '../testing/test-stores.ts';
import {
  createProblems,
  deleteProblem,
  findProblem,
  listProblems,
  type ProblemInput,
  updateProblem,
} from './problems.ts';

/** A problem as a detector finds it: legal review without a deadline. */
function finding(overrides: Partial<ProblemInput> = {}): ProblemInput {
  return {
    source: 'detector',
    findingKey: 'no-deadline|合同评审|',
    title: '“合同评审”没有处理时限',
    description: '',
    steps: ['合同评审'],
    type: 'low-efficiency',
    rootCause: null,
    severity: 4,
    ownerId: null,
    status: 'open',
    evidence: { medianMs: 3.6e8, p90Ms: 9.7e8, datasetId: 'd' },
    interviewLinks: [],
    casesAffected: 202,
    waitingMs: 1.2e10,
    ...overrides,
  };
}

describe.each(storeTargets())('the problem register on %s', (target) => {
  let store: Store;
  let organizationId: string;
  let otherOrganizationId: string;
  let projectId: string;
  let ownerId: string;
  beforeAll(async () => {
    store = await openTestStore(target);
    const db = store.db;
    organizationId = (await createOrganization(db, { name: 'S', slug: 'problems' })).id;
    otherOrganizationId = (await createOrganization(db, { name: 'T', slug: 'other' })).id;
    ownerId = (await createUser(db, { email: 'owner@p.test', name: 'o', passwordHash: 'x' })).id;
    await addMember(db, { organizationId, userId: ownerId, role: 'process_owner' });
    projectId = (await createProject(db, { organizationId, name: 'P' }, ownerId)).id;
  });
  afterAll(() => store.close());

  it('adds problems all at once, with an audit entry each, most severe listed first', async () => {
    const created = await createProblems(
      store.db,
      { organizationId, projectId },
      [
        finding(),
        finding({
          source: 'manual',
          findingKey: null,
          title: '签约后客户需自行联系售后',
          type: 'poor-experience',
          severity: 5,
          rootCause: 'process-design',
        }),
      ],
      ownerId,
    );
    expect(created.ok).toBe(true);
    const list = await listProblems(store.db, organizationId, projectId);
    expect(list.map((problem) => [problem.title, problem.severity, problem.status])).toEqual([
      ['签约后客户需自行联系售后', 5, 'open'],
      ['“合同评审”没有处理时限', 4, 'open'],
    ]);
    expect(list[1]).toMatchObject({
      source: 'detector',
      steps: ['合同评审'],
      evidence: { medianMs: 3.6e8 },
      cases_affected: 202,
      waiting_ms: 1.2e10,
      root_cause: null,
    });
    const audit = await listAudit(store.db, organizationId);
    expect(audit.filter((entry) => entry.entity === 'problem')).toHaveLength(2);
  });

  it('refuses the same finding twice, and adds nothing of a batch that holds one', async () => {
    const again = await createProblems(
      store.db,
      { organizationId, projectId },
      [finding({ findingKey: 'rework-loop|报价|' }), finding()],
      ownerId,
    );
    expect(again).toEqual({ ok: false, duplicates: ['no-deadline|合同评审|'] });
    const twice = await createProblems(
      store.db,
      { organizationId, projectId },
      [finding({ findingKey: 'k' }), finding({ findingKey: 'k' })],
      ownerId,
    );
    expect(twice).toEqual({ ok: false, duplicates: ['k'] });
    expect(await listProblems(store.db, organizationId, projectId)).toHaveLength(2);
  });

  it('classes a problem by root cause, assigns it and moves its status; the database keeps bad values out', async () => {
    const [, problem] = await listProblems(store.db, organizationId, projectId);
    const updated = await updateProblem(
      store.db,
      organizationId,
      problem!.id,
      { rootCause: 'management-mechanism', ownerId, status: 'in-progress' },
      ownerId,
    );
    expect(updated).toMatchObject({
      root_cause: 'management-mechanism',
      owner_id: ownerId,
      status: 'in-progress',
      title: '“合同评审”没有处理时限',
    });
    await expect(
      updateProblem(store.db, organizationId, problem!.id, { severity: 9 }, ownerId),
    ).rejects.toThrow();
    expect((await findProblem(store.db, organizationId, problem!.id))?.severity).toBe(4);
  });

  it('keeps one organization out of another’s problems', async () => {
    const [problem] = await listProblems(store.db, organizationId, projectId);
    expect(await findProblem(store.db, otherOrganizationId, problem!.id)).toBeUndefined();
    expect(
      await updateProblem(store.db, otherOrganizationId, problem!.id, { title: 'x' }, null),
    ).toBeUndefined();
    expect(await deleteProblem(store.db, otherOrganizationId, problem!.id, null)).toBe(false);
    expect(await deleteProblem(store.db, organizationId, problem!.id, ownerId)).toBe(true);
    expect(await listProblems(store.db, organizationId, projectId)).toHaveLength(1);
  });
});
