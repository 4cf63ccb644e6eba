import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  addMember,
  countOrganizations,
  createOrganization,
  createUser,
  EventLogCache,
  openStore,
  type Store,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { buildApp } from './app/build-app.ts';
import { generatePassword, hashPassword } from './auth/passwords.ts';
import type { Config } from './config/config.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { JobRunner } from './jobs/job-runner.ts';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  jobs: JobRunner;
  /** Where it listens: `http://host:port`. */
  url: string;
  /** Stops taking requests, finishes running requests and jobs, closes the database. */
  close(): Promise<void>;
}

/** What the start printed for people: the first admin's password, the demo accounts. */
export interface StartNotes {
  firstAdmin?: { email: string; password: string };
  demo?: { organization: string; users: { email: string; role: string }[]; password: string };
}

/**
 * Starts Pipewise: opens (and migrates) the store, seeds an empty database
 * (the demo organization, or a first admin whose password is printed once),
 * and listens.
 */
export async function startServer(
  config: Config,
  options: { logger?: Logger; onNotes?: (notes: StartNotes) => void } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const store = await openStore({
    ...(config.databaseUrl
      ? { databaseUrl: config.databaseUrl }
      : { dataDir: path.join(config.dataDir, 'db') }),
  });
  logger.info({ database: store.kind, location: store.location }, 'store open');
  // On PGlite this process is the only one (the folder lock), so every upload
  // waiting there is an orphan; a PostgreSQL deployment may share the folder.
  const swept = sweepUploads(
    path.join(config.dataDir, 'uploads'),
    store.kind === 'pglite' ? 0 : 24 * 3_600_000,
  );
  if (swept > 0) logger.warn({ files: swept }, 'uploads left by a stopped server deleted');
  let jobs: JobRunner | undefined;
  let app: FastifyInstance | undefined;
  try {
    jobs = await JobRunner.open(store, { logger, work: config.workers });
    const interrupted = await jobs.failInterrupted();
    if (interrupted > 0)
      logger.warn({ jobs: interrupted }, 'jobs left running by a stopped server marked failed');

    const notes: StartNotes = {};
    if ((await countOrganizations(store.db)) === 0) {
      const demo = config.demo ?? isDemoByDefault(store.kind, config.host);
      if (demo) {
        notes.demo = await seedDemo(store, logger);
      } else {
        notes.firstAdmin = await createFirstAdmin(store);
      }
    }
    options.onNotes?.(notes);

    app = await buildApp(
      { store, config, jobs, cache: new EventLogCache(), now: () => new Date() },
      logger,
    );
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // A start that fails (the port is taken, say) releases the database and
    // its folder's lock: otherwise the process neither serves nor exits.
    await app?.close().catch(() => undefined);
    await jobs?.close().catch(() => undefined);
    await store.close();
    throw error;
  }
  // On PostgreSQL other processes come and go: look for their dead jobs now and then.
  const sweep =
    store.kind === 'postgres'
      ? setInterval(() => {
          jobs
            .failInterrupted()
            .catch((error: unknown) => logger.warn({ err: error }, 'job sweep failed'));
        }, 60_000)
      : undefined;
  sweep?.unref();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      // Requests first (one may still start a job), then the jobs, then the database.
      clearInterval(sweep);
      await app.close();
      await jobs.close();
      await store.close();
    })();
    return closing;
  };
  return { app, store, jobs, url, close };
}

/**
 * The demo's logins share a published password, so it is seeded by default
 * only where nobody else can reach it: the embedded database on a loopback
 * address. Anywhere else it takes `PIPEWISE_DEMO=true`.
 */
export function isDemoByDefault(kind: 'pglite' | 'postgres', host: string): boolean {
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  return kind === 'pglite' && loopback;
}

/** Deletes uploads left by a process that stopped before importing them (see dataset-routes). */
export function sweepUploads(folder: string, olderThanMs: number, now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = path.join(folder, name);
    try {
      if (now - statSync(file).mtimeMs >= olderThanMs) {
        rmSync(file, { force: true });
        removed++;
      }
    } catch {
      // Gone meanwhile: nothing to do.
    }
  }
  return removed;
}

/** On a database without organizations and without the demo: an organization and its admin, with a random password. */
async function createFirstAdmin(store: Store): Promise<{ email: string; password: string }> {
  const password = generatePassword();
  const email = 'admin@pipewise.local';
  const passwordHash = await hashPassword(password);
  await store.db.transaction().execute(async (trx) => {
    const organization = await createOrganization(trx, { name: 'Pipewise', slug: 'pipewise' });
    const user = await createUser(trx, { email, name: 'Admin', passwordHash });
    await addMember(trx, { organizationId: organization.id, userId: user.id, role: 'admin' });
  });
  return { email, password };
}
