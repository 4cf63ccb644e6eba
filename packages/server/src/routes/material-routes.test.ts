import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../testing/multipart.ts';
import { createTestApp, type TestApp, type TestOrganization } from '../testing/test-app.ts';

type Part = { name: string; value: string } | { name: 'file'; fileName: string; content: Buffer };

/** Fields in order, and the file part if there is one. */
const materialForm = (parts: Part[]) => {
  const file = parts.find((part) => 'fileName' in part);
  const fields = Object.fromEntries(
    parts.flatMap((part) => ('value' in part ? [[part.name, part.value]] : [])),
  );
  return multipart(
    file && 'fileName' in file
      ? { name: file.fileName, content: file.content, contentType: 'application/octet-stream' }
      : undefined,
    fields,
  );
};

const PDF = Buffer.from('%PDF-1.4\n合同评审 SOP\n%%EOF');

describe.each(storeTargets())('the materials register on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let projectId: string;

  beforeAll(async () => {
    test = await createTestApp(target, { materialLimitMb: 0.01 });
    org = await test.organization('materials');
    projectId = (
      await test.as(org.members.process_owner, org.id, {
        method: 'POST',
        url: '/api/projects',
        payload: { name: '调研' },
      })
    ).json().id;
  });
  afterAll(() => test.close());

  const add = (parts: Part[], member = org.members.manager) =>
    test.as(member, org.id, {
      method: 'POST',
      url: `/api/projects/${projectId}/materials`,
      ...materialForm(parts),
    });
  const list = () =>
    test.as(org.members.viewer, org.id, {
      method: 'GET',
      url: `/api/projects/${projectId}/materials`,
    });

  it('keeps an uploaded file in the database and hands back the same bytes as a download', async () => {
    const created = await add([
      { name: 'title', value: '合同评审 SOP' },
      { name: 'kind', value: 'sop' },
      { name: 'steps', value: JSON.stringify(['合同评审']) },
      { name: 'isKeyNode', value: 'true' },
      { name: 'file', fileName: '合同评审SOP.pdf', content: PDF },
    ]);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      title: '合同评审 SOP',
      kind: 'sop',
      steps: ['合同评审'],
      isKeyNode: true,
      isExceptionRecord: false,
      fileName: '合同评审SOP.pdf',
      contentType: 'application/pdf',
      size: PDF.byteLength,
      link: null,
    });
    const download = await test.as(org.members.viewer, org.id, {
      method: 'GET',
      url: `/api/materials/${created.json().id}/file`,
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);
    // The list does not carry the bytes.
    expect(JSON.stringify((await list()).json())).not.toContain('%PDF');
  });

  it('keeps a link, marked as an exception record, and changes its marks', async () => {
    const created = await add([
      { name: 'title', value: '2025 年丢单复盘' },
      { name: 'kind', value: 'retrospective' },
      { name: 'isExceptionRecord', value: 'true' },
      { name: 'link', value: 'https://wiki.example.com/retro/2025' },
    ]);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      link: 'https://wiki.example.com/retro/2025',
      fileName: null,
    });
    const changed = await test.as(org.members.manager, org.id, {
      method: 'PUT',
      url: `/api/materials/${created.json().id}`,
      payload: { ...(created.json() as object), steps: ['商务谈判', '输单'], isKeyNode: true },
    });
    expect(changed.json()).toMatchObject({
      steps: ['商务谈判', '输单'],
      isKeyNode: true,
      isExceptionRecord: true,
    });
    const file = await test.as(org.members.viewer, org.id, {
      method: 'GET',
      url: `/api/materials/${created.json().id}/file`,
    });
    expect(file.statusCode).toBe(404);
  });

  it('refuses what it must not keep, and stores nothing of it', async () => {
    const before = (await list()).json().length;
    const title = { name: 'title', value: 'x' };
    const kind = { name: 'kind', value: 'other' };
    const cases: [Part[], number, string][] = [
      [
        [title, kind, { name: 'file', fileName: 'tool.exe', content: Buffer.from('MZ') }],
        415,
        'unsupported-file-type',
      ],
      [
        [title, kind, { name: 'file', fileName: 'SOP.pdf', content: Buffer.from('MZ\u0090') }],
        415,
        'content-mismatch',
      ],
      [
        [title, kind, { name: 'file', fileName: 'big.txt', content: Buffer.alloc(20_000, 0x41) }],
        413,
        'file-too-large',
      ],
      [[title, kind, { name: 'link', value: 'javascript:alert(1)' }], 400, 'invalid-link'],
      [[title, kind], 400, 'file-or-link'],
      [
        [title, { name: 'kind', value: 'novel' }, { name: 'link', value: 'https://x.example' }],
        400,
        'invalid-request',
      ],
      [
        [
          title,
          kind,
          { name: 'link', value: 'https://x.example' },
          { name: 'file', fileName: 'a.txt', content: Buffer.from('a') },
        ],
        400,
        'file-or-link',
      ],
    ];
    for (const [parts, status, code] of cases) {
      const response = await add(parts);
      expect({ code, status: response.statusCode, answer: response.json().error?.code }).toEqual({
        code,
        status,
        answer: code,
      });
    }
    expect((await list()).json()).toHaveLength(before);
  });

  it('lets only keepers change it, and not across organizations', async () => {
    const [material] = (await list()).json();
    const asRep = await add([{ name: 'title', value: 'x' }], org.members.sales_rep);
    expect(asRep.statusCode).toBe(403);
    const other = await test.organization('materials-other');
    for (const [method, url] of [
      ['GET', `/api/materials/${material.id}/file`],
      ['DELETE', `/api/materials/${material.id}`],
      ['GET', `/api/projects/${projectId}/materials`],
    ] as const) {
      const response = await test.as(other.members.admin, other.id, { method, url });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 404 });
    }
    const deleted = await test.as(org.members.manager, org.id, {
      method: 'DELETE',
      url: `/api/materials/${material.id}`,
    });
    expect(deleted.statusCode).toBe(204);
    const audit = await test.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'material')
      .where('entity_id', '=', material.id)
      .orderBy('id')
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual(['create', 'delete']);
  });
});
