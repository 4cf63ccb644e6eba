import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countOrganizations, createOrganization } from '../tenancy/tenancy.ts';
import { POSTGRES_URL, pgliteSnapshot } from '../testing/test-stores.ts';
import { openStore, type Store, StoreInUseError } from './open-store.ts';

const OPEN_STORE_URL = new URL('./open-store.ts', import.meta.url).href;

/** Runs `code` as an ES module in another Node process; resolves with its output and exit code. */
async function runNode(
  code: string,
  args: string[],
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', code, ...args],
      { timeout: 30_000 },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

/** The PID of a process that has exited (and been reaped): nobody holds it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

describe('a PGlite store on disk', () => {
  let folder: string;
  const opened: Store[] = [];
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'pipewise-store-'));
  });
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function open(options: { fresh?: boolean } = {}): Promise<Store> {
    const store = await openStore({
      dataDir: folder,
      ...(options.fresh ? {} : { snapshot: await pgliteSnapshot() }),
    });
    opened.push(store);
    return store;
  }
  async function close(store: Store): Promise<void> {
    opened.splice(opened.indexOf(store), 1);
    await store.close();
  }

  it('keeps its data when closed and opened again', async () => {
    const first = await open({ fresh: true });
    expect(first).toMatchObject({ kind: 'pglite', location: path.resolve(folder) });
    await createOrganization(first.db, { name: '华东区', slug: 'east' });
    await close(first);
    expect(existsSync(path.join(folder, 'pipewise.lock'))).toBe(false);

    const second = await openStore({ dataDir: folder });
    opened.push(second);
    expect(await countOrganizations(second.db)).toBe(1);
  });

  it('refuses a second open of the same folder in this process, naming the PID that holds it', async () => {
    await open();
    const refused = openStore({ dataDir: folder });
    await expect(refused).rejects.toBeInstanceOf(StoreInUseError);
    await expect(refused).rejects.toMatchObject({
      pid: process.pid,
      message: expect.stringContaining(`in use by PID ${process.pid}`),
    });
    expect(readFileSync(path.join(folder, 'pipewise.lock'), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('refuses another process the folder while this one holds it', async () => {
    await open();
    const code = `
      import { openStore } from ${JSON.stringify(OPEN_STORE_URL)};
      try {
        const store = await openStore({ dataDir: process.argv[1] });
        await store.close();
        console.log('opened');
      } catch (error) {
        console.log(error.name + ': ' + error.message);
        process.exit(3);
      }`;
    const child = await runNode(code, [folder]);
    expect(child.code).toBe(3);
    expect(child.stdout).toContain(`StoreInUseError: the data folder ${path.resolve(folder)}`);
    expect(child.stdout).toContain(`in use by PID ${process.pid}`);
  });

  it('takes over a lock left by a process that died', async () => {
    const dead = await deadPid();
    writeFileSync(path.join(folder, 'pipewise.lock'), `${dead}\n`);
    const store = await open();
    expect(await countOrganizations(store.db)).toBe(0);
    expect(readFileSync(path.join(folder, 'pipewise.lock'), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('takes over a lock naming this process’s PID that this process does not hold (an earlier process with the same PID, as in containers)', async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'pipewise.lock'), `${process.pid}\n`);
    const store = await open();
    expect(await countOrganizations(store.db)).toBe(0);
  });

  it('takes over an empty lock file (a process killed before writing its PID)', async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'pipewise.lock'), '');
    await open();
    expect(readFileSync(path.join(folder, 'pipewise.lock'), 'utf8')).toBe(`${process.pid}\n`);
  });
});

describe('a PostgreSQL store', () => {
  async function locationOf(databaseUrl: string): Promise<string> {
    // Without migrating, nothing connects: the address alone is checked.
    const store = await openStore({ databaseUrl, migrate: false });
    await store.close();
    return store.location;
  }

  it('shows its server in logs without the password', async () => {
    expect(await locationOf('postgres://pipewise:s3cret@db.example.com:5432/pipewise')).toBe(
      'postgres://pipewise:***@db.example.com:5432/pipewise',
    );
    expect(await locationOf('postgres://pipewise:p%40ss@db:5432/pipewise?sslmode=require')).toBe(
      'postgres://pipewise:***@db:5432/pipewise?sslmode=require',
    );
    expect(await locationOf('postgres://pipewise:p@ss@db/pipewise')).toBe(
      'postgres://pipewise:***@db/pipewise',
    );
    expect(await locationOf('postgres://pipewise@db/pipewise?password=s3cret')).toBe(
      'postgres://pipewise@db/pipewise?password=***',
    );
    expect(await locationOf('postgres://pipewise@db/pipewise')).toBe(
      'postgres://pipewise@db/pipewise',
    );
  });

  it.runIf(POSTGRES_URL)('works with a password in its address', async () => {
    // The throwaway server trusts every connection, so any password is accepted.
    const url = new URL(POSTGRES_URL as string);
    url.password = 'not-shown';
    const store = await openStore({ databaseUrl: url.toString(), migrate: false });
    try {
      expect(store.kind).toBe('postgres');
      expect(store.location).not.toContain('not-shown');
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(store.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
    }
  });
});
