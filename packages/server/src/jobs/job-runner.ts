import type { Job, Store } from '@pipewise/store';
import { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import { HttpError } from '../app/http-errors.ts';
import { pgliteQueueDatabase } from './queue-database.ts';

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

/** What a job's work gets besides its input. */
export interface JobContext {
  jobId: string;
  organizationId: string;
  /** The user who started it, if any. */
  createdBy: string | null;
  progress: ReportProgress;
}

/** The work of one kind of job. Its input is JSON, so any server process can run it. */
export type JobHandler<Input> = (input: Input, context: JobContext) => Promise<unknown>;

interface QueuedJob {
  jobId: string;
  organizationId: string;
  createdBy: string | null;
  input: unknown;
}

export interface JobRunnerOptions {
  logger?: Logger;
  /** How often an idle worker looks for work when no notification came (seconds). */
  pollingIntervalSeconds?: number;
  /**
   * Whether this process runs jobs (default true). A process that only
   * answers requests queues its jobs for the others.
   */
  work?: boolean;
}

/**
 * Runs long work (imports, analyses of large datasets) in the background so
 * that no request holds its connection for minutes: the request gets the
 * job's id at once and polls `GET /api/jobs/:id` for progress and the
 * result.
 *
 * Two tables: pg-boss's queue carries the work (its input is JSON, so any
 * server process may take it; a sent job wakes a worker through
 * LISTEN/NOTIFY), and our `jobs` row is what users see: status, progress,
 * result or error, scoped to their organization. A process that stops
 * finishes its running jobs first (graceful shutdown); one that was killed
 * leaves its rows `running`, which `failInterrupted` marks failed, and
 * pg-boss's job with them (no retries: an import is all or nothing, and a
 * user starts it again).
 */
export class JobRunner {
  private readonly store: Store;
  private readonly boss: PgBoss;
  private readonly logger: Logger | undefined;
  private readonly pollingIntervalSeconds: number;
  private readonly works: boolean;
  private readonly kinds = new Set<string>();
  /** Work this process is doing, for a graceful stop. */
  private readonly running = new Set<Promise<void>>();
  /** Ids of the jobs this process runs, for the heartbeat. */
  private readonly runningIds = new Set<string>();
  /** Jobs started here and not yet seen finished, for `settle`. */
  private readonly startedIds = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private isClosing = false;

  private constructor(store: Store, boss: PgBoss, options: JobRunnerOptions) {
    this.store = store;
    this.boss = boss;
    this.logger = options.logger;
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.works = options.work ?? true;
  }

  /**
   * Starts pg-boss on the store's database (creating or migrating its
   * `pgboss` schema): on PostgreSQL with its own small pool, on PGlite
   * through the store's one connection.
   */
  static async open(store: Store, options: JobRunnerOptions = {}): Promise<JobRunner> {
    const boss =
      store.kind === 'postgres' && store.databaseUrl
        ? new PgBoss({ connectionString: store.databaseUrl, max: 4, useListenNotify: true })
        : new PgBoss({ db: pgliteQueueDatabase(store), backend: 'pglite', useListenNotify: true });
    boss.on('error', (error) => options.logger?.error({ err: error }, 'job queue error'));
    boss.on('warning', (warning) => options.logger?.warn({ warning }, 'job queue warning'));
    await boss.start();
    return new JobRunner(store, boss, options);
  }

  /**
   * Says how to run jobs of `kind` and starts this process's workers for it
   * (`concurrency` at a time).
   */
  async define<Input>(
    kind: string,
    handler: JobHandler<Input>,
    options: { concurrency?: number } = {},
  ): Promise<void> {
    if (this.kinds.has(kind)) throw new Error(`jobs of kind ${kind} are defined already`);
    this.kinds.add(kind);
    await this.boss.createQueue(kind, {
      retryLimit: 0,
      notify: true,
      // Liveness is the heartbeat below; this only bounds a job that hangs.
      expireInSeconds: 6 * 3600,
      retentionSeconds: 7 * 24 * 3600,
      deleteAfterSeconds: 7 * 24 * 3600,
    });
    if (!this.works) return;
    await this.boss.work<QueuedJob>(
      kind,
      {
        batchSize: 1,
        localConcurrency: options.concurrency ?? 2,
        pollingIntervalSeconds: this.pollingIntervalSeconds,
      },
      async ([job]) => {
        if (job) await this.run(job.data, handler as JobHandler<unknown>, kind);
      },
    );
  }

  /**
   * Marks jobs whose process died as failed. On PGlite only this process can
   * have the database open, so every unfinished job is such a job (a queued
   * import's upload went with the process); on PostgreSQL other live
   * processes may be running theirs, so only running jobs without a heartbeat
   * for `staleAfterMs` count.
   */
  async failInterrupted(staleAfterMs = 2 * 60_000): Promise<number> {
    let query = this.store.db.updateTable('jobs').set({
      status: 'failed',
      finished_at: new Date(),
      error: JSON.stringify({ message: 'the server stopped while this job ran; start it again' }),
    });
    if (this.store.kind === 'postgres') {
      const staleBefore = new Date(Date.now() - staleAfterMs);
      query = query
        .where('status', '=', 'running')
        .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'started_at'), '<', staleBefore));
    } else {
      query = query.where('status', 'in', ['queued', 'running']);
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Queues a job of a defined kind for the organization and returns its id at
   * once; `input` must survive JSON (another process may run it).
   */
  async start(
    organizationId: string,
    kind: string,
    createdBy: string | null,
    input: unknown,
  ): Promise<string> {
    if (this.isClosing)
      throw new HttpError(
        503,
        'shutting-down',
        'the server is shutting down; try again in a moment',
      );
    if (!this.kinds.has(kind)) throw new Error(`no job of kind ${kind} is defined`);
    const job = await this.store.db
      .insertInto('jobs')
      .values({
        organization_id: organizationId,
        kind,
        status: 'queued',
        created_by: createdBy,
        started_at: null,
        heartbeat_at: null,
        result: null,
        error: null,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const queued: QueuedJob = { jobId: job.id, organizationId, createdBy, input };
    try {
      await this.boss.send(kind, queued);
    } catch (error) {
      await this.store.db.deleteFrom('jobs').where('id', '=', job.id).execute();
      throw error;
    }
    this.startedIds.add(job.id);
    return job.id;
  }

  /** Runs one job taken from the queue, recording its progress and outcome in its row. */
  private async run(queued: QueuedJob, handler: JobHandler<unknown>, kind: string): Promise<void> {
    const db = this.store.db;
    const { jobId } = queued;
    // Only a queued row is ours to run: one failed meanwhile (its server
    // stopped, on PGlite) stays failed.
    const claimed = await db
      .updateTable('jobs')
      .set({ status: 'running', started_at: new Date(), heartbeat_at: new Date() })
      .where('id', '=', jobId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return;
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
          .where('id', '=', jobId)
          .execute(),
      );
    };
    const work = (async () => {
      try {
        const result = await handler(queued.input, {
          jobId,
          organizationId: queued.organizationId,
          createdBy: queued.createdBy,
          progress,
        });
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
          .where('id', '=', jobId)
          .execute();
      } catch (error) {
        await pending.catch(() => undefined);
        const known = error instanceof JobFailure;
        if (!known) this.logger?.error({ err: error, job: jobId, kind }, 'job failed');
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
          .where('id', '=', jobId)
          .execute()
          .catch((writeError: unknown) =>
            this.logger?.error({ err: writeError }, 'could not record a failed job'),
          );
      }
    })();
    this.running.add(work);
    this.runningIds.add(jobId);
    this.startHeartbeat();
    try {
      await work;
    } finally {
      this.running.delete(work);
      this.runningIds.delete(jobId);
    }
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

  /**
   * Waits until the jobs started here have finished, wherever they ran: for
   * tests and scripts.
   */
  async settle(): Promise<void> {
    while (this.startedIds.size > 0) {
      const unfinished = await this.store.db
        .selectFrom('jobs')
        .select('id')
        .where('id', 'in', [...this.startedIds])
        .where('status', 'in', ['queued', 'running'])
        .execute();
      const stillRunning = new Set(unfinished.map((row) => row.id));
      for (const id of this.startedIds) if (!stillRunning.has(id)) this.startedIds.delete(id);
      if (this.startedIds.size > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Refuses new jobs, stops taking queued ones, waits for the running ones
   * (graceful shutdown) and stops pg-boss. Jobs still queued stay queued for
   * another process (PostgreSQL) or are failed at the next start (PGlite).
   */
  async close(): Promise<void> {
    if (this.isClosing) return;
    this.isClosing = true;
    await Promise.all([...this.kinds].map((kind) => this.boss.offWork(kind, { wait: false })));
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
    clearInterval(this.heartbeat);
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}
