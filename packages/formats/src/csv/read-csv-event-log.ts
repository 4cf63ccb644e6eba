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
import { tokenizeCsv } from './tokenize-csv.ts';

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
  const zone = options.timeZone;

  let headers: string[] | undefined;
  let mapping: ColumnMapping | undefined;
  let builder: EventLogBuilder | undefined;
  let caseInterner: ByteInterner | undefined;
  let activityInterner: ByteInterner | undefined;
  let resourceInterner: ByteInterner | undefined;
  let attributeInterners: {
    name: string;
    column: number;
    interner: ByteInterner;
    table: StringTable;
  }[] = [];
  let filterBytes: Uint8Array | undefined;
  let minFields = 0;
  let rows = 0;
  let filteredRows = 0;
  const skipped = { rows: 0, examples: [] as InputError[] };

  const decodeField = (bytes: Uint8Array, start: number, end: number): string =>
    clipValue(new TextDecoder().decode(bytes.subarray(start, end)));

  const reject = (detail: InputError): void => {
    if (!options.skipInvalid) throw new InputFailure(detail);
    skipped.rows++;
    if (skipped.examples.length < SKIPPED_EXAMPLES) skipped.examples.push(detail);
  };

  const fieldError = (
    reason: InputErrorReason,
    line: number,
    column: number,
    value: string,
    expected: string,
  ): InputError => ({
    reason,
    file,
    line,
    column: headers![column]!,
    columnNumber: column + 1,
    value,
    expected,
  });

  tokenizeCsv(
    text.source,
    {
      delimiter: text.delimiter,
      onChunk: () => options.onProgress?.(bytesRead, raw.size),
      columnNames: () => headers ?? [],
    },
    (bytes, fieldStart, fieldEnd, fieldCount, line) => {
      if (headers === undefined) {
        headers = [];
        for (let k = 0; k < fieldCount; k++) {
          headers.push(
            new TextDecoder().decode(bytes.subarray(fieldStart[k]!, fieldEnd[k]!)).trim(),
          );
        }
        const result = recognizeColumns(headers, options.columns);
        if (!result.ok) {
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
        mapping = result.mapping;
        const estimatedEvents = (raw.size / Math.max(1, fieldEnd[fieldCount - 1]! + 1)) * 2;
        builder = new EventLogBuilder(Math.min(estimatedEvents, 1 << 26));
        caseInterner = new ByteInterner(builder.caseIds);
        activityInterner = new ByteInterner(builder.activities);
        resourceInterner = new ByteInterner(builder.resources);
        attributeInterners = mapping.caseAttributes.map(({ column, name }) => {
          const table = new StringTable();
          return { name, column, table, interner: new ByteInterner(table) };
        });
        if (mapping.rowFilter) filterBytes = new TextEncoder().encode(mapping.rowFilter.equals);
        minFields =
          Math.max(
            mapping.case,
            mapping.activity,
            mapping.timestamp,
            mapping.resource,
            mapping.rowFilter?.column ?? -1,
            ...mapping.caseAttributes.map((attribute) => attribute.column),
          ) + 1;
        return;
      }

      rows++;
      const m = mapping!;
      if (fieldCount < minFields) {
        reject({
          reason: 'too-few-fields',
          file,
          line,
          value: `${fieldCount} field${fieldCount === 1 ? '' : 's'}`,
          expected: `${headers.length} fields as in the header`,
        });
        return;
      }
      if (fieldCount > headers.length) {
        for (let k = headers.length; k < fieldCount; k++) {
          if (fieldEnd[k]! > fieldStart[k]!) {
            reject({
              reason: 'too-many-fields',
              file,
              line,
              value: `${fieldCount} fields`,
              expected: `${headers.length} fields as in the header`,
            });
            return;
          }
        }
      }
      if (
        filterBytes &&
        !isFieldEqual(
          bytes,
          fieldStart[m.rowFilter!.column]!,
          fieldEnd[m.rowFilter!.column]!,
          filterBytes,
        )
      ) {
        filteredRows++;
        return;
      }

      const caseStart = fieldStart[m.case]!;
      const caseEnd = fieldEnd[m.case]!;
      if (caseEnd === caseStart) {
        reject(fieldError('empty-case-id', line, m.case, '', 'a case id on every row'));
        return;
      }
      const activityStart = fieldStart[m.activity]!;
      const activityEnd = fieldEnd[m.activity]!;
      if (activityEnd === activityStart) {
        reject(fieldError('empty-activity', line, m.activity, '', 'an activity name on every row'));
        return;
      }
      const timestampMs = parseTimestampBytes(
        bytes,
        fieldStart[m.timestamp]!,
        fieldEnd[m.timestamp]!,
        zone,
      );
      if (Number.isNaN(timestampMs)) {
        const value = decodeField(bytes, fieldStart[m.timestamp]!, fieldEnd[m.timestamp]!);
        reject(fieldError('unparseable-timestamp', line, m.timestamp, value, TIMESTAMP_FORMATS));
        return;
      }

      let column = m.case;
      try {
        const caseIndex = caseInterner!.intern(bytes, caseStart, caseEnd);
        column = m.activity;
        const activityIndex = activityInterner!.intern(bytes, activityStart, activityEnd);
        column = m.resource;
        const resourceIndex =
          m.resource < 0 || fieldEnd[m.resource] === fieldStart[m.resource]
            ? MISSING
            : resourceInterner!.intern(bytes, fieldStart[m.resource]!, fieldEnd[m.resource]!);
        for (const attribute of attributeInterners) {
          column = attribute.column;
          const start = fieldStart[attribute.column]!;
          const end = fieldEnd[attribute.column]!;
          if (end === start) continue;
          const value = attribute.table.values[attribute.interner.intern(bytes, start, end)]!;
          builder!.setCaseAttribute(attribute.name, caseIndex, value, timestampMs);
        }
        builder!.addEvent(caseIndex, activityIndex, resourceIndex, timestampMs);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        const value = decodeField(bytes, fieldStart[column]!, fieldEnd[column]!);
        reject(
          fieldError(
            'invalid-encoding',
            line,
            column,
            value,
            `valid ${text.encoding} text (choose another with --encoding)`,
          ),
        );
      }
    },
  );

  if (headers === undefined || mapping === undefined || builder === undefined) {
    throw new InputFailure({
      reason: 'empty-file',
      file,
      expected: 'a header row naming the columns',
    });
  }
  const m = mapping;
  const report: ImportReport = {
    file,
    encoding: text.encoding,
    delimiter: describeDelimiter(text.delimiter),
    preset: m.preset,
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
  if (m.rowFilter)
    report.rowFilter = { column: headers[m.rowFilter.column]!, equals: m.rowFilter.equals };
  return { log: builder.build(), report };
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
