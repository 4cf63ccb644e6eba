import { createOrganization } from '@pipewise/store';
import { openTestStore, storeTargets } from '@pipewise/store/testing';
import { describe, expect, it } from 'vitest';
import { JobFailure, JobRunner } from './job-runner.ts';

const FAST = { pollingIntervalSeconds: 0.5 };

describe.each(storeTargets())('background jobs, on %s', (target) => {
  it('records progress, then the result or the failure a user can read', async () => {
    const store = await openTestStore(target);
    const jobs = await JobRunner.open(store, FAST);
    try {
      const organization = await createOrganization(store.db, { name: 'J', slug: 'j' });
      let halfway!: () => void;
      const reachedHalfway = new Promise<void>((resolve) => (halfway = resolve));
      let finish!: () => void;
      const finishing = new Promise<void>((resolve) => (finish = resolve));
      await jobs.define<{ a: number; b: number }>('sum', async ({ a, b }, { progress }) => {
        progress(0.5);
        halfway();
        await finishing;
        return { total: a + b };
      });
      await jobs.define<{ line: number }>('import', async ({ line }) => {
        if (line < 0) throw new TypeError('a bug');
        throw new JobFailure(`deals.csv:${line}: no time in column 时间`, { line });
      });

      const done = await jobs.start(organization.id, 'sum', null, { a: 40, b: 2 });
      expect((await jobs.find(organization.id, done))?.status).toMatch(/queued|running/);
      await reachedHalfway;
      // The progress write is queued behind the job's claim; give it a moment.
      await expect.poll(async () => (await jobs.find(organization.id, done))?.progress).toBe(0.5);
      expect((await jobs.find(organization.id, done))?.status).toBe('running');
      finish();

      const failed = await jobs.start(organization.id, 'import', null, { line: 3 });
      const crashed = await jobs.start(organization.id, 'import', null, { line: -1 });
      await jobs.settle();
      expect(await jobs.find(organization.id, done)).toMatchObject({
        status: 'succeeded',
        progress: 1,
        result: { total: 42 },
      });
      expect(await jobs.find(organization.id, failed)).toMatchObject({
        status: 'failed',
        error: { message: 'deals.csv:3: no time in column 时间', details: { line: 3 } },
      });
      // An unexpected error is not shown to users as it is.
      expect(await jobs.find(organization.id, crashed)).toMatchObject({
        status: 'failed',
        error: { message: 'the job failed on the server' },
      });
      const other = await createOrganization(store.db, { name: 'K', slug: 'k' });
      expect(await jobs.find(other.id, done)).toBeUndefined();
      await expect(jobs.start(organization.id, 'unknown', null, {})).rejects.toThrow(
        /no job of kind/,
      );
    } finally {
      await jobs.close();
      await store.close();
    }
  });

  it('keeps a queued job in the database until a process that runs jobs takes it', async () => {
    const store = await openTestStore(target);
    // A process that only answers requests, and one that runs jobs.
    const front = await JobRunner.open(store, { ...FAST, work: false });
    const worker = await JobRunner.open(store, FAST);
    try {
      const organization = await createOrganization(store.db, { name: 'J', slug: 'j' });
      const ranIn: string[] = [];
      await front.define<{ n: number }>('square', async ({ n }) => {
        ranIn.push('front');
        return n * n;
      });
      const id = await front.start(organization.id, 'square', null, { n: 7 });
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await front.find(organization.id, id))?.status).toBe('queued');

      await worker.define<{ n: number }>('square', async ({ n }) => {
        ranIn.push('worker');
        return n * n;
      });
      await front.settle();
      expect(await front.find(organization.id, id)).toMatchObject({
        status: 'succeeded',
        result: 49,
      });
      expect(ranIn).toEqual(['worker']);
    } finally {
      await front.close();
      await worker.close();
      await store.close();
    }
  });

  it('fails the jobs a dead process left; on PostgreSQL only running ones without a recent heartbeat', async () => {
    const store = await openTestStore(target);
    const jobs = await JobRunner.open(store, FAST);
    try {
      const organization = await createOrganization(store.db, { name: 'J', slug: 'j' });
      let started!: () => void;
      const running = new Promise<void>((resolve) => (started = resolve));
      let finish!: () => void;
      await jobs.define('long', async () => {
        started();
        await new Promise<void>((resolve) => (finish = resolve));
        return 'done';
      });
      const id = await jobs.start(organization.id, 'long', null, {});
      await running;
      // Another process starting now: on PostgreSQL this job is alive (its heartbeat is fresh).
      const starting = await JobRunner.open(store, { work: false });
      expect(await starting.failInterrupted(60_000)).toBe(target === 'postgres' ? 0 : 1);
      expect(await starting.failInterrupted(0)).toBe(target === 'postgres' ? 1 : 0);
      await starting.close();
      finish();
      // A graceful stop waits for the running job.
      await jobs.close();
      expect((await jobs.find(organization.id, id))?.status).toBe('succeeded');
      await expect(jobs.start(organization.id, 'long', null, {})).rejects.toMatchObject({
        statusCode: 503,
      });
    } finally {
      await jobs.close();
      await store.close();
    }
  });

  it('does not run a queued job whose row was failed meanwhile (its upload went with a stopped server)', async () => {
    const store = await openTestStore(target);
    const front = await JobRunner.open(store, { ...FAST, work: false });
    const worker = await JobRunner.open(store, FAST);
    try {
      const organization = await createOrganization(store.db, { name: 'J', slug: 'j' });
      let runs = 0;
      const handler = async () => {
        runs++;
        return 1;
      };
      await front.define('import', handler);
      const id = await front.start(organization.id, 'import', null, {});
      await store.db
        .updateTable('jobs')
        .set({ status: 'failed', error: JSON.stringify({ message: 'stopped' }) })
        .where('id', '=', id)
        .execute();
      await worker.define('import', handler);
      // A second job behind it shows the worker has taken the queue.
      const next = await front.start(organization.id, 'import', null, {});
      await front.settle();
      expect((await front.find(organization.id, next))?.status).toBe('succeeded');
      expect(runs).toBe(1);
      expect((await front.find(organization.id, id))?.status).toBe('failed');
    } finally {
      await front.close();
      await worker.close();
      await store.close();
    }
  });
});
