import { createProcessModel } from '@pipewise/store';
import { storeTargets } from '@pipewise/store/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../demo/generate-demo-workspace.ts';
import { createDemoProject } from '../testing/demo-project.ts';
import {
  createTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../testing/test-app.ts';

interface Finding {
  key: string;
  detector: string;
  title: { zh: string; en: string };
  steps: string[];
  segment: { attribute: string; value: string } | null;
  severity: number;
  suggestedType: string;
  evidence: Record<string, unknown>;
  impact: { casesAffected: number | null; waitingMs: number | null };
  problemId: string | null;
}

describe.each(storeTargets())('diagnosis and the problem register on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let owner: TestMember;
  let projectId: string;
  let datasetId: string;
  let versionId: string;
  // Three months of the demo: its planted problems, quicker to import.
  const workspace = generateDemoWorkspace({ months: 3 });

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('diagnosis');
    other = await test.organization('elsewhere');
    owner = org.members.process_owner;
    const db = test.store.db;
    ({ projectId, datasetId } = await createDemoProject(test, org, workspace, {
      projectName: '销售流程优化',
      timeZone: 'Asia/Shanghai',
    }));
    versionId = (
      await createProcessModel(
        db,
        {
          organizationId: org.id,
          projectId,
          name: '现状',
          document: workspace.asIsModel,
          kind: 'as-is',
        },
        owner.userId,
      )
    ).version.id;
  });
  afterAll(() => test.close());

  const as = (member: TestMember, request: Parameters<TestApp['as']>[2], organizationId = org.id) =>
    test.as(member, organizationId, request);

  const diagnosis = async (body: Record<string, unknown> = {}) => {
    const response = await as(org.members.sales_rep, {
      method: 'POST',
      url: `/api/projects/${projectId}/diagnosis`,
      payload: { datasetId, versionId, segmentBy: '团队', ...body },
    });
    expect(response.statusCode).toBe(200);
    return response.json() as {
      findings: Finding[];
      indicators: { stepId: string; activity: string | null; cases: number }[];
      time: { kind: string };
    };
  };

  it('runs the detectors on a dataset and a version, with the step indicators, for every role', async () => {
    const result = await diagnosis();
    expect(result.time.kind).toBe('working');
    const detectors = new Set(result.findings.map((finding) => finding.detector));
    for (const detector of [
      'redundant-entry',
      'missing-hand-off',
      'segment-bottleneck',
      'rework-loop',
    ])
      expect(detectors).toContain(detector);
    const severities = result.findings.map((finding) => finding.severity);
    expect(severities).toEqual([...severities].sort((x, y) => y - x));
    const segment = result.findings.find((finding) => finding.detector === 'segment-bottleneck')!;
    expect(segment.segment).toEqual({ attribute: '团队', value: '华北区销售组' });
    expect(segment.impact.waitingMs).toBeGreaterThan(0);
    expect(segment.key).toBe(`segment-bottleneck|${segment.steps.join('>')}|团队=华北区销售组`);
    const review = result.indicators.find((step) => step.activity === '合同评审')!;
    expect(review.cases).toBeGreaterThan(0);
    expect(result.findings.every((finding) => finding.problemId === null)).toBe(true);
    // Without a version: only the data's detectors, no indicators.
    const dataOnly = await diagnosis({
      versionId: undefined,
      segmentBy: undefined,
      time: 'calendar',
    });
    expect(dataOnly.indicators).toBeNull();
    expect(dataOnly.findings.map((finding) => finding.detector)).not.toContain('missing-hand-off');
  });

  it('refuses an unknown segment attribute, naming those there are, and another organization’s dataset', async () => {
    const unknown = await as(owner, {
      method: 'POST',
      url: `/api/projects/${projectId}/diagnosis`,
      payload: { datasetId, segmentBy: 'Nope' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({
      code: 'unknown-case-attribute',
      details: { available: expect.arrayContaining(['团队']) },
    });
    const foreign = await as(
      other.members.admin,
      { method: 'POST', url: `/api/projects/${projectId}/diagnosis`, payload: { datasetId } },
      other.id,
    );
    expect(foreign.statusCode).toBe(404);
  });

  it('adds findings to the register once: the same finding again is refused and nothing is added', async () => {
    const { findings } = await diagnosis();
    const picked = findings.filter((finding) =>
      ['redundant-entry', 'segment-bottleneck'].includes(finding.detector),
    );
    const problems = picked.map((finding) => ({
      source: 'detector',
      findingKey: finding.key,
      title: finding.title.zh,
      steps: finding.steps,
      type: finding.suggestedType,
      severity: finding.severity,
      evidence: { ...finding.evidence, datasetId },
      casesAffected: finding.impact.casesAffected,
      waitingMs: finding.impact.waitingMs,
    }));
    const added = await as(owner, {
      method: 'POST',
      url: `/api/projects/${projectId}/problems`,
      payload: { problems },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toHaveLength(picked.length);
    const again = await as(owner, {
      method: 'POST',
      url: `/api/projects/${projectId}/problems`,
      payload: {
        problems: [{ source: 'manual', title: '新问题', type: 'other', severity: 2 }, problems[0]],
      },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details.findingKeys).toEqual([picked[0]!.key]);
    const list = await as(org.members.viewer, {
      method: 'GET',
      url: `/api/projects/${projectId}/problems`,
    });
    expect(list.json()).toHaveLength(picked.length);
    // The next run says which findings are in the register.
    const marked = (await diagnosis()).findings.filter((finding) => finding.problemId !== null);
    expect(marked.map((finding) => finding.key).sort()).toEqual(picked.map((f) => f.key).sort());
  });

  it('classes a problem by root cause and assigns it; refuses bad values, strangers and outsiders', async () => {
    const [problem] = (
      await as(owner, { method: 'GET', url: `/api/projects/${projectId}/problems` })
    ).json();
    const patch = (member: TestMember, payload: Record<string, unknown>, organizationId = org.id) =>
      as(member, { method: 'PATCH', url: `/api/problems/${problem.id}`, payload }, organizationId);
    const classed = await patch(org.members.manager, {
      rootCause: 'management-mechanism',
      ownerId: org.members.supporting.userId,
      status: 'in-progress',
    });
    expect(classed.statusCode).toBe(200);
    expect(classed.json()).toMatchObject({
      rootCause: 'management-mechanism',
      ownerId: org.members.supporting.userId,
      status: 'in-progress',
    });
    expect((await patch(owner, { rootCause: 'bad-luck' })).statusCode).toBe(400);
    expect((await patch(owner, { severity: 6 })).statusCode).toBe(400);
    const stranger = await patch(owner, { ownerId: other.members.admin.userId });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error).toMatchObject({ code: 'invalid-reference' });
    const link = await patch(owner, {
      interviewLinks: [{ interviewId: '00000000-0000-4000-8000-000000000000', answerIndex: 0 }],
    });
    expect(link.statusCode).toBe(400);
    expect((await patch(org.members.sales_rep, { status: 'resolved' })).statusCode).toBe(403);
    expect((await patch(other.members.admin, { status: 'resolved' }, other.id)).statusCode).toBe(
      404,
    );
    const after = (
      await as(owner, { method: 'GET', url: `/api/projects/${projectId}/problems` })
    ).json();
    expect(after.find((p: { id: string }) => p.id === problem.id).status).toBe('in-progress');
  });

  it('exports the register to Excel in either language, with a Pareto sheet', async () => {
    const response = await as(org.members.viewer, {
      method: 'GET',
      url: `/api/projects/${projectId}/problems.xlsx?lang=zh`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('问题清单')!;
    const problems = (
      await as(owner, { method: 'GET', url: `/api/projects/${projectId}/problems` })
    ).json();
    expect(sheet.rowCount).toBe(1 + problems.length);
    const values = [2, 3].flatMap((row) => sheet.getRow(row).values as unknown[]);
    expect(values).toContain('管理机制');
    expect(values).toContain('重复冗余');
    expect(workbook.getWorksheet('帕累托')).toBeDefined();
    const english = await as(owner, {
      method: 'GET',
      url: `/api/projects/${projectId}/problems.xlsx?lang=en`,
    });
    const en = new ExcelJS.Workbook();
    await en.xlsx.load(english.rawPayload as unknown as ArrayBuffer);
    expect(en.getWorksheet('Problem register')!.getRow(1).getCell(2).value).toBe('Problem');
  });

  it('deletes a problem for registrars only', async () => {
    const [problem] = (
      await as(owner, { method: 'GET', url: `/api/projects/${projectId}/problems` })
    ).json();
    const denied = await as(org.members.viewer, {
      method: 'DELETE',
      url: `/api/problems/${problem.id}`,
    });
    expect(denied.statusCode).toBe(403);
    const deleted = await as(owner, { method: 'DELETE', url: `/api/problems/${problem.id}` });
    expect(deleted.statusCode).toBe(204);
    expect(
      (await as(owner, { method: 'DELETE', url: `/api/problems/${problem.id}` })).statusCode,
    ).toBe(404);
  });
});
