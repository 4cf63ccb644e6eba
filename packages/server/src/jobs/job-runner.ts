import type { Job, Store } from '@pipewise/store';
import type { Logger } from 'pino';
import { HttpError } from '../app/http-errors.ts';

/** What a job reports while it runs: the share done, 0 to 1. */
export type ReportProgress = (fraction: number) => void;

/** A job that failed with a message for the user (a located input error, say). */
export class JobFailure extends Error {
  readonly details: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.details = details;
  }
}

const PROGRESS_INTERVAL_MS = 500;

/**
 * Runs long work (imports, analyses of large datasets) in the background so
 * that no request holds its connection for minutes: the request gets the
 * job's id at once and polls `GET /api/jobs/:id` for progress and the
 * result. Jobs are rows in the database, so any server process can answer the
 * poll. The work itself runs in the process that accepted it; a process that
 * stops waits for its running jobs (graceful shutdown), and one that was
 * killed leaves them `running`, which the next start marks failed.
 */
export class JobRunner {
  private readonly store: Store;
  private readonly logger: Logger | undefined;
  private readonly running = new Set<Promise<void>>();
  /** Ids of the jobs this process runs, for the heartbeat. */
  private readonly runningIds = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private isClosing = false;

  constructor(store: Store, logger?: Logger) {
    this.store = store;
    this.logger = logger;
  }

  /**
   * Marks jobs whose process died as failed. On PGlite only this process can
   * have the database open, so every running job is such a job; on
   * PostgreSQL other live processes may be running theirs, so only jobs
   * without a heartbeat for `staleAfterMs` count.
   */
  async failInterrupted(staleAfterMs = 2 * 60_000): Promise<number> {
    let query = this.store.db
      .updateTable('jobs')
      .set({
        status: 'failed',
        finished_at: new Date(),
        error: JSON.stringify({ message: 'the server stopped while this job ran; start it again' }),
      })
      .where('status', 'in', ['queued', 'running']);
    if (this.store.kind === 'postgres') {
      const staleBefore = new Date(Date.now() - staleAfterMs);
      query = query.where((eb) =>
        eb(eb.fn.coalesce('heartbeat_at', 'started_at'), '<', staleBefore),
      );
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Starts `work` as a job of the organization and returns its id at once. */
  async start(
    organizationId: string,
    kind: string,
    createdBy: string | null,
    work: (progress: ReportProgress) => Promise<unknown>,
  ): Promise<string> {
    if (this.isClosing)
      throw new HttpError(
        503,
        'shutting-down',
        'the server is shutting down; try again in a moment',
      );
    const db = this.store.db;
    const job = await db
      .insertInto('jobs')
      .values({
        organization_id: organizationId,
        kind,
        status: 'running',
        created_by: createdBy,
        started_at: new Date(),
        heartbeat_at: new Date(),
        result: null,
        error: null,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let lastWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const progress: ReportProgress = (fraction) => {
      const at = Date.now();
      if (at - lastWrite < PROGRESS_INTERVAL_MS) return;
      lastWrite = at;
      pending = pending.then(() =>
        db
          .updateTable('jobs')
          .set({ progress: Math.min(1, Math.max(0, fraction)) })
          .where('id', '=', job.id)
          .execute(),
      );
    };
    const run = (async () => {
      try {
        const result = await work(progress);
        // A lost progress write must not fail work that is done.
        await pending.catch((error: unknown) =>
          this.logger?.warn({ err: error }, 'job progress write failed'),
        );
        await db
          .updateTable('jobs')
          .set({
            status: 'succeeded',
            progress: 1,
            result: JSON.stringify(result ?? null),
            finished_at: new Date(),
          })
          .where('id', '=', job.id)
          .execute();
      } catch (error) {
        await pending.catch(() => undefined);
        const known = error instanceof JobFailure;
        if (!known) this.logger?.error({ err: error, job: job.id, kind }, 'job failed');
        await db
          .updateTable('jobs')
          .set({
            status: 'failed',
            finished_at: new Date(),
            error: JSON.stringify(
              known
                ? { message: error.message, details: error.details ?? null }
                : { message: 'the job failed on the server' },
            ),
          })
          .where('id', '=', job.id)
          .execute()
          .catch((writeError: unknown) =>
            this.logger?.error({ err: writeError }, 'could not record a failed job'),
          );
      }
    })();
    this.running.add(run);
    this.runningIds.add(job.id);
    this.startHeartbeat();
    void run.finally(() => {
      this.running.delete(run);
      this.runningIds.delete(job.id);
    });
    return job.id;
  }

  /** Every 20 s while jobs run: says they are alive (see `failInterrupted`). */
  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      if (this.runningIds.size === 0) return;
      this.store.db
        .updateTable('jobs')
        .set({ heartbeat_at: new Date() })
        .where('id', 'in', [...this.runningIds])
        .execute()
        .catch((error: unknown) => this.logger?.warn({ err: error }, 'job heartbeat failed'));
    }, 20_000);
    this.heartbeat.unref();
  }

  /** The organization's job, or undefined. */
  find(organizationId: string, id: string): Promise<Job | undefined> {
    return this.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Waits until `id` (of this process) has finished: for tests and scripts. */
  async settle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Refuses new jobs and waits for the running ones (graceful shutdown). */
  async close(): Promise<void> {
    this.isClosing = true;
    await this.settle();
    clearInterval(this.heartbeat);
  }
}
