import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countOrganizations, openStore } from '@pipewise/store';
import { createTestDatabase, storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from './config/config.ts';
import { DEMO_PASSWORD } from './demo/index.ts';
import {
  isDemoByDefault,
  type RunningServer,
  type StartNotes,
  startServer,
  sweepUploads,
} from './serve.ts';

function configFor(overrides: Partial<Config>): Config {
  const loaded = loadConfig({}, { port: 0, host: '127.0.0.1', logLevel: 'silent', ...overrides });
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.config;
}

/** Starts a server and keeps what it printed for people. */
async function start(config: Config): Promise<{ server: RunningServer; notes: StartNotes }> {
  let notes: StartNotes | undefined;
  const server = await startServer(config, {
    onNotes: (printed) => {
      notes = printed;
    },
  });
  if (!notes) throw new Error('startServer gave no notes');
  return { server, notes };
}

/** Signs in over real HTTP; the session cookie and CSRF token for the next requests. */
async function signIn(url: string, email: string, password: string) {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .find((line) => line.startsWith('pipewise_session='))
    ?.split(';')[0];
  return { response, cookie, body: (await response.json()) as Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('startServer on a PGlite folder', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pipewise-serve-'));
  const config = configFor({ dataDir });
  let server: RunningServer;
  let notes: StartNotes;

  beforeAll(async () => {
    ({ server, notes } = await start(config));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo into an empty database: six role logins, password pipewise-demo', () => {
    expect(notes.firstAdmin).toBeUndefined();
    expect(notes.demo?.password).toBe('pipewise-demo');
    expect(notes.demo?.password).toBe(DEMO_PASSWORD);
    expect(notes.demo?.users).toHaveLength(6);
    expect(notes.demo?.users).toEqual(
      expect.arrayContaining([
        { email: 'admin@demo.pipewise', role: 'admin' },
        { email: 'owner@demo.pipewise', role: 'process_owner' },
        { email: 'manager@demo.pipewise', role: 'manager' },
        { email: 'rep@demo.pipewise', role: 'sales_rep' },
        { email: 'legal@demo.pipewise', role: 'supporting' },
        { email: 'viewer@demo.pipewise', role: 'viewer' },
      ]),
    );
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('lets the demo owner sign in over real HTTP, and the cookie works for the next request', async () => {
    const { response, cookie, body } = await signIn(
      server.url,
      'owner@demo.pipewise',
      DEMO_PASSWORD,
    );
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ role: 'process_owner', user: { email: 'owner@demo.pipewise' } });
    expect(cookie).toBeDefined();
    const session = await fetch(`${server.url}/api/session`, {
      headers: { cookie: cookie ?? '' },
    });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ role: 'process_owner' });
  });

  it('the demo dataset’s analysis shows the problems built into it', async () => {
    const { cookie, body } = await signIn(server.url, 'owner@demo.pipewise', DEMO_PASSWORD);
    const headers = {
      cookie: cookie ?? '',
      'x-csrf-token': String(body.csrfToken),
      'content-type': 'application/json',
    };
    const datasets = (await (await fetch(`${server.url}/api/datasets`, { headers })).json()) as {
      id: string;
      eventCount: number;
    }[];
    expect(datasets).toHaveLength(1);
    const [dataset] = datasets;
    expect(dataset?.eventCount).toBeGreaterThan(1000);

    const response = await fetch(`${server.url}/api/datasets/${dataset?.id}/analysis`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ time: 'working' }),
    });
    expect(response.status).toBe(200);
    const analysis = (await response.json()) as {
      events: number;
      activityStats: { activity: string }[];
      dfg: { from: string; to: string; count: number }[];
    };
    expect(analysis.events).toBe(dataset?.eventCount);
    const activities = analysis.activityStats.map((stats) => stats.activity);
    expect(activities).toContain('合同评审');
    for (const entry of ['录入CRM', '录入ERP', '录入报价系统']) expect(activities).toContain(entry);
    // Deals sent back from negotiation to quoting.
    const back = analysis.dfg.find((arc) => arc.from === '商务谈判' && arc.to === '报价');
    expect(back?.count).toBeGreaterThan(0);

    // By region: 华北's slowest hand-off is out of legal review, and it takes
    // more than twice as long as anywhere else (the planted bottleneck).
    const byRegion = (await (
      await fetch(`${server.url}/api/datasets/${dataset?.id}/analysis`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ time: 'working', segmentBy: '区域' }),
      })
    ).json()) as {
      cases: number;
      caseAttributes: { name: string; values: string[] }[];
      segments: {
        value: string;
        cases: number;
        slowestHandOff: { from: string; to: string; ratio: number };
      }[];
    };
    expect(byRegion.caseAttributes.find((a) => a.name === '区域')?.values.sort()).toEqual(
      ['华东', '华北', '华南', '西南'].sort(),
    );
    expect(byRegion.segments.reduce((sum, segment) => sum + segment.cases, 0)).toBe(byRegion.cases);
    const north = byRegion.segments.find((segment) => segment.value === '华北');
    expect(north?.slowestHandOff.from).toBe('合同评审');
    expect(north?.slowestHandOff.ratio).toBeGreaterThan(2);
    const legalReviewIn = async (region: string) => {
      const part = (await (
        await fetch(`${server.url}/api/datasets/${dataset?.id}/analysis`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            time: 'working',
            filters: [{ kind: 'attribute', name: '区域', values: [region], isExcluded: false }],
          }),
        })
      ).json()) as { dfg: { from: string; to: string; working: { medianMs: number } }[] };
      return part.dfg.find((arc) => arc.from === '合同评审' && arc.to === '赢单')?.working.medianMs;
    };
    const northReview = (await legalReviewIn('华北')) ?? 0;
    for (const region of ['华东', '华南', '西南'])
      expect(northReview).toBeGreaterThan(2 * ((await legalReviewIn(region)) ?? Infinity));
  });

  it('sets the to-be draft’s estimates beside what the demo data measures', async () => {
    const { cookie, body } = await signIn(server.url, 'owner@demo.pipewise', DEMO_PASSWORD);
    const headers = {
      cookie: cookie ?? '',
      'x-csrf-token': String(body.csrfToken),
      'content-type': 'application/json',
    };
    const get = async (url: string) => (await fetch(`${server.url}${url}`, { headers })).json();
    const [dataset] = (await get('/api/datasets')) as { id: string }[];
    const models = (await get('/api/models')) as { versions: { id: string; kind: string }[] }[];
    const toBe = models
      .flatMap((model) => model.versions)
      .find((version) => version.kind === 'to-be');
    const response = await fetch(`${server.url}/api/versions/${toBe?.id}/compare-estimates`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ datasetId: dataset?.id }),
    });
    expect(response.status).toBe(200);
    const comparison = (await response.json()) as {
      steps: { name: { zh: string }; measuredCount?: number; ratio?: number; verdict: string }[];
      unmatchedSteps: { name: { zh: string } }[];
    };
    // Legal review: estimated at 2 working days, measured in the data.
    const review = comparison.steps.find((step) => step.name.zh === '合同评审');
    expect(review?.measuredCount).toBeGreaterThan(100);
    expect(review?.ratio).toBeGreaterThan(0);
    expect(['agrees', 'longer-than-estimated', 'shorter-than-estimated']).toContain(
      review?.verdict,
    );
    // The merged data entry step is new: no activity in the data has its name.
    expect(comparison.unmatchedSteps.map((step) => step.name.zh)).toContain(
      '一次录入（CRM同步ERP）',
    );
  });

  it('a second server on the same folder, while the first runs, fails: the folder is in use by this PID', async () => {
    await expect(startServer(config)).rejects.toThrow(`in use by PID ${process.pid}`);
    // The first one is unharmed.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('restarting on the same folder does not seed the demo again', async () => {
    await server.close();
    ({ server, notes } = await start(config));
    expect(notes).toEqual({});
    expect(await countOrganizations(server.store.db)).toBe(1);
    const users = await server.store.db
      .selectFrom('users')
      .select('email')
      .where('email', '=', 'owner@demo.pipewise')
      .execute();
    expect(users).toHaveLength(1);
    const { response } = await signIn(server.url, 'admin@demo.pipewise', DEMO_PASSWORD);
    expect(response.status).toBe(200);
  });

  it('close() waits for a running job to finish before it closes the database', async () => {
    const organization = await server.store.db
      .selectFrom('organizations')
      .select('id')
      .executeTakeFirstOrThrow();
    let running!: () => void;
    const isRunning = new Promise<void>((resolve) => (running = resolve));
    await server.jobs.define('test-slow', async () => {
      running();
      await sleep(300);
      return { slept: 300 };
    });
    const jobId = await server.jobs.start(organization.id, 'test-slow', null, {});
    await isRunning;
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);

    const reopened = await openStore({ dataDir: path.join(dataDir, 'db') });
    try {
      const job = await reopened.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', jobId)
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'succeeded', result: { slept: 300 } });
      expect(job.finished_at).not.toBeNull();
    } finally {
      await reopened.close();
    }
  });
});

describe('a start that fails', () => {
  it('(the port is taken) releases the folder: the next start on it works', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pipewise-serve-'));
    try {
      await expect(startServer(configFor({ dataDir, port, demo: false }))).rejects.toThrow(
        /EADDRINUSE/,
      );
      const { server } = await start(configFor({ dataDir, demo: false }));
      try {
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.each(storeTargets())('startServer on an empty %s database without the demo', (target) => {
  let server: RunningServer | undefined;
  let cleanUp: () => Promise<void> = async () => {};

  afterAll(async () => {
    await server?.close();
    await cleanUp();
  });

  it('creates a first admin whose printed password signs in', async () => {
    let config: Config;
    if (target === 'postgres') {
      const database = await createTestDatabase();
      cleanUp = database.drop;
      config = configFor({ databaseUrl: database.url });
    } else {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'pipewise-serve-'));
      cleanUp = async () => rmSync(dataDir, { recursive: true, force: true });
      config = configFor({ dataDir, demo: false });
    }
    const started = await start(config);
    server = started.server;
    expect(started.notes.demo).toBeUndefined();
    const firstAdmin = started.notes.firstAdmin;
    expect(firstAdmin?.email).toBe('admin@pipewise.local');
    expect(firstAdmin?.password.length).toBeGreaterThanOrEqual(16);

    const { response, body } = await signIn(
      server.url,
      firstAdmin?.email ?? '',
      firstAdmin?.password ?? '',
    );
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ role: 'admin', organization: { name: 'Pipewise' } });
    const wrong = await signIn(server.url, firstAdmin?.email ?? '', 'pipewise-demo');
    expect(wrong.response.status).toBe(401);
    expect(await countOrganizations(server.store.db)).toBe(1);
  });
});

describe('what the server decides at start', () => {
  it('seeds the demo by default only on the embedded database at a loopback address', () => {
    expect(isDemoByDefault('pglite', '127.0.0.1')).toBe(true);
    expect(isDemoByDefault('pglite', 'localhost')).toBe(true);
    expect(isDemoByDefault('pglite', '::1')).toBe(true);
    expect(isDemoByDefault('pglite', '0.0.0.0')).toBe(false);
    expect(isDemoByDefault('pglite', '192.168.1.20')).toBe(false);
    expect(isDemoByDefault('postgres', '127.0.0.1')).toBe(false);
  });

  it('deletes uploads older than the given age that a stopped server left behind', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'pipewise-sweep-'));
    try {
      writeFileSync(path.join(folder, 'old.csv'), 'x');
      writeFileSync(path.join(folder, 'new.csv'), 'x');
      const hourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(path.join(folder, 'old.csv'), hourAgo, hourAgo);
      expect(sweepUploads(folder, 30 * 60_000)).toBe(1);
      expect(readdirSync(folder)).toEqual(['new.csv']);
      expect(sweepUploads(folder, 0)).toBe(1);
      expect(sweepUploads(path.join(folder, 'missing'), 0)).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
