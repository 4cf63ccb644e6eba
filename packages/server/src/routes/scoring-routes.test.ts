import {
  makeStep,
  createProcessModel as newModel,
  type ProcessModel,
} from '@pipewise/engine/process-model';
import { createProcessModel } from '@pipewise/store';
import { storeTargets } from '@pipewise/store/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../testing/multipart.ts';
import { createTestApp, type TestApp, type TestOrganization } from '../testing/test-app.ts';

/** Start, 报价, 合同评审, 签约, end: three steps to score. */
function salesModel(): ProcessModel {
  return {
    ...newModel('m', { zh: '销售流程', en: 'Sales process' }),
    steps: [
      makeStep('start', { zh: '开始' }, 'start'),
      makeStep('quote', { zh: '报价', en: 'Quote' }),
      makeStep('review', { zh: '合同评审', en: 'Contract review' }, 'approval'),
      makeStep('sign', { zh: '签约', en: 'Signing' }),
      makeStep('end', { zh: '结束' }, 'end'),
    ],
  };
}

/** A sheet's entry from [efficiency, effectiveness, compliance, customer experience]. */
const entry = (stepId: string, [a, b, c, d]: (number | null)[], comment?: string) => ({
  stepId,
  scores: { efficiency: a, effectiveness: b, compliance: c, 'customer-experience': d },
  ...(comment ? { comment } : {}),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(storeTargets())('scoring rounds over HTTP on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let projectId: string;
  let versionId: string;
  let roundId: string;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('scoring');
    other = await test.organization('elsewhere');
    projectId = (
      await test.as(org.members.process_owner, org.id, {
        method: 'POST',
        url: '/api/projects',
        payload: { name: '诊断' },
      })
    ).json().id;
    const made = await createProcessModel(
      test.store.db,
      { organizationId: org.id, projectId, name: '销售流程', document: salesModel() },
      null,
    );
    versionId = made.version.id;
  });
  afterAll(() => test.close());

  const as = (
    member: keyof TestOrganization['members'],
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: unknown,
  ) =>
    test.as(org.members[member], org.id, {
      method,
      url,
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });

  const resultsNow = async () =>
    (await as('process_owner', 'GET', `/api/scoring-rounds/${roundId}/results`)).json();

  it('lets the process owner open a round on a version with three raters, and lists it', async () => {
    const created = await as('process_owner', 'POST', `/api/versions/${versionId}/scoring-rounds`, {
      title: '现状评分',
      raterIds: [org.members.manager.userId, org.members.sales_rep.userId],
    });
    expect(created.statusCode).toBe(201);
    roundId = created.json().id;
    expect(created.json()).toMatchObject({ projectId, status: 'open', raters: 2 });
    const invited = await as('process_owner', 'POST', `/api/scoring-rounds/${roundId}/raters`, {
      userIds: [org.members.supporting.userId],
    });
    expect(invited.json().raters).toBe(3);
    const listed = await as('manager', 'GET', `/api/projects/${projectId}/scoring-rounds`);
    expect(listed.json()).toEqual([
      expect.objectContaining({ id: roundId, title: '现状评分', versionNumber: 1, raters: 3 }),
    ]);
    const mine = await as('sales_rep', 'GET', '/api/my-scoring-rounds');
    expect(mine.json().map((round: { id: string }) => round.id)).toEqual([roundId]);
    expect((await as('viewer', 'GET', '/api/my-scoring-rounds')).json()).toEqual([]);
  });

  it('refuses raters from another organization and rounds on its versions', async () => {
    const refused = await as('process_owner', 'POST', `/api/scoring-rounds/${roundId}/raters`, {
      userIds: [other.members.admin.userId],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'not-members',
      details: { userIds: [other.members.admin.userId] },
    });
    const theirs = await test.as(other.members.process_owner, other.id, {
      method: 'GET',
      url: `/api/scoring-rounds/${roundId}/results`,
    });
    expect(theirs.statusCode).toBe(404);
    const onOurs = await test.as(other.members.process_owner, other.id, {
      method: 'POST',
      url: `/api/versions/${versionId}/scoring-rounds`,
      payload: { title: 'x', raterIds: [] },
    });
    expect(onOurs.statusCode).toBe(404);
  });

  it('gives each invited rater their sheet and saves it; others may not', async () => {
    const sheet = await as('manager', 'GET', `/api/scoring-rounds/${roundId}/sheet`);
    expect(sheet.json().steps.map((step: { id: string }) => step.id)).toEqual([
      'quote',
      'review',
      'sign',
    ]);
    expect(sheet.json().entries).toEqual([]);
    const saved = await as('manager', 'PUT', `/api/scoring-rounds/${roundId}/sheet`, {
      entries: [entry('quote', [2, 3, 3, 2]), entry('review', [1, 2, 4, 1], '法务没有时限')],
    });
    expect(saved.json()).toEqual({ scores: 8, comments: 1 });
    expect(
      (
        await as('sales_rep', 'PUT', `/api/scoring-rounds/${roundId}/sheet`, {
          entries: [entry('quote', [4, 3, 3, 2]), entry('review', [2, 2, 5, 2])],
        })
      ).statusCode,
    ).toBe(200);
    const back = await as('manager', 'GET', `/api/scoring-rounds/${roundId}/sheet`);
    expect(back.json().entries).toContainEqual(entry('review', [1, 2, 4, 1], '法务没有时限'));
    for (const [method, url] of [
      ['GET', `/api/scoring-rounds/${roundId}/sheet`],
      ['PUT', `/api/scoring-rounds/${roundId}/sheet`],
      ['GET', `/api/scoring-rounds/${roundId}/sheet.xlsx`],
    ] as const) {
      const response = await as('viewer', method, url, { entries: [] });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('not-a-rater');
    }
  });

  it('refuses a sheet with scores outside 1–5 or a step the version does not have, naming each in the user’s language, and saves none of it', async () => {
    const before = await resultsNow();
    const refused = await as('sales_rep', 'PUT', `/api/scoring-rounds/${roundId}/sheet?lang=zh`, {
      entries: [entry('quote', [0, 3, 6, 2]), entry('removed', [3, 3, 3, 3])],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('invalid-scoring-sheet');
    expect(refused.json().error.details.errors).toEqual([
      expect.objectContaining({
        reason: 'invalid-score',
        row: 1,
        column: '效率（1-5）',
        value: '0',
        message: '分数必须是 1 到 5 的整数（或留空）。',
      }),
      expect.objectContaining({
        reason: 'invalid-score',
        row: 1,
        column: '合规（1-5）',
        value: '6',
      }),
      expect.objectContaining({
        reason: 'unknown-step',
        row: 2,
        column: '环节编号',
        value: 'removed',
        stepId: 'removed',
      }),
    ]);
    expect(await resultsNow()).toEqual(before);
  });

  it('hands a rater their sheet as Excel and takes it back filled in', async () => {
    const download = await as(
      'supporting',
      'GET',
      `/api/scoring-rounds/${roundId}/sheet.xlsx?lang=en`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(3).getCell(2).value).toBe('Contract review');
    sheet.getRow(3).getCell(3).value = 1;
    sheet.getRow(3).getCell(4).value = 3;
    sheet.getRow(3).getCell(5).value = 5;
    sheet.getRow(3).getCell(6).value = 1;
    sheet.getRow(3).getCell(7).value = '=客户一直在等';
    const uploaded = await test.as(org.members.supporting, org.id, {
      method: 'POST',
      url: `/api/scoring-rounds/${roundId}/sheet.xlsx?lang=en`,
      ...multipart({
        name: 'sheet.xlsx',
        content: Buffer.from('not a workbook'),
        contentType: XLSX,
      }),
    });
    expect(uploaded.statusCode).toBe(400);
    expect(uploaded.json().error.details.errors).toEqual([
      expect.objectContaining({
        reason: 'not-a-workbook',
        message: 'The file is not an Excel workbook (.xlsx).',
      }),
    ]);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const saved = await test.as(org.members.supporting, org.id, {
      method: 'POST',
      url: `/api/scoring-rounds/${roundId}/sheet.xlsx?lang=en`,
      ...multipart({ name: 'sheet.xlsx', content: filled, contentType: XLSX }),
    });
    expect(saved.json()).toEqual({ scores: 4, comments: 1 });
    // Downloaded again, the comment that starts like a formula is kept as text.
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(
      (await as('supporting', 'GET', `/api/scoring-rounds/${roundId}/sheet.xlsx?lang=zh`))
        .rawPayload as unknown as ArrayBuffer,
    );
    expect(again.worksheets[0]!.getRow(3).getCell(7).value).toBe("'=客户一直在等");
    expect(again.worksheets[0]!.getRow(3).getCell(3).value).toBe(1);
  });

  it('refuses an uploaded sheet with merged cells, an extra column and bad scores, listing each, in Chinese, saving nothing', async () => {
    const before = await resultsNow();
    const download = await as(
      'supporting',
      'GET',
      `/api/scoring-rounds/${roundId}/sheet.xlsx?lang=zh`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    sheet.unprotect();
    sheet.getRow(2).getCell(3).value = 9;
    sheet.mergeCells('D4:E4');
    sheet.getRow(1).getCell(8).value = '备注2';
    sheet.getRow(2).getCell(8).value = 'x';
    const response = await test.as(org.members.supporting, org.id, {
      method: 'POST',
      url: `/api/scoring-rounds/${roundId}/sheet.xlsx?lang=zh`,
      ...multipart({
        name: '评分表.xlsx',
        content: Buffer.from(await workbook.xlsx.writeBuffer()),
        contentType: XLSX,
      }),
    });
    expect(response.statusCode).toBe(400);
    const errors = response.json().error.details.errors;
    expect(errors).toEqual([
      expect.objectContaining({ reason: 'merged-cells', sheet: '评分表', row: 4, column: 'D' }),
      expect.objectContaining({
        reason: 'extra-column',
        sheet: '评分表',
        row: 1,
        column: '备注2',
        message: '评分表没有这一列，请删除。',
      }),
      expect.objectContaining({
        reason: 'invalid-score',
        sheet: '评分表',
        row: 2,
        column: '效率（1-5）',
        value: '9',
      }),
    ]);
    expect(await resultsNow()).toEqual(before);
  });

  it('sums the round up per step and dimension, lowest step first, with each rater’s progress', async () => {
    const results = await resultsNow();
    expect(results.steps.map((step: { stepId: string }) => step.stepId)).toEqual([
      'review',
      'quote',
      'sign',
    ]);
    const [review, quote, sign] = results.steps;
    // 合同评审: efficiency 1, 2, 1 (mean 4/3, σ √(2/9)); effectiveness 2, 2, 3; compliance 4, 5, 5;
    // customer experience 1, 2, 1. Step mean (4/3 + 7/3 + 14/3 + 4/3) / 4 = 29/12.
    expect(review.mean).toBeCloseTo(29 / 12, 10);
    expect(review.dimensions.efficiency).toEqual({
      mean: expect.closeTo(4 / 3, 10),
      spread: expect.closeTo(Math.sqrt(2 / 9), 10),
      min: 1,
      max: 2,
      raters: 3,
      isDisputed: false,
    });
    expect(review.dimensions.compliance.mean).toBeCloseTo(14 / 3, 10);
    expect(review.comments).toEqual([
      { raterId: org.members.manager.userId, rater: 'manager', comment: '法务没有时限' },
      { raterId: org.members.supporting.userId, rater: 'supporting', comment: '=客户一直在等' },
    ]);
    // 报价: efficiency 2 and 4 — two points apart, disputed; mean (3 + 3 + 3 + 2) / 4.
    expect(quote.mean).toBe(2.75);
    expect(quote.dimensions.efficiency).toMatchObject({ mean: 3, spread: 1, isDisputed: true });
    expect(quote.isDisputed).toBe(true);
    expect(sign).toMatchObject({ mean: null, raters: 0 });
    expect(
      results.raters.map((rater: { name: string; scored: number; total: number }) => [
        rater.name,
        rater.scored,
        rater.total,
      ]),
    ).toEqual([
      ['manager', 8, 12],
      ['sales_rep', 8, 12],
      ['supporting', 4, 12],
    ]);
    expect(results.disagreementRange).toBe(2);
  });

  it('takes no more scores once the round is closed', async () => {
    const closed = await as('process_owner', 'PATCH', `/api/scoring-rounds/${roundId}`, {
      status: 'closed',
    });
    expect(closed.json().status).toBe('closed');
    const late = await as('manager', 'PUT', `/api/scoring-rounds/${roundId}/sheet`, {
      entries: [entry('sign', [3, 3, 3, 3])],
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('round-closed');
  });
});
