import { readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyzeLog, type DirectlyFollowsArc, resolveTimeZone } from '@pipewise/engine';
import { parseProcessModel } from '@pipewise/engine/process-model';
import { memorySource, readCsvEventLog } from '@pipewise/formats';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilePart, multipart } from '../testing/multipart.ts';
import {
  createTestApp,
  type TestApp,
  type TestMember,
  type TestOrganization,
} from '../testing/test-app.ts';

/** The first 30 lines of packages/cli/demo/opportunity-history.csv: 10 deals, 29 stage changes. */
const HISTORY_LINES = [
  '商机编号,阶段,时间,负责人',
  'SJ-000001,线索,2023-01-03 15:01:25,胡红',
  'SJ-000002,线索,2023-01-04 12:15:18,胡建华',
  'SJ-000003,线索,2023-01-06 11:17:48,梁静',
  'SJ-000003,需求确认,2023-01-09 10:53:49,梁静',
  'SJ-000004,线索,2023-01-09 15:36:33,韩玲',
  'SJ-000002,需求确认,2023-01-10 09:15:39,胡建华',
  'SJ-000005,线索,2023-01-11 11:47:55,韩玲',
  'SJ-000001,需求确认,2023-01-12 10:27:33,胡红',
  'SJ-000005,需求确认,2023-01-12 10:40:23,韩玲',
  'SJ-000006,线索,2023-01-12 15:23:21,梁静',
  'SJ-000001,方案设计,2023-01-13 09:52:52,胡红',
  'SJ-000006,需求确认,2023-01-13 10:48:36,梁静',
  'SJ-000001,输单,2023-01-16 10:02:04,胡红',
  'SJ-000006,方案设计,2023-01-16 10:04:13,梁静',
  'SJ-000004,方案设计,2023-01-17 09:32:18,韩玲',
  'SJ-000007,线索,2023-01-17 15:57:41,赵雨桐',
  'SJ-000005,方案设计,2023-01-18 09:57:44,韩玲',
  'SJ-000008,线索,2023-01-18 13:53:53,韩强',
  'SJ-000008,需求确认,2023-01-19 10:42:12,韩强',
  'SJ-000007,需求确认,2023-01-20 11:31:56,赵雨桐',
  'SJ-000009,线索,2023-01-20 15:25:05,韩强',
  'SJ-000002,方案设计,2023-01-23 09:16:36,胡建华',
  'SJ-000008,方案设计,2023-01-23 10:06:15,唐娜',
  'SJ-000007,方案设计,2023-01-23 10:13:18,赵雨桐',
  'SJ-000009,需求确认,2023-01-23 10:20:23,韩强',
  'SJ-000005,报价,2023-01-23 10:45:31,韩玲',
  'SJ-000004,报价,2023-01-24 09:42:07,韩玲',
  'SJ-000010,线索,2023-01-24 10:38:20,胡建华',
  'SJ-000009,方案设计,2023-01-25 10:33:31,韩强',
];
const HISTORY_CSV = `${HISTORY_LINES.join('\n')}\n`;

/** The same log as the engine reads it from the CLI, to hold the API's figures against. */
function engineAnalysis() {
  const zone = resolveTimeZone('Asia/Shanghai');
  if (!zone.ok) throw new Error('no Asia/Shanghai');
  const read = readCsvEventLog(memorySource('history.csv', new TextEncoder().encode(HISTORY_CSV)), {
    timeZone: zone.zone,
  });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  return analyzeLog(read.log);
}

const arcCounts = (arcs: DirectlyFollowsArc[]) =>
  Object.fromEntries(arcs.map((arc) => [`${arc.from} → ${arc.to}`, arc.count]));

interface Job {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  result: { datasetId: string; events: number; cases: number } | null;
  error: { message: string; details: Record<string, unknown> | null } | null;
}

describe.each(storeTargets())('datasets on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;
  let owner: TestMember;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('datasets');
    owner = org.members.process_owner;
  });
  afterAll(() => test.close());

  const as = (request: Parameters<TestApp['as']>[2], app = test, member = owner, orgId = org.id) =>
    app.as(member, orgId, request);

  const upload = (file: FilePart | undefined, fields: Record<string, string> = {}, app = test) =>
    as({ method: 'POST', url: '/api/datasets', ...multipart(file, fields) }, app);

  /** Waits for the job to finish and reads it through the API. */
  const finishedJob = async (jobId: string, app = test): Promise<Job> => {
    await app.context.jobs.settle();
    const response = await as({ method: 'GET', url: `/api/jobs/${jobId}` }, app);
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  /** Uploads the history CSV and returns the stored dataset's id. */
  const importHistory = async (name = 'history.csv'): Promise<string> => {
    const response = await upload({ name, content: HISTORY_CSV });
    expect(response.statusCode).toBe(202);
    const job = await finishedJob(response.json().jobId);
    if (job.status !== 'succeeded' || !job.result) throw new Error(JSON.stringify(job));
    return job.result.datasetId;
  };

  const datasetNames = async (app = test) =>
    (await as({ method: 'GET', url: '/api/datasets' }, app))
      .json()
      .map((dataset: { name: string }) => dataset.name);

  const eventRows = async (app = test) =>
    Number(
      (
        await app.store.db
          .selectFrom('dataset_events')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  const uploadsLeft = (app = test) => {
    try {
      return readdirSync(path.join(app.context.config.dataDir, 'uploads'));
    } catch {
      return [];
    }
  };

  describe('uploading a CSV', () => {
    it('answers 202 with a job that succeeds with the dataset, which the list then shows with its counts', async () => {
      const response = await upload(
        { name: '商机阶段历史.csv', content: HISTORY_CSV },
        { name: '一月的商机' },
      );
      expect(response.statusCode).toBe(202);
      expect(response.json()).toEqual({ jobId: expect.any(String) });

      const job = await finishedJob(response.json().jobId);
      expect(job).toMatchObject({
        status: 'succeeded',
        result: { datasetId: expect.any(String), events: 29, cases: 10 },
        error: null,
      });

      const list = await as({ method: 'GET', url: '/api/datasets' });
      expect(list.statusCode).toBe(200);
      const dataset = list
        .json()
        .find((candidate: { id: string }) => candidate.id === job.result?.datasetId);
      expect(dataset).toMatchObject({
        name: '一月的商机',
        sourceFile: '商机阶段历史.csv',
        format: 'csv',
        eventCount: 29,
        caseCount: 10,
        mapping: { case: '商机编号', activity: '阶段', timestamp: '时间', resource: '负责人' },
      });
      // The uploaded file does not stay on the server once imported.
      expect(uploadsLeft()).toEqual([]);
    });

    it('a job is polled through GET /api/jobs/:id while it runs and after; an unknown job is 404', async () => {
      let finish: (value: unknown) => void = () => {};
      let started!: () => void;
      const isRunning = new Promise<void>((resolve) => (started = resolve));
      await test.context.jobs.define('test', () => {
        started();
        return new Promise((resolve) => (finish = resolve));
      });
      const jobId = await test.context.jobs.start(org.id, 'test', owner.userId, {});
      await isRunning;
      const running = await as({ method: 'GET', url: `/api/jobs/${jobId}` });
      expect(running.json()).toMatchObject({ id: jobId, status: 'running', result: null });
      finish({ done: true });
      expect(await finishedJob(jobId)).toMatchObject({
        status: 'succeeded',
        progress: 1,
        result: { done: true },
      });

      const missing = await as({
        method: 'GET',
        url: '/api/jobs/00000000-0000-4000-8000-000000000000',
      });
      expect(missing.statusCode).toBe(404);
    });

    it('an import taken by a process that cannot see the upload fails with what to do', async () => {
      // What a second server process without the shared uploads folder would meet.
      const jobId = await test.context.jobs.start(org.id, 'import-dataset', owner.userId, {
        file: '/nonexistent/upload-elsewhere',
        fileName: '商机.csv',
        name: '商机',
        projectId: null,
        sheet: null,
        mapping: {},
        timeZone: 'Asia/Shanghai',
        calendar: 'cn',
      });
      expect(await finishedJob(jobId)).toMatchObject({
        status: 'failed',
        error: {
          message: expect.stringMatching(/^商机\.csv: .*PIPEWISE_DATA must be a folder they share/),
        },
      });
    });
  });

  describe('analysis', () => {
    let datasetId: string;
    beforeAll(async () => {
      datasetId = await importHistory('analysis.csv');
    });

    const analyze = (body: Record<string, unknown> = {}, member = owner) =>
      as(
        { method: 'POST', url: `/api/datasets/${datasetId}/analysis`, payload: body },
        test,
        member,
      );

    it('lists the cases behind a hand-off, slowest first, as many as the arc counts', async () => {
      const response = await as(
        {
          method: 'POST',
          url: `/api/datasets/${datasetId}/cases`,
          payload: { passage: { from: '线索', to: '需求确认' }, limit: 3 },
        },
        test,
        org.members.viewer,
      );
      expect(response.statusCode).toBe(200);
      const arc = engineAnalysis().dfg.find((a) => a.from === '线索' && a.to === '需求确认');
      expect(response.json().count).toBe(arc?.count);
      expect(response.json().count).toBe(8); // SJ-000001, 02, 03, 05, 06, 07, 08, 09 (04 skips it)
      const [slowest, ...rest] = response.json().cases;
      // SJ-000001: 2023-01-03 15:01:25 → 2023-01-12 10:27:33 = 8 d 19:26:08.
      expect(slowest).toMatchObject({ caseId: 'SJ-000001', times: 1, handOffMs: 761_168_000 });
      expect(rest).toHaveLength(2);
      const byActivity = await as(
        {
          method: 'POST',
          url: `/api/datasets/${datasetId}/cases`,
          payload: { passage: { activity: '报价' } },
        },
        test,
        org.members.viewer,
      );
      expect(
        byActivity
          .json()
          .cases.map((c: { caseId: string }) => c.caseId)
          .sort(),
      ).toEqual(['SJ-000004', 'SJ-000005']);
    });

    it('gives the engine’s figures for the same CSV', async () => {
      const response = await analyze();
      expect(response.statusCode).toBe(200);
      const api = response.json();
      const engine = engineAnalysis();
      expect(api.time).toEqual({ kind: 'calendar' });
      expect(api.filters).toEqual([]);
      expect(api.events).toBe(engine.events);
      expect(api.cases).toBe(engine.cases);
      expect(api.activities).toBe(engine.activities);
      expect(api.resources).toBe(engine.resources);
      expect(api.firstEventMs).toBe(engine.firstEventMs);
      expect(api.lastEventMs).toBe(engine.lastEventMs);
      expect(arcCounts(api.dfg)).toEqual(arcCounts(engine.dfg));
      expect(api.variants).toEqual(engine.variants);
      expect(api.variantCount).toBe(engine.variants.length);
      expect(api.start).toEqual(engine.start);
      expect(api.caseDuration.medianMs).toBe(engine.caseDuration.medianMs);
      expect(api.events).toBe(29);
      expect(api.cases).toBe(10);
    });

    it('in working time adds working figures beside the calendar ones', async () => {
      const response = await analyze({ time: 'working', calendar: 'cn' });
      expect(response.statusCode).toBe(200);
      const api = response.json();
      // A working day of the cn calendar is 8 working hours (09–12, 13–18).
      expect(api.time).toEqual({
        kind: 'working',
        calendar: 'cn',
        timeZone: 'Asia/Shanghai',
        dayMs: 8 * 3_600_000,
      });
      expect(api.caseDuration.working).toMatchObject({ count: expect.any(Number) });
      expect(api.caseDuration.working.medianMs).toBeLessThan(api.caseDuration.medianMs);
      const arc = api.dfg.find(
        (candidate: DirectlyFollowsArc) => candidate.from === '线索' && candidate.to === '需求确认',
      );
      expect(arc.working.count).toBe(arc.count);
      expect(arc.working.medianMs).toBeLessThan(arc.medianMs);
    });

    it('uses the calendar and time zone the dataset was imported with, unless the request names others', async () => {
      const response = await upload(
        { name: 'mon-fri.csv', content: HISTORY_CSV },
        { calendar: 'mon-fri', timeZone: 'Europe/Berlin' },
      );
      const job = await finishedJob(response.json().jobId);
      const id = (job.result as { datasetId: string }).datasetId;
      const stored = await as({ method: 'GET', url: `/api/datasets/${id}` });
      expect(stored.json().mapping).toMatchObject({ timeZone: 'Europe/Berlin' });
      const own = await as({
        method: 'POST',
        url: `/api/datasets/${id}/analysis`,
        payload: { time: 'working' },
      });
      expect(own.json().time).toEqual({
        kind: 'working',
        calendar: 'mon-fri',
        timeZone: 'Europe/Berlin',
        dayMs: 8 * 3_600_000,
      });
      const named = await as({
        method: 'POST',
        url: `/api/datasets/${id}/analysis`,
        payload: { time: 'working', calendar: 'cn', timeZone: 'Asia/Shanghai' },
      });
      expect(named.json().time).toEqual({
        kind: 'working',
        calendar: 'cn',
        timeZone: 'Asia/Shanghai',
        dayMs: 8 * 3_600_000,
      });
      const bad = await upload({ name: 'x.csv', content: HISTORY_CSV }, { calendar: 'moon' });
      expect(bad.statusCode).toBe(400);
    });

    it('runs as a background job when asked: 202 and a job whose result is the same analysis', async () => {
      const payload = { time: 'working', filters: [{ kind: 'top-variants', count: 2 }] };
      const started = await as({
        method: 'POST',
        url: `/api/datasets/${datasetId}/analysis`,
        payload: { ...payload, background: true },
      });
      expect(started.statusCode).toBe(202);
      const job = await finishedJob(started.json().jobId);
      expect(job.status).toBe('succeeded');
      const direct = await as({
        method: 'POST',
        url: `/api/datasets/${datasetId}/analysis`,
        payload,
      });
      expect(job.result).toEqual(direct.json());
      // Kept now: asking again in the background answers at once.
      const again = await as({
        method: 'POST',
        url: `/api/datasets/${datasetId}/analysis`,
        payload: { ...payload, background: true },
      });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(direct.json());
      const failing = await as({
        method: 'POST',
        url: `/api/datasets/${datasetId}/analysis`,
        payload: {
          background: true,
          filters: [{ kind: 'attribute', name: '没有', values: ['x'], isExcluded: false }],
        },
      });
      expect(await finishedJob(failing.json().jobId)).toMatchObject({
        status: 'failed',
        error: { message: 'no case attribute "没有"' },
      });
    });

    it('applies filters: the top variant keeps fewer cases, and says how many', async () => {
      const response = await analyze({ filters: [{ kind: 'top-variants', count: 1 }] });
      expect(response.statusCode).toBe(200);
      const api = response.json();
      const topVariant = engineAnalysis().variants[0];
      expect(api.cases).toBe(topVariant?.cases);
      expect(api.cases).toBeLessThan(10);
      expect(api.filters).toEqual([
        {
          filter: { kind: 'top-variants', count: 1 },
          casesBefore: 10,
          casesAfter: api.cases,
        },
      ]);
    });

    it('refuses a filter on an attribute the dataset does not have with 400', async () => {
      const response = await analyze({
        filters: [{ kind: 'attribute', name: '团队', values: ['华东区销售组'], isExcluded: false }],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('unknown-case-attribute');
      expect(response.json().error.message).toContain('团队');
    });

    it('discovery proposes a process model that the engine’s schema accepts', async () => {
      const response = await as({
        method: 'POST',
        url: `/api/datasets/${datasetId}/discover`,
        payload: {},
      });
      expect(response.statusCode).toBe(200);
      const parsed = parseProcessModel(response.json());
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const names = parsed.model.steps.map((step) => step.name.zh);
      for (const activity of ['线索', '需求确认', '方案设计', '报价']) {
        expect(names).toContain(activity);
      }
    });
  });

  it('preview shows the headers, the mapping Pipewise guesses and the first rows', async () => {
    const response = await as({
      method: 'POST',
      url: '/api/datasets/preview',
      ...multipart({ name: 'history.csv', content: HISTORY_CSV }),
    });
    expect(response.statusCode).toBe(200);
    const preview = response.json();
    expect(preview.format).toBe('csv');
    expect(preview.headers).toEqual(['商机编号', '阶段', '时间', '负责人']);
    expect(preview.mapping).toMatchObject({
      case: '商机编号',
      activity: '阶段',
      timestamp: '时间',
      resource: '负责人',
    });
    expect(preview.rows[0]).toEqual(['SJ-000001', '线索', '2023-01-03 15:01:25', '胡红']);
    expect(preview.rows.length).toBeGreaterThan(0);
    expect(preview.rows.length).toBeLessThanOrEqual(20);
    // A preview stores nothing.
    expect(await datasetNames()).not.toContain('history.csv');
    expect(uploadsLeft()).toEqual([]);
  });

  describe('a file that does not import', () => {
    it('a mapping naming a missing column fails the job with a message naming the column, and stores nothing', async () => {
      const before = await eventRows();
      const response = await upload(
        { name: 'wrong-mapping.csv', content: HISTORY_CSV },
        { mapping: JSON.stringify({ case: '客户编号' }) },
      );
      expect(response.statusCode).toBe(202);
      const job = await finishedJob(response.json().jobId);
      expect(job.status).toBe('failed');
      expect(job.result).toBeNull();
      expect(job.error?.message).toContain('wrong-mapping.csv');
      expect(job.error?.message).toContain('"客户编号"');
      expect(job.error?.details).toMatchObject({
        reason: 'unknown-column',
        file: 'wrong-mapping.csv',
        value: '客户编号',
      });
      expect(await datasetNames()).not.toContain('wrong-mapping.csv');
      expect(await eventRows()).toBe(before);
    });

    it('a bad timestamp fails the job naming its line, and nothing is stored', async () => {
      const fresh = await createTestApp(target);
      try {
        const freshOrg = await fresh.organization('bad-timestamp');
        const lines = [...HISTORY_LINES];
        lines[16] = 'SJ-000007,线索,2023-01-32 15:57:41,赵雨桐'; // line 17 of the file
        const response = await as(
          {
            method: 'POST',
            url: '/api/datasets',
            ...multipart({ name: 'bad-time.csv', content: lines.join('\n') }),
          },
          fresh,
          freshOrg.members.admin,
          freshOrg.id,
        );
        expect(response.statusCode).toBe(202);
        await fresh.context.jobs.settle();
        const job: Job = (
          await fresh.as(freshOrg.members.admin, freshOrg.id, {
            method: 'GET',
            url: `/api/jobs/${response.json().jobId}`,
          })
        ).json();
        expect(job.status).toBe('failed');
        expect(job.error?.message).toMatch(/^bad-time\.csv:17, column "时间"/);
        expect(job.error?.message).toContain('2023-01-32 15:57:41');
        expect(job.error?.details).toMatchObject({ reason: 'unparseable-timestamp', line: 17 });

        const list = await fresh.as(freshOrg.members.admin, freshOrg.id, {
          method: 'GET',
          url: '/api/datasets',
        });
        expect(list.json()).toEqual([]);
        expect(await eventRows(fresh)).toBe(0);
        expect(uploadsLeft(fresh)).toEqual([]);
      } finally {
        await fresh.close();
      }
    });

    it.each([
      ['setup.exe', 'application/octet-stream'],
      ['report.pdf', 'application/pdf'],
    ])('%s is refused with 415 before it is read', async (name, contentType) => {
      const response = await upload({ name, content: 'MZ not an event log', contentType });
      expect(response.statusCode).toBe(415);
      expect(response.json().error.code).toBe('unsupported-file-type');
      expect(response.json().error.message).toContain(name);
      expect(await datasetNames()).not.toContain(name);
      expect(uploadsLeft()).toEqual([]);
    });

    it('an upload with two files is refused with 413 and leaves neither on disk', async () => {
      const boundary = 'pipewise-two-files';
      const part = (name: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${HISTORY_CSV}\r\n`;
      const response = await as({
        method: 'POST',
        url: '/api/datasets',
        payload: `${part('a.csv')}${part('b.csv')}--${boundary}--\r\n`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('too-many-parts');
      expect(uploadsLeft()).toEqual([]);
    });

    it('a NUL character in a name is refused with 400, not a server error', async () => {
      const response = await as({
        method: 'POST',
        url: '/api/projects',
        payload: { name: 'bad\u0000name' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('invalid-text');
    });

    it('a request that is not multipart is refused with 415', async () => {
      const json = await as({
        method: 'POST',
        url: '/api/datasets',
        payload: { file: HISTORY_CSV },
      });
      expect(json.statusCode).toBe(415);
      expect(json.json().error.code).toBe('not-multipart');
      const text = await as({
        method: 'POST',
        url: '/api/datasets',
        headers: { 'content-type': 'text/csv' },
        payload: HISTORY_CSV,
      });
      expect(text.statusCode).toBe(415);
    });

    it('a compressed XES that expands past ten times the upload limit fails its job, and nothing is stored', async () => {
      const small = await createTestApp(target, { uploadLimitMb: 0.01 });
      try {
        const smallOrg = await small.organization('upload-bomb');
        const bomb = gzipSync(`<log>${'<!-- padding -->'.repeat(100_000)}</log>`);
        expect(bomb.length).toBeLessThan(0.01 * 1024 * 1024);
        const response = await as(
          {
            method: 'POST',
            url: '/api/datasets',
            ...multipart({ name: 'bomb.xes.gz', content: bomb, contentType: 'application/gzip' }),
          },
          small,
          smallOrg.members.admin,
          smallOrg.id,
        );
        expect(response.statusCode).toBe(202);
        await small.context.jobs.settle();
        const job = await small.context.jobs.find(smallOrg.id, response.json().jobId);
        expect(job?.status).toBe('failed');
        expect(JSON.stringify(job?.error)).toContain('too-large-uncompressed');
        expect(await eventRows(small)).toBe(0);
      } finally {
        await small.close();
      }
    });

    it('a file over the upload limit is refused with 413, and nothing is stored', async () => {
      const small = await createTestApp(target, { uploadLimitMb: 0.001 });
      try {
        const smallOrg = await small.organization('upload-limit');
        expect(Buffer.byteLength(HISTORY_CSV)).toBeGreaterThan(0.001 * 1024 * 1024);
        const response = await as(
          {
            method: 'POST',
            url: '/api/datasets',
            ...multipart({ name: 'too-big.csv', content: HISTORY_CSV }),
          },
          small,
          smallOrg.members.admin,
          smallOrg.id,
        );
        expect(response.statusCode).toBe(413);
        expect(response.json().error.code).toBe('file-too-large');
        await small.context.jobs.settle();
        const jobs = await small.store.db.selectFrom('jobs').select('id').execute();
        expect(jobs).toEqual([]);
        expect(await eventRows(small)).toBe(0);
        const datasets = await small.store.db.selectFrom('datasets').select('id').execute();
        expect(datasets).toEqual([]);
        expect(uploadsLeft(small)).toEqual([]);
      } finally {
        await small.close();
      }
    });
  });

  it('DELETE removes a dataset: then it is 404, and so is its analysis', async () => {
    const datasetId = await importHistory('to-delete.csv');
    // Analysed once before, so that a kept answer could outlive the dataset.
    const before = await as({
      method: 'POST',
      url: `/api/datasets/${datasetId}/analysis`,
      payload: {},
    });
    expect(before.statusCode).toBe(200);
    const deleted = await as({ method: 'DELETE', url: `/api/datasets/${datasetId}` });
    expect(deleted.statusCode).toBe(204);

    expect((await as({ method: 'GET', url: `/api/datasets/${datasetId}` })).statusCode).toBe(404);
    const analysis = await as({
      method: 'POST',
      url: `/api/datasets/${datasetId}/analysis`,
      payload: {},
    });
    expect(analysis.statusCode).toBe(404);
    expect(await datasetNames()).not.toContain('to-delete.csv');
    const events = await test.store.db
      .selectFrom('dataset_events')
      .select('seq')
      .where('dataset_id', '=', datasetId)
      .execute();
    expect(events).toEqual([]);
    expect((await as({ method: 'DELETE', url: `/api/datasets/${datasetId}` })).statusCode).toBe(
      404,
    );
  });
});
