import type { EventLog, TimeZone } from '@pipewise/engine';
import type { ByteSource } from '../byte-source/index.ts';
import {
  type ColumnMapping,
  type ColumnOverrides,
  type ColumnPreset,
  recognizeColumns,
} from '../column-mapping/index.ts';
import type { TextEncodingName } from '../encoding/index.ts';
import { type InputError, InputFailure, type ReadResult } from '../input-error/index.ts';
import { describeDelimiter } from './detect-delimiter.ts';
import { EventRowReader } from './event-row-reader.ts';
import { type CsvTextOptions, openCsvText } from './open-csv-text.ts';
import { type CsvRow, type CsvRowSink, tokenizeCsv } from './tokenize-csv.ts';

export interface CsvEventLogOptions extends CsvTextOptions {
  /** Zone for timestamps without an offset. */
  timeZone: TimeZone;
  columns?: ColumnOverrides;
  /** Skip rows with errors instead of stopping at the first one. */
  skipInvalid?: boolean;
  /** Called as the file is read, with bytes read and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** What was read and how: shown to users beside the figures. */
export interface ImportReport {
  file: string;
  /** How the file was read: `csv`, `xlsx`, `xes` or `xes.gz`. */
  format: 'csv' | 'xlsx' | 'xes' | 'xes.gz' | 'ocel-json' | 'ocel-xml' | 'ocel-csv' | 'ocel-sqlite';
  /** The sheet read, for workbooks. */
  sheet?: string;
  /** The object type followed, for object-centric logs. */
  objectType?: string;
  encoding: TextEncodingName;
  delimiter: string;
  preset: ColumnPreset;
  columns: {
    case: string;
    activity: string;
    timestamp: string;
    resource: string | null;
    caseAttributes: string[];
  };
  /** Only rows whose `column` equals `equals` are events (Salesforce field history). */
  rowFilter?: { column: string; equals: string };
  timeZone: string;
  /** Data rows in the file (header excluded, blank lines not counted). */
  rows: number;
  /** Rows left out by the row filter. */
  filteredRows: number;
  /** Events added for Salesforce field history: each deal's first stage, at its creation. */
  addedInitialStages?: number;
  /** Rows skipped as invalid (`--skip-invalid`), with the first few reasons. */
  skipped: { rows: number; examples: InputError[] };
}

/**
 * Reads a CSV event log: one row per event, a header row, columns chosen by
 * `options.columns` or recognized from their names. All or nothing: the first
 * bad row stops reading with its location, unless `skipInvalid` is set.
 */
export function readCsvEventLog(
  raw: ByteSource,
  options: CsvEventLogOptions,
): ReadResult<{ log: EventLog; report: ImportReport }> {
  try {
    return { ok: true, ...readOrThrow(raw, options) };
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    throw error;
  } finally {
    raw.close();
  }
}

function readOrThrow(
  raw: ByteSource,
  options: CsvEventLogOptions,
): { log: EventLog; report: ImportReport } {
  let bytesRead = 0;
  const counted: ByteSource = {
    name: raw.name,
    size: raw.size,
    read(target, offset, length) {
      const count = raw.read(target, offset, length);
      bytesRead += count;
      return count;
    },
    close: () => raw.close(),
  };
  const text = openCsvText(counted, options);
  const file = raw.name;

  let headers: string[] | undefined;
  let reader: EventRowReader | undefined;
  // The first row is the header: it decides the mapping, then every other
  // row goes straight to the event reader built for that mapping.
  let handleRow: CsvRowSink = (row) => {
    headers = decodeHeaders(row);
    const mapping = mapColumns(headers, options.columns, file, row.line);
    reader = new EventRowReader(file, headers, mapping, options, text.encoding, {
      readBytes: raw.size,
      eventBytes: raw.size,
    });
    const events = reader;
    handleRow = (next) => events.read(next);
  };
  tokenizeCsv(
    text.source,
    {
      delimiter: text.delimiter,
      onChunk: () => options.onProgress?.(bytesRead, raw.size),
      columnNames: () => headers ?? [],
      ...(options.skipInvalid
        ? {
            onBrokenRow: (error: InputError) => {
              if (!reader) throw new InputFailure(error); // a broken header is no row to skip
              reader.skipBrokenRow(error);
            },
          }
        : {}),
    },
    (row) => handleRow(row),
  );

  if (headers === undefined || reader === undefined) {
    throw new InputFailure({
      reason: 'empty-file',
      file,
      expected: 'a header row naming the columns',
    });
  }
  const log = reader.buildLog();
  return {
    log,
    report: toImportReport(reader, headers, text.encoding, text.delimiter, options.timeZone.name),
  };
}

/** The report of what a reader read (and how), for users and for `--json`. */
export function toImportReport(
  reader: EventRowReader,
  headers: string[],
  encoding: TextEncodingName,
  delimiter: number,
  timeZone: string,
): ImportReport {
  const mapping = reader.mapping;
  const report: ImportReport = {
    file: reader.file,
    format: 'csv',
    encoding,
    delimiter: describeDelimiter(delimiter),
    preset: mapping.preset,
    columns: {
      case: headers[mapping.case]!,
      activity: headers[mapping.activity]!,
      timestamp: headers[mapping.timestamp]!,
      resource: mapping.resource >= 0 ? headers[mapping.resource]! : null,
      caseAttributes: mapping.caseAttributes.map((attribute) => attribute.name),
    },
    timeZone,
    rows: reader.rows,
    filteredRows: reader.filteredRows,
    skipped: reader.skipped,
  };
  if (mapping.rowFilter?.initialStage) report.addedInitialStages = reader.addedEvents;
  if (mapping.rowFilter) {
    report.rowFilter = {
      column: headers[mapping.rowFilter.column]!,
      equals: mapping.rowFilter.equals,
    };
  }
  return report;
}

export function decodeHeaders(row: CsvRow): string[] {
  const decoder = new TextDecoder();
  const headers: string[] = [];
  for (let k = 0; k < row.fieldCount; k++) {
    headers.push(decoder.decode(row.bytes.subarray(row.fieldStart[k]!, row.fieldEnd[k]!)).trim());
  }
  return headers;
}

export function mapColumns(
  headers: string[],
  overrides: ColumnOverrides | undefined,
  file: string,
  line: number,
): ColumnMapping {
  const result = recognizeColumns(headers, overrides);
  if (result.ok) return result.mapping;
  const known = `columns are: ${headers.map((h) => `"${h}"`).join(', ')}`;
  if (result.reason === 'missing-column') {
    throw new InputFailure({
      reason: 'missing-column',
      file,
      line,
      value: result.role,
      expected: `${result.role === 'activity' ? 'an' : 'a'} ${result.role} column (choose one with --${result.role} NAME); ${known}`,
    });
  }
  throw new InputFailure({
    reason: 'unknown-column',
    file,
    line,
    value: result.name,
    expected: `one of the header's columns; ${known}`,
  });
}
