import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openStore, type Store } from '../database/open-store.ts';
import { PGliteDialect } from '../database/pglite-dialect.ts';
import type { Database } from '../database/schema.ts';

/**
 * Where store tests run: always on PGlite; also on a PostgreSQL server when
 * `PIPEWISE_TEST_POSTGRES_URL` names one (`.ci/start-postgres` starts a
 * throwaway cluster). Under CI the server is required, so a missing one
 * fails the run instead of quietly testing one database.
 */
export type StoreTarget = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env.PIPEWISE_TEST_POSTGRES_URL;

export function storeTargets(): StoreTarget[] {
  if (POSTGRES_URL) return ['pglite', 'postgres'];
  if (process.env.CI) {
    throw new Error(
      'CI is set but PIPEWISE_TEST_POSTGRES_URL is not: the store tests must run on PostgreSQL too (.ci/start-postgres)',
    );
  }
  return ['pglite'];
}

let migratedSnapshot: Promise<Blob> | undefined;

/**
 * A migrated PGlite, dumped once per test process: a fresh PGlite takes
 * about 2 s to create, one loaded from this snapshot about 0.3 s.
 */
export function pgliteSnapshot(): Promise<Blob> {
  migratedSnapshot ??= (async () => {
    const pglite = await PGlite.create();
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    await migrateToLatest(db);
    const snapshot = await pglite.dumpDataDir('none');
    await db.destroy();
    return snapshot;
  })();
  return migratedSnapshot;
}

/** A fresh, migrated, empty store on the target; `close()` also drops a PostgreSQL test database. */
export async function openTestStore(target: StoreTarget): Promise<Store> {
  if (target === 'pglite') return openStore({ snapshot: await pgliteSnapshot() });
  if (!POSTGRES_URL) throw new Error('PIPEWISE_TEST_POSTGRES_URL is not set');
  const name = `pipewise_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  return {
    ...store,
    close: async () => {
      await store.close();
      await dropDatabase(name);
    },
  };
}

/** An empty PostgreSQL database for migration tests; returns its URL and a way to drop it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('PIPEWISE_TEST_POSTGRES_URL is not set');
  const name = `pipewise_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropDatabase(name),
  };
}

/**
 * Drops a test database once its connections have gone. A closed pool ends
 * its clients without waiting for their sockets, and `drop … with (force)`
 * would kill one still closing, whose error then surfaces in some later test;
 * so wait for them first, and force only as a last resort.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await adminQuery(`drop database if exists ${name}`);
      return;
    } catch (error) {
      // 55006: the database is still being accessed by other users.
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await adminQuery(`drop database if exists ${name} with (force)`);
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
