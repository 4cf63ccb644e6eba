import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { type Migration, Migrator } from 'kysely/migration';
import pg from 'pg';
import { MIGRATIONS, migrationProvider } from '../migrations/index.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';

export interface StoreConfig {
  /** A PostgreSQL server (`postgres://…`); without it, PGlite is used. */
  databaseUrl?: string;
  /** PGlite's folder; `memory://` for a database that lives only in this process. */
  dataDir?: string;
  /** A PGlite snapshot (`dumpDataDir`) to start an in-memory database from: tests start fast. */
  snapshot?: Blob;
  /** Run the migrations on open (default true). */
  migrate?: boolean;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly kind: 'pglite' | 'postgres';
  /** The data folder or the server (without its password), for logs. */
  readonly location: string;
  /** The embedded database itself, for snapshots; undefined on PostgreSQL. */
  readonly pglite: PGlite | undefined;
  /** The PostgreSQL server's address (with its password), for tools that open their own connections (pg-boss); undefined on PGlite. */
  readonly databaseUrl: string | undefined;
  close(): Promise<void>;
}

/** A second process opened a PGlite folder that another one holds. */
export class StoreInUseError extends Error {
  readonly pid: number;
  constructor(folder: string, pid: number) {
    super(
      `the data folder ${folder} is in use by PID ${pid}; stop that Pipewise (or choose another folder with --data) and start again`,
    );
    this.name = 'StoreInUseError';
    this.pid = pid;
  }
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set, otherwise PGlite in
 * `dataDir`, guarded by a lock file (PGlite corrupts a folder opened by two
 * processes at once). Migrates to the latest schema unless told not to.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store = config.databaseUrl
    ? openPostgres(config.databaseUrl)
    : await openPGlite(config.dataDir ?? 'memory://', config.snapshot);
  if (config.migrate !== false) {
    try {
      await migrateToLatest(store.db);
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  return store;
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // bigint (count(*), epoch milliseconds) as a number, as PGlite gives it.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    location: hidePassword(url),
    pglite: undefined,
    databaseUrl: url,
    close: () => db.destroy(),
  };
}

/**
 * The server's address for logs, without its password: the one after the
 * user name (even one holding an unescaped `@`, which pg reads up to the
 * last `@`) and a `password=` parameter, both of which pg accepts.
 */
function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):.*@/, '//$1:***@').replace(/password=[^&]*/g, 'password=***');
  }
}

async function openPGlite(dataDir: string, snapshot: Blob | undefined): Promise<Store> {
  const inMemory = dataDir.startsWith('memory://');
  let unlock = () => {};
  let pgDir = dataDir;
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockFolder(dataDir);
    pgDir = path.join(dataDir, 'pgdata');
  }
  try {
    const pglite = await PGlite.create(pgDir, snapshot ? { loadDataDir: snapshot } : {});
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      location: inMemory ? 'memory' : path.resolve(dataDir),
      pglite,
      databaseUrl: undefined,
      close: async () => {
        try {
          await db.destroy();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Takes `FOLDER/pipewise.lock` for this process, or says which live process holds it. */
/** Folders this process holds: a lock naming our own PID but not listed here was left by an earlier process that had our PID (containers reuse them). */
const heldHere = new Set<string>();

export function lockFolder(folder: string): () => void {
  const file = path.join(folder, 'pipewise.lock');
  const key = path.resolve(folder);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(key);
      return () => {
        heldHere.delete(key);
        rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
      const isOurs = pid === process.pid;
      if (Number.isInteger(pid) && (isOurs ? heldHere.has(key) : isAlive(pid)))
        throw new StoreInUseError(key, pid);
      // Left by a process that died: take it over.
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Applies the migrations not yet applied, in order; returns their names. */
export async function migrateToLatest(
  db: Kysely<Database>,
  migrations: Record<string, Migration> = MIGRATIONS,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider(migrations) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}
