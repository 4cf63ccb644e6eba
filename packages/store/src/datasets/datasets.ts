import { type EventLog, EventLogBuilder, MISSING } from '@pipewise/engine';
import { type Kysely, sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction } from '../database/in-transaction.ts';
import type { Database, Dataset } from '../database/schema.ts';

export interface NewDataset {
  organizationId: string;
  projectId?: string | null;
  name: string;
  sourceFile: string;
  format: string;
  /** The column mapping the import used (which column is the case, activity, time…). */
  mapping: Record<string, unknown>;
  calendar?: Record<string, unknown> | null;
  importReport: Record<string, unknown>;
  createdBy: string | null;
}

/** Rows per INSERT: ~10k rows of five arrays stay well inside both drivers' message limits. */
const BATCH = 10_000;

/**
 * Stores an imported event log as a dataset, all or nothing: the dataset, its
 * events, its cases and the audit entry are one transaction, so an import
 * that fails or is killed half-way leaves no trace. Events go in as arrays
 * unnested by the server (one statement per 10k events), the fastest path
 * that both PGlite and PostgreSQL take. Most of the time is the server's
 * (its primary-key index; a foreign-key check per row was another half
 * until migration 0002): `COPY` instead of `unnest` saved only ~0.5 s of
 * 9 s per 1M events on PostgreSQL. `onProgress` gets events written.
 */
export async function importDataset(
  db: Kysely<Database>,
  input: NewDataset,
  log: EventLog,
  onProgress?: (written: number, total: number) => void,
): Promise<Dataset> {
  return inTransaction(db, async (trx) => {
    const dataset = await trx
      .insertInto('datasets')
      .values({
        organization_id: input.organizationId,
        project_id: input.projectId ?? null,
        name: input.name,
        source_file: input.sourceFile,
        format: input.format,
        mapping: JSON.stringify(input.mapping),
        calendar: input.calendar ? JSON.stringify(input.calendar) : null,
        import_report: JSON.stringify(input.importReport),
        event_count: log.eventCount,
        case_count: log.caseCount,
        created_by: input.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const caseOfEvent = new Uint32Array(log.eventCount);
    for (let c = 0; c < log.caseCount; c++) {
      caseOfEvent.fill(c, log.caseStart[c], log.caseStart[c + 1]);
    }
    for (let from = 0; from < log.eventCount; from += BATCH) {
      const to = Math.min(log.eventCount, from + BATCH);
      const seq: number[] = [];
      const cases: string[] = [];
      const activities: string[] = [];
      const times: number[] = [];
      const resources: (string | null)[] = [];
      const starts: (number | null)[] = [];
      for (let e = from; e < to; e++) {
        seq.push(e);
        cases.push(log.caseIds[caseOfEvent[e] as number] as string);
        activities.push(log.activities[log.activityOf[e] as number] as string);
        times.push(log.timestampMs[e] as number);
        const resource = log.resourceOf[e] as number;
        resources.push(resource === MISSING ? null : (log.resources[resource] as string));
        const start = log.startMs?.[e];
        starts.push(start === undefined || Number.isNaN(start) ? null : start);
      }
      await sql`insert into dataset_events (dataset_id, seq, case_id, activity, at_ms, resource, start_ms)
        select ${dataset.id}::uuid, * from unnest(
          ${seq}::integer[], ${cases}::text[], ${activities}::text[], ${times}::bigint[],
          ${resources}::text[], ${starts}::bigint[])`.execute(trx);
      onProgress?.(to, log.eventCount);
    }
    if (log.caseAttributes.length > 0) {
      for (let from = 0; from < log.caseCount; from += BATCH) {
        const to = Math.min(log.caseCount, from + BATCH);
        const ids: string[] = [];
        const attributes: string[] = [];
        for (let c = from; c < to; c++) {
          const values: Record<string, string> = {};
          for (const attribute of log.caseAttributes) {
            const index = attribute.valueIndexOf[c] as number;
            if (index !== MISSING) values[attribute.name] = attribute.values[index] as string;
          }
          ids.push(log.caseIds[c] as string);
          attributes.push(JSON.stringify(values));
        }
        await sql`insert into dataset_cases (dataset_id, case_id, attributes)
          select ${dataset.id}::uuid, * from unnest(${ids}::text[], ${attributes}::jsonb[])`.execute(
          trx,
        );
      }
    }
    await recordAudit(trx, {
      organizationId: input.organizationId,
      userId: input.createdBy,
      action: 'import',
      entity: 'dataset',
      entityId: dataset.id,
      after: {
        name: input.name,
        sourceFile: input.sourceFile,
        events: log.eventCount,
        cases: log.caseCount,
      },
    });
    return dataset;
  });
}

/** The organization's datasets, newest first (without their events). */
export function listDatasets(db: Kysely<Database>, organizationId: string): Promise<Dataset[]> {
  return db
    .selectFrom('datasets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** One dataset of the organization, or undefined: another tenant's id finds nothing. */
export function findDataset(
  db: Kysely<Database>,
  organizationId: string,
  datasetId: string,
): Promise<Dataset | undefined> {
  return db
    .selectFrom('datasets')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', datasetId)
    .executeTakeFirst();
}

/** Deletes a dataset and its events; false when the organization has no such dataset. */
export async function deleteDataset(
  db: Kysely<Database>,
  organizationId: string,
  datasetId: string,
  userId: string | null,
): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const deleted = await trx
      .deleteFrom('datasets')
      .where('organization_id', '=', organizationId)
      .where('id', '=', datasetId)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!deleted) return false;
    await recordAudit(trx, {
      organizationId,
      userId,
      action: 'delete',
      entity: 'dataset',
      entityId: datasetId,
      before: { name: deleted.name },
    });
    return true;
  });
}

/** Events read per query when loading. */
const LOAD_CHUNK = 50_000;

/**
 * Reads a dataset back into the engine's event log: the same events in the
 * same order (`seq` is the log's own order), the same case attributes.
 * Events come back as one JSON text per 50k events, five arrays in it, not
 * as a row object each: PGlite decodes rows one by one in JavaScript, and
 * `JSON.parse` is much faster. 1M events with 100k cases (`npm run
 * bench:store`): PGlite 9.4 s as rows, 2.3 s as JSON; PostgreSQL 15 about
 * the same either way (2.2 s and 2.7 s: before version 16 it sorts the input
 * of each of the five aggregates apart).
 */
export async function loadEventLog(
  db: Kysely<Database>,
  organizationId: string,
  datasetId: string,
): Promise<EventLog | undefined> {
  const dataset = await findDataset(db, organizationId, datasetId);
  if (!dataset) return undefined;
  const builder = new EventLogBuilder(dataset.event_count);
  for (let from = 0; from < dataset.event_count; from += LOAD_CHUNK) {
    const { rows } = await sql<{ columns: string | null }>`select json_build_array(
        json_agg(case_id order by seq), json_agg(activity order by seq),
        json_agg(at_ms order by seq), json_agg(resource order by seq),
        json_agg(start_ms order by seq))::text as columns
      from dataset_events
      where dataset_id = ${datasetId} and seq >= ${from} and seq < ${from + LOAD_CHUNK}`.execute(
      db,
    );
    const [caseIds, activities, times, resources, starts] = JSON.parse(
      rows[0]?.columns ?? '[]',
    ) as EventColumns;
    if (!caseIds) break;
    for (let i = 0; i < caseIds.length; i++) {
      builder.add(caseIds[i]!, activities[i]!, times[i]!, resources[i] ?? undefined);
      const start = starts[i];
      if (start !== null && start !== undefined) builder.setStartOfLastEvent(start);
    }
  }
  // Cases the same way, 50k at a time in case-id order (keyset pagination:
  // each chunk starts after the greatest id of the one before).
  let after: string | null = null;
  for (;;) {
    const { rows } = await sql<{ columns: string | null }>`select json_build_array(
        json_agg(case_id), json_agg(attributes), max(case_id))::text as columns
      from (select case_id, attributes from dataset_cases
        where dataset_id = ${datasetId} and (${after}::text is null or case_id > ${after})
        order by case_id limit ${LOAD_CHUNK}) as chunk`.execute(db);
    const [caseIds, attributes, last] = JSON.parse(rows[0]?.columns ?? '[]') as CaseColumns;
    if (!caseIds) break;
    for (let i = 0; i < caseIds.length; i++) {
      const caseIndex = builder.caseIds.intern(caseIds[i]!);
      for (const [name, value] of Object.entries(attributes[i]!)) {
        builder.setCaseAttribute(name, caseIndex, value);
      }
    }
    if (caseIds.length < LOAD_CHUNK) break;
    after = last;
  }
  return builder.build();
}

/**
 * One chunk of a dataset's events, column by column (null for a chunk
 * without events). Epoch milliseconds are exact as JSON numbers, up to 2⁵³.
 */
type EventColumns = [
  caseIds: string[] | null,
  activities: string[],
  times: number[],
  resources: (string | null)[],
  starts: (number | null)[],
];

/** One chunk of a dataset's cases, and the greatest case id in it (null for none). */
type CaseColumns = [
  caseIds: string[] | null,
  attributes: Record<string, string>[],
  last: string | null,
];

/**
 * The engine's columnar logs of recently used datasets, so repeated analyses
 * do not reload them from the database. Datasets never change once imported
 * (a new import is a new dataset), so an entry stays valid until deleted.
 */
export class EventLogCache {
  private readonly entries = new Map<string, Promise<EventLog | undefined>>();
  private readonly capacity: number;
  constructor(capacity = 8) {
    this.capacity = capacity;
  }

  get(
    db: Kysely<Database>,
    organizationId: string,
    datasetId: string,
  ): Promise<EventLog | undefined> {
    const key = `${organizationId}/${datasetId}`;
    const cached = this.entries.get(key);
    if (cached) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const entry = loadEventLog(db, organizationId, datasetId);
    this.entries.set(key, entry);
    // A missing dataset or a failed read is not remembered, and makes no room:
    // older logs are evicted only once a new one has arrived. The checks on
    // `entry` keep a late answer from touching an entry made after `forget`.
    entry.then(
      (log) => {
        if (this.entries.get(key) !== entry) return;
        if (log === undefined) this.entries.delete(key);
        else this.evictBeyondCapacity();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry;
  }

  /**
   * Keeps a log just imported (the one `importDataset` stored), so the first
   * analysis after an import does not read back what was just written.
   */
  put(organizationId: string, datasetId: string, log: EventLog): void {
    const key = `${organizationId}/${datasetId}`;
    this.entries.delete(key);
    this.entries.set(key, Promise.resolve(log));
    this.evictBeyondCapacity();
  }

  private evictBeyondCapacity(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.capacity) return;
      this.entries.delete(key);
    }
  }

  forget(organizationId: string, datasetId: string): void {
    this.entries.delete(`${organizationId}/${datasetId}`);
  }
}
