import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@pipewise/store';
import { createTestDatabase, storeTargets } from '@pipewise/store/testing';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { JobRunner } from './jobs/job-runner.ts';

const launcher = fileURLToPath(new URL('../../cli/bin/pipewise.js', import.meta.url));

/** A CSV export of `cases` deals, ten stages each. */
function bigExport(cases: number): string {
  const rows = ['case,activity,timestamp,resource'];
  for (let c = 0; c < cases; c++) {
    for (let s = 0; s < 10; s++) {
      rows.push(
        `D${c},Stage ${s},2025-01-${String(1 + (s % 28)).padStart(2, '0')} 09:${String(c % 60).padStart(2, '0')}:00,rep${c % 40}`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

/** Starts `pipewise serve` as its own process and resolves with its URL once it listens. */
function serve(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [launcher, 'serve', '--port', '0', '--data', dataDir], {
    env: { ...process.env, ...env, PIPEWISE_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1] as string });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`pipewise serve exited with ${code}: ${output}`)));
  });
}

describe.each(storeTargets())('a server killed in the middle of an import, on %s', (target) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('leaves no part of the dataset, and the next start marks the job failed', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pipewise-killed-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let env: NodeJS.ProcessEnv = {};
    let reopen: () => Promise<Store>;
    if (target === 'postgres') {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      env = { DATABASE_URL: database.url, PIPEWISE_DEMO: 'true' };
      reopen = () => openStore({ databaseUrl: database.url });
    } else {
      reopen = () => openStore({ dataDir: path.join(dataDir, 'db') });
    }

    const { child, url } = await serve(dataDir, env);
    cleanups.push(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const signIn = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@demo.pipewise', password: 'pipewise-demo' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken };

    const form = new FormData();
    form.append('name', 'killed');
    form.append('file', new Blob([bigExport(60_000)], { type: 'text/csv' }), 'big.csv');
    const upload = await fetch(`${url}/api/datasets`, { method: 'POST', headers, body: form });
    expect(upload.status).toBe(202);
    const { jobId } = (await upload.json()) as { jobId: string };

    // Wait until events are being written, then kill: the job's progress is
    // past the reading half, or (PGlite, one connection) the poll stalls
    // because the import's transaction holds the database.
    for (;;) {
      let job: { status: string; progress: number };
      try {
        const response = await fetch(`${url}/api/jobs/${jobId}`, {
          headers,
          signal: AbortSignal.timeout(250),
        });
        job = (await response.json()) as typeof job;
      } catch {
        break;
      }
      // Queued until a worker takes it (at once, through LISTEN/NOTIFY, or at its next poll).
      expect(['queued', 'running']).toContain(job.status);
      if (job.progress > 0.5) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const store = await reopen();
    cleanups.push(() => store.close());
    const count = async (table: 'datasets' | 'dataset_events' | 'dataset_cases') =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
            store.db,
          )
        ).rows[0]?.n,
      );
    // The demo dataset is there; nothing of the killed import is.
    expect(await count('datasets')).toBe(1);
    const demoEvents = (
      await store.db.selectFrom('datasets').select('event_count').executeTakeFirstOrThrow()
    ).event_count;
    expect(await count('dataset_events')).toBe(demoEvents);
    expect(
      await store.db
        .selectFrom('datasets')
        .select('id')
        .where('name', '=', 'killed')
        .executeTakeFirst(),
    ).toBeUndefined();

    // What the next start does first: the job the dead process was running is failed.
    // (On PostgreSQL only jobs without a heartbeat for a while count; here, at once.)
    const starting = await JobRunner.open(store);
    expect(await starting.failInterrupted(0)).toBe(1);
    await starting.close();
    const job = await store.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({
      status: 'failed',
      error: { message: expect.stringContaining('stopped') },
    });
  });
});
