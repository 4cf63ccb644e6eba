import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type EventLog, EventLogBuilder, MISSING, SeededRandom } from '@pipewise/engine';
import {
  createOrganization,
  importDataset,
  loadEventLog,
  openStore,
  type Store,
  type StoreConfig,
} from '@pipewise/store';
import { createTestDatabase } from '@pipewise/store/testing';
import { formatTable, parseSizes } from './run.ts';
import { STAGE_LABELS } from './sales-process.ts';

/**
 * `npm run bench:store [-- --events 1m]`: stores a generated sales log as a
 * dataset (`importDataset`: one transaction, the path of every upload) and
 * reads it back (`loadEventLog`: what the first analysis of a dataset
 * waits for), on PGlite in a temporary folder on disk, and on PostgreSQL
 * when `PIPEWISE_TEST_POSTGRES_URL` (a throwaway database is created on
 * that server, then dropped) or `DATABASE_URL` (its schema is migrated and
 * the bench organization deleted afterwards) is set. Checks that the log
 * read back is the one stored: exits 1 if not. Prints events/s and the
 * issue's targets; a missed target is reported, not fatal.
 */

/** Seconds to import 1M events (issue 5). */
const IMPORT_TARGET_SECONDS: Record<Store['kind'], number> = { pglite: 30, postgres: 10 };

const EVENTS_PER_CASE = 10;
const T0 = Date.UTC(2023, 0, 2, 9);
const DAY_MS = 86_400_000;

/**
 * A Chinese B2B sales log of exactly `eventCount` events: opportunities of
 * ten stage changes (rework now and then), their owners and covering
 * teammates as resources, and four case attributes (team, region, amount,
 * owner), deterministic for a seed. Only the sizes and shapes of the
 * strings matter here; `generate-sales-log.ts` has the realistic process.
 */
export function buildSalesLog(eventCount: number, seed = 1): EventLog {
  const random = new SeededRandom(seed);
  const stages = STAGE_LABELS.chinese;
  const regions = ['华东', '华北', '华南', '华中', '西南', '西北', '东北'];
  const teams = Array.from({ length: 10 }, (_, t) => ({
    name: `${regions[t % regions.length]}区销售${t < regions.length ? '' : '二'}组`,
    region: `${regions[t % regions.length]}区`,
    reps: Array.from(
      { length: 20 },
      (_, r) => `销售代表${String(t * 20 + r + 1).padStart(3, '0')}`,
    ),
  }));
  const builder = new EventLogBuilder(eventCount);
  const caseCount = Math.ceil(eventCount / EVENTS_PER_CASE);
  for (let c = 0; c < caseCount; c++) {
    const caseId = `OPP-${String(c + 1).padStart(7, '0')}`;
    const team = random.pick(teams);
    const owner = random.pick(team.reps);
    let atMs = T0 + random.nextInt(730) * DAY_MS + random.nextInt(9 * 3_600_000);
    let stage = 0;
    const events = Math.min(EVENTS_PER_CASE, eventCount - c * EVENTS_PER_CASE);
    for (let e = 0; e < events; e++) {
      const isLast = e === events - 1;
      const activity = isLast ? stages[random.isBelow(0.48) ? 6 : 7]! : stages[stage]!;
      builder.add(caseId, activity, atMs, random.isBelow(0.85) ? owner : random.pick(team.reps));
      atMs += Math.round(random.nextLogNormal(2 * DAY_MS, 0.8));
      stage = random.isBelow(0.2) ? Math.max(0, stage - 1) : Math.min(5, stage + 1);
    }
    const caseIndex = builder.caseIds.intern(caseId);
    builder.setCaseAttribute('团队', caseIndex, team.name);
    builder.setCaseAttribute('区域', caseIndex, team.region);
    builder.setCaseAttribute('金额', caseIndex, String(10_000 + random.nextInt(2_000_000)));
    builder.setCaseAttribute('负责人', caseIndex, owner);
  }
  return builder.build();
}

/** The first difference between two logs, by names (not table indices), or undefined. */
export function findDifference(expected: EventLog, actual: EventLog): string | undefined {
  if (actual.eventCount !== expected.eventCount || actual.caseCount !== expected.caseCount) {
    return `${actual.eventCount} events in ${actual.caseCount} cases, expected ${expected.eventCount} in ${expected.caseCount}`;
  }
  const resourceOf = (log: EventLog, e: number) => {
    const r = log.resourceOf[e]!;
    return r === MISSING ? null : log.resources[r];
  };
  for (let c = 0; c < expected.caseCount; c++) {
    if (actual.caseIds[c] !== expected.caseIds[c]) return `case ${c}: ${actual.caseIds[c]}`;
    if (actual.caseStart[c + 1] !== expected.caseStart[c + 1]) return `case ${c}: its events`;
  }
  for (let e = 0; e < expected.eventCount; e++) {
    if (
      actual.activities[actual.activityOf[e]!] !== expected.activities[expected.activityOf[e]!] ||
      actual.timestampMs[e] !== expected.timestampMs[e] ||
      resourceOf(actual, e) !== resourceOf(expected, e)
    ) {
      return `event ${e}`;
    }
  }
  for (const attribute of expected.caseAttributes) {
    const other = actual.caseAttributes.find((candidate) => candidate.name === attribute.name);
    if (!other) return `case attribute ${attribute.name} missing`;
    for (let c = 0; c < expected.caseCount; c++) {
      const value = (of: typeof attribute, i: number) =>
        of.valueIndexOf[i] === MISSING ? null : of.values[of.valueIndexOf[i]!];
      if (value(other, c) !== value(attribute, c)) return `case ${c}: ${attribute.name}`;
    }
  }
  return undefined;
}

/** Bytes of the tables (with their indexes and TOAST) that hold datasets' events and cases. */
async function storedBytes(store: Store): Promise<number> {
  const sizes = await store.db
    .selectNoFrom((eb) => [
      eb.fn<number>('pg_total_relation_size', [eb.val('dataset_events')]).as('events'),
      eb.fn<number>('pg_total_relation_size', [eb.val('dataset_cases')]).as('cases'),
    ])
    .executeTakeFirstOrThrow();
  return Number(sizes.events) + Number(sizes.cases);
}

interface Measurement {
  kind: Store['kind'];
  importSeconds: number;
  loadSeconds: number;
  storedMiB: number;
  difference: string | undefined;
}

/** Imports the log into a new organization of `store`, reads it back, then removes the organization. */
async function measure(store: Store, log: EventLog): Promise<Measurement> {
  console.log(`${store.kind} (${store.location}): importing …`);
  const org = await createOrganization(store.db, {
    name: 'bench:store',
    slug: `bench-store-${randomUUID()}`,
  });
  try {
    const bytesBefore = await storedBytes(store);
    const importStarted = performance.now();
    const dataset = await importDataset(
      store.db,
      {
        organizationId: org.id,
        name: 'bench',
        sourceFile: 'generated',
        format: 'csv',
        mapping: {},
        importReport: {},
        createdBy: null,
      },
      log,
    );
    const importSeconds = (performance.now() - importStarted) / 1000;
    const storedMiB = ((await storedBytes(store)) - bytesBefore) / 1024 / 1024;
    console.log(`  imported in ${importSeconds.toFixed(2)} s; reading back …`);
    const loadStarted = performance.now();
    const back = await loadEventLog(store.db, org.id, dataset.id);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const difference = back ? findDifference(log, back) : 'the dataset was not found';
    return { kind: store.kind, importSeconds, loadSeconds, storedMiB, difference };
  } finally {
    await store.db.deleteFrom('organizations').where('id', '=', org.id).execute();
  }
}

async function measurePGlite(log: EventLog): Promise<Measurement> {
  const folder = mkdtempSync(join(tmpdir(), 'pipewise-bench-store-'));
  try {
    const store = await openStore({ dataDir: folder });
    try {
      return await measure(store, log);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function measurePostgres(log: EventLog): Promise<Measurement | undefined> {
  let config: StoreConfig;
  let drop = async () => {};
  if (process.env.PIPEWISE_TEST_POSTGRES_URL) {
    const database = await createTestDatabase();
    config = { databaseUrl: database.url };
    drop = database.drop;
  } else if (process.env.DATABASE_URL) {
    config = { databaseUrl: process.env.DATABASE_URL };
  } else {
    return undefined;
  }
  try {
    const store = await openStore(config);
    try {
      return await measure(store, log);
    } finally {
      await store.close();
    }
  } finally {
    await drop();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { events: { type: 'string', default: '1m' } } });
  const [size] = parseSizes(values.events);
  if (!size) throw new Error(`--events: ${values.events}`);
  const started = performance.now();
  const log = buildSalesLog(size.targetEvents);
  console.log(
    `generated ${log.eventCount.toLocaleString('en')} events of ${log.caseCount.toLocaleString('en')} opportunities in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const results = [await measurePGlite(log)];
  const postgres = await measurePostgres(log);
  if (postgres) results.push(postgres);
  else console.log('PostgreSQL skipped: set PIPEWISE_TEST_POSTGRES_URL or DATABASE_URL');

  const perSecond = (seconds: number) => Math.round(log.eventCount / seconds).toLocaleString('en');
  console.log('');
  console.log(
    formatTable(
      [
        'database',
        'events',
        'import s',
        'import events/s',
        'load s',
        'load events/s',
        'stored MiB',
      ],
      results.map((result) => [
        result.kind === 'pglite' ? 'PGlite (disk)' : 'PostgreSQL',
        log.eventCount.toLocaleString('en'),
        result.importSeconds.toFixed(2),
        perSecond(result.importSeconds),
        result.loadSeconds.toFixed(2),
        perSecond(result.loadSeconds),
        result.storedMiB.toFixed(0),
      ]),
    ),
  );
  console.log('');
  for (const result of results) {
    const target = IMPORT_TARGET_SECONDS[result.kind];
    const perMillion = (result.importSeconds * 1_000_000) / log.eventCount;
    console.log(
      `${result.kind}: 1M events imported in under ${target} s: ${perMillion.toFixed(1)} s per 1M — ${perMillion < target ? 'met' : 'MISSED'}`,
    );
    if (result.difference) console.log(`${result.kind}: READ BACK DIFFERENT: ${result.difference}`);
  }
  return results.some((result) => result.difference) ? 1 : 0;
}

if (import.meta.main) {
  process.exitCode = await main();
}
