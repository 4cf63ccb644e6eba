import { type EventLog, EventLogBuilder, type TimeZone } from '@pipewise/engine';
import type ExcelJS from 'exceljs';
import { type ColumnOverrides, recognizeColumns } from '../column-mapping/index.ts';
import type { ImportReport } from '../csv/read-csv-event-log.ts';
import { clipValue, type InputError, InputFailure, type ReadResult } from '../input-error/index.ts';
import { parseTimestampText, TIMESTAMP_FORMATS } from '../timestamp/index.ts';
import { readWorkbookSheet } from './read-workbook-sheet.ts';

export interface XlsxReadOptions {
  timeZone: TimeZone;
  columns?: ColumnOverrides;
  /** Sheet to read; the first one by default. */
  sheet?: string;
  skipInvalid?: boolean;
}

const SKIPPED_EXAMPLES = 5;

/**
 * Reads an event log from an Excel workbook (`.xlsx`, also as saved by WPS),
 * streaming, so a sheet of 100k rows never sits whole in memory: the first
 * row names the columns (recognized as in CSV files), each further row is an
 * event. Date cells are wall-clock times in `timeZone`; text dates are read as
 * in CSV files. All or nothing, like the CSV reader.
 */
export async function readXlsxEventLogFile(
  path: string,
  options: XlsxReadOptions,
): Promise<ReadResult<{ log: EventLog; report: ImportReport }>> {
  try {
    return { ok: true, ...(await readOrThrow(path, options)) };
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

function readOrThrow(
  path: string,
  options: XlsxReadOptions,
): Promise<{ log: EventLog; report: ImportReport }> {
  return readWorkbookSheet(path, options.sheet, (name, rows) =>
    readSheet(path, name, rows, options),
  );
}

async function readSheet(
  path: string,
  sheetName: string,
  sheet: AsyncIterable<ExcelJS.Row>,
  options: XlsxReadOptions,
): Promise<{ log: EventLog; report: ImportReport }> {
  const builder = new EventLogBuilder();
  const skipped = { rows: 0, examples: [] as InputError[] };
  const zone = options.timeZone;
  let headers: string[] | undefined;
  let mapping: ReturnType<typeof recognizeColumns> | undefined;
  let rows = 0;
  let filteredRows = 0;
  const reject = (detail: InputError): void => {
    if (!options.skipInvalid) throw new InputFailure(detail);
    skipped.rows++;
    if (skipped.examples.length < SKIPPED_EXAMPLES) skipped.examples.push(detail);
  };

  for await (const row of sheet) {
    // row.values is 1-based: values[1] is column A.
    const values = (row.values as unknown[]).slice(1);
    const line = row.number;
    if (headers === undefined) {
      headers = values.map((value) => cellText(value).trim());
      mapping = recognizeColumns(headers, options.columns);
      if (!mapping.ok) {
        const known = `columns are: ${headers.map((h) => `"${h}"`).join(', ')}`;
        throw new InputFailure(
          mapping.reason === 'missing-column'
            ? {
                reason: 'missing-column',
                file: path,
                line,
                value: mapping.role,
                expected: `a ${mapping.role} column (choose one with --${mapping.role} NAME); ${known}`,
              }
            : {
                reason: 'unknown-column',
                file: path,
                line,
                value: mapping.name,
                expected: `one of the header's columns; ${known}`,
              },
        );
      }
      continue;
    }
    if (values.every((value) => cellText(value).trim() === '')) continue;
    rows++;
    const m = mapping!.ok ? mapping!.mapping : undefined!;
    const at = (column: number): string => (column < 0 ? '' : cellText(values[column]).trim());
    const where = (column: number) => ({
      file: path,
      line,
      column: headers![column]!,
      columnNumber: column + 1,
    });
    if (m.rowFilter && at(m.rowFilter.column) !== m.rowFilter.equals) {
      filteredRows++;
      continue;
    }
    const caseId = at(m.case);
    if (caseId === '') {
      reject({
        reason: 'empty-case-id',
        ...where(m.case),
        value: '',
        expected: 'a case id on every row',
      });
      continue;
    }
    const activity = at(m.activity);
    if (activity === '') {
      reject({
        reason: 'empty-activity',
        ...where(m.activity),
        value: '',
        expected: 'an activity name on every row',
      });
      continue;
    }
    const cell = values[m.timestamp];
    const timestampMs =
      cell instanceof Date
        ? zone.localToUtc(cell.getTime())
        : parseTimestampText(cellText(cell), zone);
    if (Number.isNaN(timestampMs)) {
      reject({
        reason: 'unparseable-timestamp',
        ...where(m.timestamp),
        value: clipValue(cellText(cell)),
        expected: TIMESTAMP_FORMATS,
      });
      continue;
    }
    builder.add(caseId, activity, timestampMs, at(m.resource) || undefined);
    const caseIndex = builder.caseIds.intern(caseId);
    for (const attribute of m.caseAttributes) {
      const value = at(attribute.column);
      if (value !== '') builder.setCaseAttribute(attribute.name, caseIndex, value, timestampMs);
    }
  }
  if (headers === undefined || !mapping?.ok) {
    throw new InputFailure({
      reason: 'empty-file',
      file: path,
      expected: `a header row in sheet "${sheetName}"`,
    });
  }
  const m = mapping.mapping;
  const report: ImportReport = {
    file: path,
    format: 'xlsx',
    encoding: 'utf-8',
    delimiter: '',
    preset: m.preset,
    sheet: sheetName,
    columns: {
      case: headers[m.case]!,
      activity: headers[m.activity]!,
      timestamp: headers[m.timestamp]!,
      resource: m.resource >= 0 ? headers[m.resource]! : null,
      caseAttributes: m.caseAttributes.map((attribute) => attribute.name),
    },
    timeZone: zone.name,
    rows,
    filteredRows,
    skipped,
  };
  return { log: builder.build(), report };
}

/** A cell's text: rich text joined, formulas by their result, dates as ISO wall-clock text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 19);
  if (typeof value === 'object') {
    const cell = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: unknown;
    };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error !== undefined) return String(cell.error);
  }
  return String(value);
}
