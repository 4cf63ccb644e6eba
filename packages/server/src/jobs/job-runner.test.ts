import { createOrganization } from '@pipewise/store';
import { openTestStore, storeTargets } from '@pipewise/store/testing';
import { describe, expect, it } from 'vitest';
import { JobFailure, JobRunner } from './job-runner.ts';

describe.each(storeTargets())('background jobs, on %s', (target) => {
  it('records progress, then the result or the failure a user can read', async () => {
    const store = await openTestStore(target);
    try {
      const organization = await createOrganization(store.db, { name: 'J', slug: 'j' });
      const jobs = new JobRunner(store);
      const done = await jobs.start(organization.id, 'sum', null, async () => ({ total: 42 }));
      const failed = await jobs.start(organization.id, 'import', null, async () => {
        throw new JobFailure('deals.csv:3: no time in column 时间', { line: 3 });
      });
      const crashed = await jobs.start(organization.id, 'import', null, async () => {
        throw new TypeError('a bug');
      });
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
    } finally {
      await store.close();
    }
  });

  it('fails the jobs a dead process left running; on PostgreSQL only those without a recent heartbeat', async () => {
    const store = await openTestStore(target);
    try {
      const organization = await createOrganization(store.db, { name: 'J', slug: 'j' });
      const jobs = new JobRunner(store);
      let finish!: () => void;
      const id = await jobs.start(
        organization.id,
        'long',
        null,
        () => new Promise<void>((resolve) => (finish = resolve)),
      );
      // Another process starting now: on PostgreSQL this job is alive (its heartbeat is fresh).
      const starting = new JobRunner(store);
      expect(await starting.failInterrupted(60_000)).toBe(target === 'postgres' ? 0 : 1);
      expect(await starting.failInterrupted(0)).toBe(target === 'postgres' ? 1 : 0);
      finish();
      await jobs.close();
      expect((await jobs.find(organization.id, id))?.status).toBe('succeeded');
      await expect(jobs.start(organization.id, 'late', null, async () => 1)).rejects.toMatchObject({
        statusCode: 503,
      });
    } finally {
      await store.close();
    }
  });
});
