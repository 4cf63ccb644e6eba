import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readXlsxTable } from '@pipewise/formats';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../testing/multipart.ts';
import { createTestApp, type TestApp, type TestOrganization } from '../testing/test-app.ts';

/** A multipart body with one file. */
const form = (name: string, content: Buffer | string, contentType: string) =>
  multipart({ name, content, contentType });

describe.each(storeTargets())('the survey form on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let projectId: string;
  const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-survey-'));

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('survey');
    projectId = (
      await test.as(org.members.process_owner, org.id, {
        method: 'POST',
        url: '/api/projects',
        payload: { name: '调研' },
      })
    ).json().id;
  });
  afterAll(async () => {
    await test.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const upload = (name: string, content: Buffer | string, type = 'text/csv') =>
    test.as(org.members.process_owner, org.id, {
      method: 'POST',
      url: `/api/projects/${projectId}/survey-form`,
      ...form(name, content, type),
    });
  const modelCount = async () =>
    Number(
      (
        await test.store.db
          .selectFrom('process_models')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organization_id', '=', org.id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('downloads as an Excel workbook with the form’s columns, in either language', async () => {
    for (const [lang, expected] of [
      ['zh', ['序号', '环节', '负责人', '部门', '输入', '输出', '系统', '预计耗时']],
      ['en', ['Order', 'Step', 'Owner', 'Department', 'Inputs', 'Outputs', 'Systems']],
    ] as const) {
      const response = await test.as(org.members.viewer, org.id, {
        method: 'GET',
        url: `/api/survey-form?lang=${lang}`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-disposition']).toContain('attachment');
      const file = path.join(folder, `form-${lang}.xlsx`);
      writeFileSync(file, response.rawPayload);
      const read = await readXlsxTable(file);
      expect(read.ok && read.table.headers).toEqual(expect.arrayContaining([...expected]));
      expect(read.ok && read.table.headers).toContain(lang === 'zh' ? '痛点' : 'Pain points');
    }
  });

  it('filled in Excel, becomes the project’s as-is model, one lane per owner', async () => {
    const { default: excel } = await import('exceljs');
    const workbook = new excel.Workbook();
    const sheet = workbook.addWorksheet('环节清单');
    sheet.addRow(['序号', '环节', '负责人', '部门', '输入', '输出', '系统', '预计耗时', '痛点']);
    sheet.addRow([1, '需求沟通', '销售代表', '销售部', '', '客户需求表', 'CRM', '2小时', '']);
    sheet.addRow([
      2,
      '合同审核',
      '法务',
      '法务部',
      '报价单',
      '合同',
      'OA',
      '5个工作日',
      '没有时限',
    ]);
    sheet.addRow([3, '签约', '销售代表', '销售部', '合同', '已签合同', '', '30分钟', '']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const before = await modelCount();
    const response = await upload(
      '现状流程调研表.xlsx',
      bytes,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ steps: 3, lanes: 2 });
    expect(await modelCount()).toBe(before + 1);
    const version = await test.as(org.members.viewer, org.id, {
      method: 'GET',
      url: `/api/versions/${response.json().versionId}`,
    });
    const review = version
      .json()
      .document.steps.find((step: { name: { zh?: string } }) => step.name.zh === '合同审核');
    expect(review).toMatchObject({
      systems: ['OA'],
      estimated: { value: 5, unit: 'day', basis: 'working' },
      notes: '痛点: 没有时限',
    });
  });

  it('with missing owners and a duration like “a while”, lists every cell to fix and stores nothing', async () => {
    const before = await modelCount();
    const response = await upload(
      '调研表.csv',
      '序号,环节,负责人,预计耗时\n1,需求沟通,销售代表,2小时\n2,方案设计,,一阵子\n3,合同审核,,3天\n',
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid-survey-form');
    expect(response.json().error.details.errors).toEqual([
      expect.objectContaining({
        reason: 'missing-owner',
        file: '调研表.csv',
        line: 3,
        column: '负责人',
      }),
      expect.objectContaining({
        reason: 'unparseable-duration',
        line: 3,
        column: '预计耗时',
        value: '一阵子',
      }),
      expect.objectContaining({ reason: 'missing-owner', line: 4 }),
    ]);
    expect(await modelCount()).toBe(before);
  });

  it('refuses another kind of file, and a role that may not change the process', async () => {
    expect((await upload('notes.pdf', 'x', 'application/pdf')).statusCode).toBe(415);
    const asRep = await test.as(org.members.sales_rep, org.id, {
      method: 'POST',
      url: `/api/projects/${projectId}/survey-form`,
      ...form('a.csv', '环节,负责人\nA,B\n', 'text/csv'),
    });
    expect(asRep.statusCode).toBe(403);
    // Another organization's admin cannot put a model into this project.
    const other = await test.organization('survey-other');
    const before = await modelCount();
    const stranger = await test.as(other.members.admin, other.id, {
      method: 'POST',
      url: `/api/projects/${projectId}/survey-form`,
      ...form('a.csv', '环节,负责人\nA,B\n', 'text/csv'),
    });
    expect(stranger.statusCode).toBe(404);
    expect(await modelCount()).toBe(before);
  });
});
