import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  analyzeLog,
  analyzeSegments,
  type EventLog,
  EventLogBuilder,
  MISSING,
} from '@pipewise/engine';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/record-audit.ts';
import { openStore, type Store } from '../database/open-store.ts';
import type { Database } from '../database/schema.ts';
import { createOrganization } from '../tenancy/tenancy.ts';
import {
  createTestDatabase,
  openTestStore,
  pgliteSnapshot,
  type StoreTarget,
  storeTargets,
} from '../testing/test-stores.ts';
import {
  deleteDataset,
  EventLogCache,
  importDataset,
  listDatasets,
  loadEventLog,
  type NewDataset,
} from './datasets.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY_MS = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 9);

/** A sales log of `caseCount` opportunities with ten stage changes each, in time order across cases. */
function buildSalesLog(
  caseCount: number,
  activityOf = (_case: number, i: number) => `Stage ${i}`,
): EventLog {
  const builder = new EventLogBuilder(caseCount * 10);
  for (let i = 0; i < 10; i++) {
    for (let c = 0; c < caseCount; c++) {
      builder.add(`D${c}`, activityOf(c, i), T0 + c * 60_000 + i * DAY_MS, `rep ${c % 7}`);
    }
  }
  return builder.build();
}

function newDataset(organizationId: string, name = 'deals'): NewDataset {
  return {
    organizationId,
    name,
    sourceFile: `${name}.csv`,
    format: 'csv',
    mapping: { case: 'Opportunity', activity: 'Stage', time: 'Changed at' },
    importReport: { rows: 0 },
    createdBy: null,
  };
}

const IMPORTED_TABLES = ['datasets', 'dataset_events', 'dataset_cases', 'audit_log'] as const;

/** Rows in every table an import writes to. */
async function countImportedRows(
  db: Kysely<Database>,
): Promise<Record<(typeof IMPORTED_TABLES)[number], number>> {
  const counts = { datasets: 0, dataset_events: 0, dataset_cases: 0, audit_log: 0 };
  for (const table of IMPORTED_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  return counts;
}

/** Each event as its strings, in log order: equal for two logs that hold the same events. */
function listEvents(log: EventLog): unknown[] {
  const events: unknown[] = [];
  for (let c = 0; c < log.caseCount; c++) {
    for (let e = log.caseStart[c]!; e < log.caseStart[c + 1]!; e++) {
      const resource = log.resourceOf[e]!;
      events.push([
        log.caseIds[c],
        log.activities[log.activityOf[e]!],
        log.timestampMs[e],
        resource === MISSING ? null : log.resources[resource],
        log.startMs?.[e] ?? null,
      ]);
    }
  }
  return events;
}

/** Each case's attributes by name (order of attributes and of their value tables aside). */
function listCaseAttributes(log: EventLog): Record<string, Record<string, string>> {
  const cases: Record<string, Record<string, string>> = {};
  for (let c = 0; c < log.caseCount; c++) {
    const values: Record<string, string> = {};
    for (const attribute of log.caseAttributes) {
      const index = attribute.valueIndexOf[c]!;
      if (index !== MISSING) values[attribute.name] = attribute.values[index]!;
    }
    cases[log.caseIds[c]!] = values;
  }
  return cases;
}

describe.each(storeTargets())('importing a dataset on %s', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(target);
  });
  afterAll(() => store.close());

  it('reads back the same events, start times and case attributes', async () => {
    const org = await createOrganization(store.db, { name: 'Round trip', slug: 'round-trip' });
    const builder = new EventLogBuilder();
    // Added out of case order, with a tie, so the stored order must be the log's own.
    builder.add('D2', '线索', T0 + DAY_MS, '李四');
    builder.add('D1', '线索', T0, '张三');
    builder.setStartOfLastEvent(T0 - 3_600_000);
    builder.add('D1', '报价', T0 + 2 * DAY_MS);
    builder.add('D1', '商务谈判', T0 + 2 * DAY_MS, '张三');
    builder.setStartOfLastEvent(T0 + 2 * DAY_MS - 60_000);
    builder.add('D3', '线索', T0 + 3 * DAY_MS, '王五');
    builder.setCaseAttribute('团队', builder.caseIds.intern('D1'), '华东区销售组');
    builder.setCaseAttribute('团队', builder.caseIds.intern('D2'), '华北区销售组');
    builder.setCaseAttribute('金额', builder.caseIds.intern('D2'), '120000');
    builder.setCaseAttribute('Region', builder.caseIds.intern('D3'), 'East "A" \\ 1');
    const log = builder.build();

    const dataset = await importDataset(store.db, newDataset(org.id), log);
    const back = await loadEventLog(store.db, org.id, dataset.id);

    expect(back).toBeDefined();
    expect(listEvents(back!)).toEqual(listEvents(log));
    expect(back!.startMs).toEqual(log.startMs);
    expect(listCaseAttributes(back!)).toEqual(listCaseAttributes(log));
    expect(analyzeLog(back!)).toEqual(analyzeLog(log));
    expect(analyzeSegments(back!, '团队')).toEqual(analyzeSegments(log, '团队'));
  });

  it('reads back names that need quoting in SQL, arrays or JSON, and times before 1970', async () => {
    const org = await createOrganization(store.db, { name: 'Quoting', slug: 'quoting' });
    const names = [
      'NULL',
      'null',
      '{a,b}',
      '"引号"',
      'back\\slash',
      'tab\there',
      'new\nline',
      ' 空格 ',
    ];
    const builder = new EventLogBuilder();
    names.forEach((name, i) => {
      builder.add(name, name, Date.UTC(1969, 11, 31) + i, name);
      builder.setCaseAttribute(name, builder.caseIds.intern(name), name);
    });
    const log = builder.build();
    const dataset = await importDataset(store.db, newDataset(org.id), log);
    const back = await loadEventLog(store.db, org.id, dataset.id);
    expect(listEvents(back!)).toEqual(listEvents(log));
    expect(listCaseAttributes(back!)).toEqual(listCaseAttributes(log));
  });

  it('reads back a log of many batches in its own order', async () => {
    const org = await createOrganization(store.db, { name: 'Large', slug: 'large' });
    const log = buildSalesLog(12_345);
    const dataset = await importDataset(store.db, newDataset(org.id), log);
    const back = await loadEventLog(store.db, org.id, dataset.id);
    expect(back?.eventCount).toBe(123_450);
    expect(back?.caseIds).toEqual(log.caseIds);
    expect(back?.caseStart).toEqual(log.caseStart);
    expect(back?.timestampMs).toEqual(log.timestampMs);
    const activityNames = (of: EventLog) => Array.from(of.activityOf, (a) => of.activities[a]);
    expect(activityNames(back!)).toEqual(activityNames(log));
  });

  it('reads back a log without start times as one without them', async () => {
    const org = await createOrganization(store.db, { name: 'No starts', slug: 'no-starts' });
    const log = buildSalesLog(3);
    const dataset = await importDataset(store.db, newDataset(org.id), log);
    const back = await loadEventLog(store.db, org.id, dataset.id);
    expect(back?.startMs).toBeUndefined();
    expect(back?.caseAttributes).toEqual([]);
    expect(listEvents(back!)).toEqual(listEvents(log));
  });

  it('reads back the attributes of more cases than one batch holds', async () => {
    const org = await createOrganization(store.db, { name: 'Many cases', slug: 'many-cases' });
    const builder = new EventLogBuilder();
    for (let c = 0; c < 60_001; c++) {
      builder.add(`D${c}`, 'Lead', T0 + c);
      builder.setCaseAttribute('Amount', c, String(c));
      if (c % 2 === 0) builder.setCaseAttribute('Team', c, c % 4 === 0 ? 'East' : 'North');
    }
    const log = builder.build();
    const dataset = await importDataset(store.db, newDataset(org.id), log);
    const back = await loadEventLog(store.db, org.id, dataset.id);
    expect(listCaseAttributes(back!)).toEqual(listCaseAttributes(log));
  });

  it('leaves no dataset, event, case or audit entry when the import fails half-way', async () => {
    const org = await createOrganization(store.db, { name: 'Half way', slug: 'half-way' });
    // PostgreSQL text cannot hold NUL: the event that has it (case 1500's
    // third, about the 15,000th of the log) fails the second batch of rows.
    const log = buildSalesLog(2_000, (c, i) =>
      c === 1_500 && i === 2 ? 'Pro\u0000posal' : `Stage ${i}`,
    );
    const builder = new EventLogBuilder();
    builder.add('D1', 'Lead', T0);
    builder.setCaseAttribute('Team', 0, 'East');
    const before = await countImportedRows(store.db);
    const progress: number[] = [];

    await expect(
      importDataset(store.db, newDataset(org.id), log, (written) => progress.push(written)),
    ).rejects.toThrow();

    expect(progress).toEqual([10_000]);
    expect(await countImportedRows(store.db)).toEqual(before);
    // The store is still usable afterwards (on PGlite, the one connection was given back).
    const next = await importDataset(store.db, newDataset(org.id, 'next'), builder.build());
    expect(next).toMatchObject({ event_count: 1, case_count: 1 });
  });

  it('leaves no trace of an import whose process was killed half-way', async () => {
    const { config, dispose } = await prepareDatabase(target);
    try {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', IMPORT_IN_CHILD, JSON.stringify(config), '300000'],
        { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        let pending = '';
        child.stdout.on('data', (chunk: Buffer) => {
          pending += chunk.toString();
          const complete = pending.split('\n');
          pending = complete.pop() as string;
          lines.push(...complete);
          if (lines.some((line) => line.startsWith('progress '))) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', () => reject(new Error(`the import ended by itself: ${lines} ${stderr}`)));
      });
      expect(await exited).toBe('SIGKILL');
      expect(lines.at(-1)).toMatch(/^progress \d+ of 300000$/);
      expect(lines).not.toContain('done');

      if (config.dataDir) {
        // The lock file still names the dead child: opening takes it over.
        const lock = readFileSync(path.join(config.dataDir, 'pipewise.lock'), 'utf8');
        expect(lock).toBe(`${child.pid}\n`);
      }
      const reopened = await openStore(config);
      try {
        const counts = await countImportedRows(reopened.db);
        expect(counts).toEqual({ datasets: 0, dataset_events: 0, dataset_cases: 0, audit_log: 0 });
        const org = await createOrganization(reopened.db, { name: 'After', slug: 'after' });
        await importDataset(reopened.db, newDataset(org.id), buildSalesLog(10));
        expect(await countImportedRows(reopened.db)).toMatchObject({ dataset_events: 100 });
      } finally {
        await reopened.close();
      }
    } finally {
      await dispose();
    }
  });

  it('deletes a dataset’s events and cases with it, and with its organization', async () => {
    const before = await countImportedRows(store.db);
    const org = await createOrganization(store.db, { name: 'Deleted', slug: 'deleted' });
    const builder = new EventLogBuilder();
    builder.add('D1', 'Lead', T0);
    builder.add('D2', 'Lead', T0);
    builder.setCaseAttribute('Team', 0, 'East');
    builder.setCaseAttribute('Team', 1, 'North');
    const log = builder.build();
    const first = await importDataset(store.db, newDataset(org.id, 'first'), log);
    await importDataset(store.db, newDataset(org.id, 'second'), log);
    const other = await createOrganization(store.db, { name: 'Kept', slug: 'kept' });
    await importDataset(store.db, newDataset(other.id, 'kept'), log);

    expect(await deleteDataset(store.db, other.id, first.id, null)).toBe(false);
    expect(await deleteDataset(store.db, org.id, first.id, null)).toBe(true);
    const afterOne = await countImportedRows(store.db);
    expect(afterOne.dataset_events - before.dataset_events).toBe(4);
    expect(afterOne.dataset_cases - before.dataset_cases).toBe(4);
    expect((await listAudit(store.db, org.id, 1))[0]).toMatchObject({
      action: 'delete',
      entity: 'dataset',
      entityId: first.id,
      before: { name: 'first' },
    });

    await store.db.deleteFrom('organizations').where('id', '=', org.id).execute();
    const afterOrganization = await countImportedRows(store.db);
    expect(afterOrganization.dataset_events - before.dataset_events).toBe(2);
    expect(afterOrganization.dataset_cases - before.dataset_cases).toBe(2);
    expect(
      (await loadEventLog(store.db, other.id, (await listDatasets(store.db, other.id))[0]!.id))
        ?.eventCount,
    ).toBe(2);
  });

  it('keeps each loaded log in memory until told to forget it', async () => {
    const org = await createOrganization(store.db, { name: 'Cache', slug: 'cache' });
    const dataset = await importDataset(store.db, newDataset(org.id), buildSalesLog(5));
    const cache = new EventLogCache(2);

    const first = await cache.get(store.db, org.id, dataset.id);
    expect(first?.eventCount).toBe(50);
    expect(await cache.get(store.db, org.id, dataset.id)).toBe(first);

    cache.forget(org.id, dataset.id);
    const reloaded = await cache.get(store.db, org.id, dataset.id);
    expect(reloaded).not.toBe(first);
    expect(reloaded && listEvents(reloaded)).toEqual(listEvents(first!));
  });

  it('keeps a log put in after its import, which reads the same as the one stored', async () => {
    const org = await createOrganization(store.db, { name: 'Put', slug: 'put' });
    const log = buildSalesLog(4);
    const dataset = await importDataset(store.db, newDataset(org.id), log);
    const cache = new EventLogCache(2);
    cache.put(org.id, dataset.id, log);
    expect(await cache.get(store.db, org.id, dataset.id)).toBe(log);
    cache.forget(org.id, dataset.id);
    const stored = await cache.get(store.db, org.id, dataset.id);
    expect(stored).not.toBe(log);
    expect(listEvents(stored!)).toEqual(listEvents(log));
  });

  it('keeps only the most recently used logs, and does not remember missing ones', async () => {
    const org = await createOrganization(store.db, { name: 'Evict', slug: 'evict' });
    const other = await createOrganization(store.db, { name: 'Other', slug: 'evict-other' });
    const [a, b, c] = [
      await importDataset(store.db, newDataset(org.id, 'a'), buildSalesLog(1)),
      await importDataset(store.db, newDataset(org.id, 'b'), buildSalesLog(2)),
      await importDataset(store.db, newDataset(org.id, 'c'), buildSalesLog(3)),
    ];
    const cache = new EventLogCache(2);
    const logA = await cache.get(store.db, org.id, a!.id);
    const logB = await cache.get(store.db, org.id, b!.id);
    expect(await cache.get(store.db, org.id, a!.id)).toBe(logA); // a is now the most recent
    const logC = await cache.get(store.db, org.id, c!.id); // evicts b
    expect(await cache.get(store.db, org.id, a!.id)).toBe(logA);
    expect(await cache.get(store.db, org.id, c!.id)).toBe(logC);

    // Another organization's id finds nothing, is not remembered, and evicts nothing.
    expect(await cache.get(store.db, other.id, a!.id)).toBeUndefined();
    expect(await cache.get(store.db, org.id, a!.id)).toBe(logA);
    expect(await cache.get(store.db, org.id, c!.id)).toBe(logC);

    const reloadedB = await cache.get(store.db, org.id, b!.id);
    expect(reloadedB).not.toBe(logB);
    expect(reloadedB?.eventCount).toBe(20);
  });
});

/**
 * The child's part: open the store, create an organization, then import a
 * generated log of `argv[2]` events, printing a line per batch written.
 */
const IMPORT_IN_CHILD = `
  import { EventLogBuilder } from '@pipewise/engine';
  import { createOrganization, importDataset, openStore } from '@pipewise/store';
  const config = JSON.parse(process.argv[1]);
  const eventCount = Number(process.argv[2]);
  const store = await openStore(config);
  const org = await createOrganization(store.db, { name: 'Killed', slug: 'killed' });
  const builder = new EventLogBuilder(eventCount);
  for (let i = 0; i < eventCount; i++) {
    builder.add('D' + Math.floor(i / 10), 'Stage ' + (i % 10), ${T0} + i * 60000, 'rep ' + (i % 50));
  }
  const dataset = {
    organizationId: org.id, name: 'big', sourceFile: 'big.csv', format: 'csv',
    mapping: {}, importReport: {}, createdBy: null,
  };
  await importDataset(store.db, dataset, builder.build(), (written, total) => {
    process.stdout.write('progress ' + written + ' of ' + total + '\\n');
  });
  process.stdout.write('done\\n');
  await store.close();
`;

/**
 * A database of its own for the child: a PGlite folder on disk (migrated
 * from the snapshot, then closed) or an empty PostgreSQL database.
 */
async function prepareDatabase(
  target: StoreTarget,
): Promise<{ config: { dataDir?: string; databaseUrl?: string }; dispose(): Promise<void> }> {
  if (target === 'pglite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pipewise-import-'));
    const store = await openStore({ dataDir, snapshot: await pgliteSnapshot() });
    await store.close();
    return {
      config: { dataDir },
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const database = await createTestDatabase();
  const store = await openStore({ databaseUrl: database.url });
  await store.close();
  return { config: { databaseUrl: database.url }, dispose: () => database.drop() };
}
