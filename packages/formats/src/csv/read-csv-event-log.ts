import {
  type EventLog,
  EventLogBuilder,
  MISSING,
  StringTable,
  type TimeZone,
} from '@pipewise/engine';
import type { ByteSource } from '../byte-source/index.ts';
import {
  type ColumnMapping,
  type ColumnOverrides,
  type ColumnPreset,
  recognizeColumns,
} from '../column-mapping/index.ts';
import type { TextEncodingName } from '../encoding/index.ts';
import {
  clipValue,
  type InputError,
  type InputErrorReason,
  InputFailure,
  type ReadResult,
} from '../input-error/index.ts';
import { parseTimestampBytes, TIMESTAMP_FORMATS } from '../timestamp/index.ts';
import { ByteInterner } from './byte-interner.ts';
import { describeDelimiter } from './detect-delimiter.ts';
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
  /** Rows skipped as invalid (`--skip-invalid`), with the first few reasons. */
  skipped: { rows: number; examples: InputError[] };
}

const SKIPPED_EXAMPLES = 5;

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
    reader = new EventRowReader(file, headers, mapping, options, text.encoding, raw.size);
    const events = reader;
    handleRow = (next) => events.read(next);
  };
  tokenizeCsv(
    text.source,
    {
      delimiter: text.delimiter,
      onChunk: () => options.onProgress?.(bytesRead, raw.size),
      columnNames: () => headers ?? [],
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
  const mapping = reader.mapping;
  const report: ImportReport = {
    file,
    encoding: text.encoding,
    delimiter: describeDelimiter(text.delimiter),
    preset: mapping.preset,
    columns: {
      case: headers[mapping.case]!,
      activity: headers[mapping.activity]!,
      timestamp: headers[mapping.timestamp]!,
      resource: mapping.resource >= 0 ? headers[mapping.resource]! : null,
      caseAttributes: mapping.caseAttributes.map((attribute) => attribute.name),
    },
    timeZone: options.timeZone.name,
    rows: reader.rows,
    filteredRows: reader.filteredRows,
    skipped: reader.skipped,
  };
  if (mapping.rowFilter)
    report.rowFilter = {
      column: headers[mapping.rowFilter.column]!,
      equals: mapping.rowFilter.equals,
    };
  return { log: reader.builder.build(), report };
}

function decodeHeaders(row: CsvRow): string[] {
  const decoder = new TextDecoder();
  const headers: string[] = [];
  for (let k = 0; k < row.fieldCount; k++) {
    headers.push(decoder.decode(row.bytes.subarray(row.fieldStart[k]!, row.fieldEnd[k]!)).trim());
  }
  return headers;
}

function mapColumns(
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
      expected: `a ${result.role} column (choose one with --${result.role} NAME); ${known}`,
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

/**
 * Turns data rows into events. Hot path: one call per row, fields interned
 * by their bytes and the hash the tokenizer already computed.
 */
class EventRowReader {
  readonly mapping: ColumnMapping;
  readonly builder: EventLogBuilder;
  rows = 0;
  filteredRows = 0;
  readonly skipped = { rows: 0, examples: [] as InputError[] };
  private readonly file: string;
  private readonly headers: string[];
  private readonly zone: TimeZone;
  private readonly skipInvalid: boolean;
  private readonly encoding: TextEncodingName;
  private readonly minFields: number;
  private readonly cases: ByteInterner;
  private readonly activities: ByteInterner;
  private readonly resources: ByteInterner;
  private readonly attributes: {
    name: string;
    column: number;
    interner: ByteInterner;
    table: StringTable;
  }[];
  private readonly filterBytes: Uint8Array | undefined;

  constructor(
    file: string,
    headers: string[],
    mapping: ColumnMapping,
    options: CsvEventLogOptions,
    encoding: TextEncodingName,
    fileBytes: number,
  ) {
    this.file = file;
    this.headers = headers;
    this.mapping = mapping;
    this.zone = options.timeZone;
    this.skipInvalid = options.skipInvalid ?? false;
    this.encoding = encoding;
    // Room for the events a file of this size likely holds (~25 bytes per
    // row at least); memory not written to is never touched.
    this.builder = new EventLogBuilder(Math.min(fileBytes / 25, 1 << 27));
    this.cases = new ByteInterner(this.builder.caseIds);
    this.activities = new ByteInterner(this.builder.activities);
    this.resources = new ByteInterner(this.builder.resources);
    this.attributes = mapping.caseAttributes.map(({ column, name }) => {
      const table = new StringTable();
      return { name, column, table, interner: new ByteInterner(table) };
    });
    this.filterBytes = mapping.rowFilter
      ? new TextEncoder().encode(mapping.rowFilter.equals)
      : undefined;
    this.minFields =
      Math.max(
        mapping.case,
        mapping.activity,
        mapping.timestamp,
        mapping.resource,
        mapping.rowFilter?.column ?? -1,
        ...mapping.caseAttributes.map((attribute) => attribute.column),
      ) + 1;
  }

  read(row: CsvRow): void {
    this.rows++;
    const { bytes, fieldStart, fieldEnd, fieldHash, fieldCount } = row;
    const m = this.mapping;
    if (fieldCount < this.minFields || fieldCount > this.headers.length) {
      if (!this.hasFieldCountOfHeader(row)) return;
    }
    if (
      this.filterBytes &&
      !isFieldEqual(
        bytes,
        fieldStart[m.rowFilter!.column]!,
        fieldEnd[m.rowFilter!.column]!,
        this.filterBytes,
      )
    ) {
      this.filteredRows++;
      return;
    }
    const caseStart = fieldStart[m.case]!;
    const caseEnd = fieldEnd[m.case]!;
    if (caseEnd === caseStart) {
      this.reject(this.fieldError('empty-case-id', row, m.case, 'a case id on every row'));
      return;
    }
    const activityStart = fieldStart[m.activity]!;
    const activityEnd = fieldEnd[m.activity]!;
    if (activityEnd === activityStart) {
      this.reject(
        this.fieldError('empty-activity', row, m.activity, 'an activity name on every row'),
      );
      return;
    }
    const timestampMs = parseTimestampBytes(
      bytes,
      fieldStart[m.timestamp]!,
      fieldEnd[m.timestamp]!,
      this.zone,
    );
    if (Number.isNaN(timestampMs)) {
      this.reject(this.fieldError('unparseable-timestamp', row, m.timestamp, TIMESTAMP_FORMATS));
      return;
    }

    let column = m.case;
    try {
      const caseIndex = this.cases.internHashed(bytes, caseStart, caseEnd, fieldHash[m.case]!);
      column = m.activity;
      const activityIndex = this.activities.internHashed(
        bytes,
        activityStart,
        activityEnd,
        fieldHash[m.activity]!,
      );
      let resourceIndex = MISSING;
      if (m.resource >= 0 && fieldEnd[m.resource]! > fieldStart[m.resource]!) {
        column = m.resource;
        resourceIndex = this.resources.internHashed(
          bytes,
          fieldStart[m.resource]!,
          fieldEnd[m.resource]!,
          fieldHash[m.resource]!,
        );
      }
      for (const attribute of this.attributes) {
        const start = fieldStart[attribute.column]!;
        const end = fieldEnd[attribute.column]!;
        if (end === start) continue;
        column = attribute.column;
        const value =
          attribute.table.values[
            attribute.interner.internHashed(bytes, start, end, fieldHash[attribute.column]!)
          ]!;
        this.builder.setCaseAttribute(attribute.name, caseIndex, value, timestampMs);
      }
      this.builder.addEvent(caseIndex, activityIndex, resourceIndex, timestampMs);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      this.reject(
        this.fieldError(
          'invalid-encoding',
          row,
          column,
          `valid ${this.encoding} text (choose another with --encoding)`,
        ),
      );
    }
  }

  /** False (and the row rejected) when it has too few fields, or extra fields that are not empty. */
  private hasFieldCountOfHeader(row: CsvRow): boolean {
    const expected = `${this.headers.length} fields as in the header`;
    const value = `${row.fieldCount} field${row.fieldCount === 1 ? '' : 's'}`;
    if (row.fieldCount < this.minFields) {
      this.reject({ reason: 'too-few-fields', file: this.file, line: row.line, value, expected });
      return false;
    }
    for (let k = this.headers.length; k < row.fieldCount; k++) {
      if (row.fieldEnd[k]! > row.fieldStart[k]!) {
        this.reject({
          reason: 'too-many-fields',
          file: this.file,
          line: row.line,
          value,
          expected,
        });
        return false;
      }
    }
    return true;
  }

  private fieldError(
    reason: InputErrorReason,
    row: CsvRow,
    column: number,
    expected: string,
  ): InputError {
    const value = clipValue(
      new TextDecoder().decode(row.bytes.subarray(row.fieldStart[column]!, row.fieldEnd[column]!)),
    );
    return {
      reason,
      file: this.file,
      line: row.line,
      column: this.headers[column]!,
      columnNumber: column + 1,
      value,
      expected,
    };
  }

  private reject(detail: InputError): void {
    if (!this.skipInvalid) throw new InputFailure(detail);
    this.skipped.rows++;
    if (this.skipped.examples.length < SKIPPED_EXAMPLES) this.skipped.examples.push(detail);
  }
}

function isFieldEqual(
  bytes: Uint8Array,
  start: number,
  end: number,
  expected: Uint8Array,
): boolean {
  if (end - start !== expected.length) return false;
  for (let k = 0; k < expected.length; k++) if (bytes[start + k] !== expected[k]) return false;
  return true;
}
