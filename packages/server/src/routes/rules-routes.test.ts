import { CALENDARS, createWorkingTime, type EventLog, resolveTimeZone } from '@pipewise/engine';
import { replayRules } from '@pipewise/engine/rules';
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

describe.each(storeTargets())('replaying a version’s rules over a dataset on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let owner: TestMember;
  let datasetId: string;
  let asIsId: string;
  let toBeId: string;
  const workspace = generateDemoWorkspace({ months: 3 });
  let log: EventLog;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('rules');
    other = await test.organization('rules-other');
    owner = org.members.process_owner;
    const project = await createDemoProject(test, org, workspace);
    datasetId = project.datasetId;
    log = project.log;
    ({ asIsVersionId: asIsId, toBeVersionId: toBeId } = await createDemoVersions(
      test,
      org,
      project.projectId,
      workspace,
    ));
  });
  afterAll(() => test.close());

  const check = (
    member: TestMember,
    versionId: string,
    payload: Record<string, unknown>,
    organizationId = org.id,
  ) =>
    test.as(member, organizationId, {
      method: 'POST',
      url: `/api/versions/${versionId}/rules-check`,
      payload: { datasetId, ...payload },
    });

  it('gives what `replayRules` gives on the dataset in its working time, judged at its last event', async () => {
    const answer = await check(org.members.viewer, toBeId, { examples: 3 });
    expect(answer.statusCode).toBe(200);
    const result = answer.json();
    let lastMs = Number.NEGATIVE_INFINITY;
    for (const atMs of log.timestampMs) lastMs = Math.max(lastMs, atMs);
    const zone = resolveTimeZone('Asia/Shanghai');
    if (!zone.ok) throw new Error('no Asia/Shanghai zone');
    // The dataset has no calendar of its own: the default, cn in China time.
    const expected = replayRules(workspace.toBeModel, log, {
      workingTime: createWorkingTime(CALENDARS.cn!, zone.zone),
      nowMs: lastMs,
      sampleSize: 3,
    });
    expect(result).toEqual(JSON.parse(JSON.stringify(expected)));
    // The demo's legal review within 48 working hours starts a clock on every review.
    const legal = result.rules.find(
      (rule: { ruleId: string }) => rule.ruleId === 'legal-review-48h',
    );
    expect(legal.clocks.started).toBeGreaterThan(0);
    expect(legal.escalationsByLevel).toHaveLength(2);
    expect(result.sampleEscalations.length).toBeLessThanOrEqual(3);
  });

  it('judges open clocks at the instant asked', async () => {
    const early = await check(owner, toBeId, { now: '2025-01-20T18:00:00+08:00' });
    expect(early.statusCode).toBe(200);
    expect(early.json().nowMs).toBe(Date.parse('2025-01-20T18:00:00+08:00'));
  });

  it('refuses a version without rules or deadlines, a bad instant, and another organization', async () => {
    const none = await check(owner, asIsId, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('no-rules');
    expect((await check(owner, toBeId, { now: 'soon' })).statusCode).toBe(400);
    expect((await check(other.members.admin, toBeId, {}, other.id)).statusCode).toBe(404);
  });
});
