import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../demo/generate-demo-workspace.ts';
import { createDemoProject, createDemoVersions } from '../testing/demo-project.ts';
import {
  createTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../testing/test-app.ts';

describe.each(storeTargets())('simulating a to-be version on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let owner: TestMember;
  let datasetId: string;
  let toBeId: string;
  const workspace = generateDemoWorkspace({ months: 3 });

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('simulate');
    other = await test.organization('simulate-other');
    owner = org.members.process_owner;
    const project = await createDemoProject(test, org, workspace);
    datasetId = project.datasetId;
    toBeId = (await createDemoVersions(test, org, project.projectId, workspace)).toBeVersionId;
  });
  afterAll(() => test.close());

  const simulate = (
    member: TestMember,
    payload: Record<string, unknown>,
    organizationId = org.id,
  ) =>
    test.as(member, organizationId, {
      method: 'POST',
      url: `/api/versions/${toBeId}/simulate`,
      payload: { datasetId, ...payload },
    });

  it('predicts the as-is and the to-be with intervals, the gain and each change’s share, the same for the same seed', async () => {
    const first = await simulate(org.members.viewer, { runs: 40, seed: 7 });
    expect(first.statusCode).toBe(200);
    const result = first.json();
    expect(result.time.kind).toBe('working');
    const { medianMs, ci95 } = result.asIs.cycleTime;
    expect(ci95[0]).toBeLessThanOrEqual(medianMs);
    expect(medianMs).toBeLessThanOrEqual(ci95[1]);
    expect(result.toBe).not.toBeNull();
    // The demo's to-be merges the triple data entry and puts a deadline on legal review.
    const kinds = result.contributions.map((c: { change: { kind: string } }) => c.change.kind);
    expect(kinds).toEqual(expect.arrayContaining(['merge', 'deadline']));
    // Entering customer data once saves time in every run.
    const merge = result.contributions.find(
      (c: { change: { kind: string } }) => c.change.kind === 'merge',
    );
    expect(merge.gain.ci95[0]).toBeGreaterThan(0);
    // Every step of the demo's to-be has an activity to be simulated from.
    expect(result.notSimulated).toEqual([]);
    expect(result.skippedDeadlines).toEqual([]);
    expect(result.skippedTools).toEqual([]);
    const again = await simulate(owner, { runs: 40, seed: 7 });
    expect(again.json()).toEqual(result);
  });

  it('refuses too few runs, and another organization', async () => {
    expect((await simulate(owner, { runs: 5 })).statusCode).toBe(400);
    expect((await simulate(other.members.admin, { runs: 40 }, other.id)).statusCode).toBe(404);
  });
});
