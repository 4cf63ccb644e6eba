import type { EventLog } from '@pipewise/engine';
import { computeKpis } from '@pipewise/engine/kpi';
import { createProcessModel } from '@pipewise/store';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../demo/generate-demo-workspace.ts';
import { createDemoProject } from '../testing/demo-project.ts';
import {
  createTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../testing/test-app.ts';

describe.each(storeTargets())('KPIs on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let owner: TestMember;
  let projectId: string;
  let datasetId: string;
  let toBeVersionId: string;
  const workspace = generateDemoWorkspace({ months: 3 });
  let log: EventLog;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('kpis');
    other = await test.organization('kpis-other');
    owner = org.members.process_owner;
    const db = test.store.db;
    ({ projectId, datasetId, log } = await createDemoProject(test, org, workspace));
    toBeVersionId = (
      await createProcessModel(
        db,
        {
          organizationId: org.id,
          projectId,
          name: '目标',
          document: workspace.toBeModel,
          kind: 'to-be',
        },
        owner.userId,
      )
    ).version.id;
  });
  afterAll(() => test.close());

  const as = (member: TestMember, request: Parameters<TestApp['as']>[2], organizationId = org.id) =>
    test.as(member, organizationId, request);

  const ADHERENCE = {
    name: '流程遵循率',
    measure: { kind: 'process-adherence' },
    target: 0.8,
    direction: 'higher-is-better',
  };
  const CALENDAR_SLA = {
    name: '合同评审 48 小时（自然时间）',
    measure: {
      kind: 'timeliness',
      from: '合同评审',
      to: '赢单',
      within: { value: 48, unit: 'hour', basis: 'calendar' },
    },
    target: 0.9,
    direction: 'higher-is-better',
  };

  it('defines KPIs from the building blocks, for editors only, and refuses a measure it does not know', async () => {
    for (const kpi of [ADHERENCE, CALENDAR_SLA]) {
      const created = await as(owner, {
        method: 'POST',
        url: `/api/projects/${projectId}/kpis`,
        payload: kpi,
      });
      expect(created.statusCode).toBe(201);
    }
    const unknown = await as(owner, {
      method: 'POST',
      url: `/api/projects/${projectId}/kpis`,
      payload: { ...ADHERENCE, measure: { kind: 'happiness' } },
    });
    expect(unknown.statusCode).toBe(400);
    const rep = await as(org.members.sales_rep, {
      method: 'POST',
      url: `/api/projects/${projectId}/kpis`,
      payload: ADHERENCE,
    });
    expect(rep.statusCode).toBe(403);
    const list = await as(org.members.viewer, {
      method: 'GET',
      url: `/api/projects/${projectId}/kpis`,
    });
    expect(list.json().map((kpi: { name: string }) => kpi.name)).toEqual([
      ADHERENCE.name,
      CALENDAR_SLA.name,
    ]);
  });

  it('computes them on a dataset against the to-be version, as the engine does', async () => {
    const response = await as(org.members.viewer, {
      method: 'POST',
      url: `/api/projects/${projectId}/kpis/values`,
      payload: { datasetId, versionId: toBeVersionId, time: 'calendar' },
    });
    expect(response.statusCode).toBe(200);
    const { values, cases } = response.json();
    expect(cases).toBe(log.caseCount);
    const expected = computeKpis(
      [
        {
          id: 'a',
          name: {},
          measure: { kind: 'process-adherence' },
          target: 0.8,
          direction: 'higher-is-better',
        },
        {
          id: 'b',
          name: {},
          measure: {
            kind: 'timeliness',
            from: '合同评审',
            to: '赢单',
            within: { value: 48, unit: 'hour', basis: 'calendar' },
          },
          target: 0.9,
          direction: 'higher-is-better',
        },
      ],
      log,
      { model: workspace.toBeModel },
    );
    expect(values.map((value: { value: number }) => value.value)).toEqual(
      expected.map((e) => e.value),
    );
    // The demo's deals never get the after-sales step the to-be adds right after signing,
    // and most legal reviews take longer than two days: both miss their targets.
    expect(values.map((value: { meetsTarget: boolean }) => value.meetsTarget)).toEqual([
      false,
      false,
    ]);
  });

  it('narrows to a period with the case filters, and refuses an unknown attribute', async () => {
    const [first] = workspace.caseAttributes;
    const period = await as(owner, {
      method: 'POST',
      url: `/api/projects/${projectId}/kpis/values`,
      payload: {
        datasetId,
        filters: [
          { kind: 'attribute', name: '团队', values: [first!.attributes.团队], isExcluded: false },
        ],
      },
    });
    expect(period.statusCode).toBe(200);
    expect(period.json().cases).toBeLessThan(log.caseCount);
    const bad = await as(owner, {
      method: 'POST',
      url: `/api/projects/${projectId}/kpis/values`,
      payload: {
        datasetId,
        filters: [{ kind: 'attribute', name: 'Nope', values: ['x'], isExcluded: false }],
      },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps another organization out, and deletes for editors', async () => {
    const [kpi] = (
      await as(owner, { method: 'GET', url: `/api/projects/${projectId}/kpis` })
    ).json();
    expect(
      (
        await as(
          other.members.admin,
          { method: 'GET', url: `/api/projects/${projectId}/kpis` },
          other.id,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await as(other.members.admin, { method: 'DELETE', url: `/api/kpis/${kpi.id}` }, other.id))
        .statusCode,
    ).toBe(404);
    const renamed = await as(org.members.manager, {
      method: 'PATCH',
      url: `/api/kpis/${kpi.id}`,
      payload: { target: 0.9 },
    });
    expect(renamed.json().target).toBe(0.9);
    expect((await as(owner, { method: 'DELETE', url: `/api/kpis/${kpi.id}` })).statusCode).toBe(
      204,
    );
  });
});
