import { type EventLog, EventLogBuilder, type TimeZone } from '@pipewise/engine';
import { openFileSource } from '../byte-source/index.ts';
import { findHeader, findKnownColumn } from '../column-mapping/index.ts';
import type { CsvTextOptions } from '../csv/open-csv-text.ts';
import type { ImportReport } from '../csv/read-csv-event-log.ts';
import { readCsvTable } from '../csv/read-csv-table.ts';
import { clipValue, type InputError, type ReadResult } from '../input-error/index.ts';
import { parseTimestampText, TIMESTAMP_FORMATS } from '../timestamp/index.ts';

/**
 * One event column of a deal table: the date in `column` is when `activity`
 * happened; an activity written `{deal_stage}` is taken from that column of
 * the same row (a close date whose event is Won or Lost).
 */
export interface EventColumn {
  column: string;
  activity: string;
}

export interface DealSnapshotOptions extends CsvTextOptions {
  timeZone: TimeZone;
  eventColumns: EventColumn[];
  /** The deal id column; recognized like a case column when absent. */
  caseColumn?: string;
  resourceColumn?: string;
  skipInvalid?: boolean;
}

export type EventColumnsResult =
  | { ok: true; eventColumns: EventColumn[] }
  | { ok: false; message: string };

/** `engage_date:Engaged,close_date:{deal_stage}` → event columns. */
export function parseEventColumns(text: string): EventColumnsResult {
  const eventColumns: EventColumn[] = [];
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    const column = (colon < 0 ? part : part.slice(0, colon)).trim();
    const activity = (colon < 0 ? column : part.slice(colon + 1)).trim();
    if (column === '' || activity === '') {
      return {
        ok: false,
        message: `--event-columns takes COLUMN:ACTIVITY[,COLUMN:ACTIVITY…], not "${text}"`,
      };
    }
    eventColumns.push({ column, activity });
  }
  return { ok: true, eventColumns };
}

const SKIPPED_EXAMPLES = 5;

/**
 * Reads a deal table — one row per deal with dated columns, like a CRM's
 * opportunity export — as an event log: each non-empty date of an event
 * column is an event of that deal. The other columns become case attributes.
 * A deal without any date has no events and is no case.
 */
export function readDealSnapshot(
  path: string,
  options: DealSnapshotOptions,
): ReadResult<{ log: EventLog; report: ImportReport }> {
  const read = readCsvTable(openFileSource(path), options);
  if (!read.ok) return read;
  const { table } = read;
  const { headers } = table;
  const locate = (name: string): number => findHeader(headers, name);
  const known = `columns are: ${headers.map((h) => `"${h}"`).join(', ')}`;
  const missing = (value: string, expected: string): { ok: false; error: InputError } => ({
    ok: false,
    error: {
      reason: 'unknown-column',
      file: path,
      line: 1,
      value,
      expected: `${expected}; ${known}`,
    },
  });

  const events: { column: number; activity: string; activityColumn: number }[] = [];
  for (const { column, activity } of options.eventColumns) {
    const index = locate(column);
    if (index < 0) return missing(column, 'a date column named in --event-columns');
    const fromColumn = /^\{(.+)\}$/.exec(activity)?.[1];
    const activityColumn = fromColumn === undefined ? -1 : locate(fromColumn);
    if (fromColumn !== undefined && activityColumn < 0)
      return missing(fromColumn, 'the column an {activity} names');
    events.push({ column: index, activity, activityColumn });
  }
  const eventColumnIndexes = new Set(events.map((event) => event.column));
  const caseColumn =
    options.caseColumn !== undefined
      ? locate(options.caseColumn)
      : findKnownColumn(headers, 'case');
  if (caseColumn < 0) {
    return {
      ok: false,
      error: {
        reason: 'missing-column',
        file: path,
        line: 1,
        value: 'case',
        expected: `a deal id column (choose it with --case NAME); ${known}`,
      },
    };
  }
  const resourceColumn =
    options.resourceColumn !== undefined
      ? locate(options.resourceColumn)
      : findKnownColumn(headers, 'resource');
  const attributeColumns = headers
    .map((name, column) => ({ name, column }))
    .filter(({ column }) => column !== caseColumn && !eventColumnIndexes.has(column));

  const builder = new EventLogBuilder();
  const skipped = { rows: 0, examples: [] as InputError[] };
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r]!;
    const line = table.lines[r]!;
    const caseId = (row[caseColumn] ?? '').trim();
    const reject = (error: InputError): void => {
      if (!options.skipInvalid) throw Object.assign(new Error('input'), { detail: error });
      skipped.rows++;
      if (skipped.examples.length < SKIPPED_EXAMPLES) skipped.examples.push(error);
    };
    try {
      if (caseId === '') {
        reject({
          reason: 'empty-case-id',
          file: path,
          line,
          column: headers[caseColumn]!,
          columnNumber: caseColumn + 1,
          value: '',
          expected: 'a deal id on every row',
        });
        continue;
      }
      const rowEvents: [string, number][] = [];
      for (const event of events) {
        const text = (row[event.column] ?? '').trim();
        if (text === '') continue;
        const timestampMs = parseTimestampText(text, options.timeZone);
        if (Number.isNaN(timestampMs)) {
          reject({
            reason: 'unparseable-timestamp',
            file: path,
            line,
            column: headers[event.column]!,
            columnNumber: event.column + 1,
            value: clipValue(text),
            expected: TIMESTAMP_FORMATS,
          });
          rowEvents.length = 0;
          break;
        }
        const activity =
          event.activityColumn < 0 ? event.activity : (row[event.activityColumn] ?? '').trim();
        if (activity === '') {
          reject({
            reason: 'empty-activity',
            file: path,
            line,
            column: headers[event.activityColumn]!,
            columnNumber: event.activityColumn + 1,
            value: '',
            expected: `an activity name for the date in "${headers[event.column]}"`,
          });
          rowEvents.length = 0;
          break;
        }
        rowEvents.push([activity, timestampMs]);
      }
      if (rowEvents.length === 0) continue;
      const resource = resourceColumn >= 0 ? (row[resourceColumn] ?? '').trim() : '';
      for (const [activity, timestampMs] of rowEvents)
        builder.add(caseId, activity, timestampMs, resource || undefined);
      const caseIndex = builder.caseIds.intern(caseId);
      for (const { name, column } of attributeColumns) {
        const value = (row[column] ?? '').trim();
        if (value !== '') builder.setCaseAttribute(name, caseIndex, value);
      }
    } catch (error) {
      const detail = (error as { detail?: InputError }).detail;
      if (detail) return { ok: false, error: detail };
      throw error;
    }
  }

  const report: ImportReport = {
    file: path,
    format: 'csv',
    encoding: table.encoding,
    delimiter: table.delimiter,
    preset: 'deal-snapshot',
    columns: {
      case: headers[caseColumn]!,
      activity: options.eventColumns
        .map(({ column, activity }) => `${column}:${activity}`)
        .join(','),
      timestamp: events.map((event) => headers[event.column]).join(','),
      resource: resourceColumn >= 0 ? headers[resourceColumn]! : null,
      caseAttributes: attributeColumns.map(({ name }) => name),
    },
    timeZone: options.timeZone.name,
    rows: table.rows.length,
    filteredRows: 0,
    skipped,
  };
  return { ok: true, log: builder.build(), report };
}
