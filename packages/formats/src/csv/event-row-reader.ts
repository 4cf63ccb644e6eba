import {
  type EventLog,
  EventLogBuilder,
  MISSING,
  StringTable,
  type TimeZone,
} from '@pipewise/engine';
import type { ColumnMapping } from '../column-mapping/index.ts';
import type { TextEncodingName } from '../encoding/index.ts';
import {
  clipValue,
  type InputError,
  type InputErrorReason,
  InputFailure,
} from '../input-error/index.ts';
import { parseTimestampBytes, TIMESTAMP_FORMATS } from '../timestamp/index.ts';
import { ByteInterner } from './byte-interner.ts';
import type { CsvEventLogOptions } from './read-csv-event-log.ts';
import type { PartResult } from './read-part.ts';
import { type CsvRow, hashBytes } from './tokenize-csv.ts';

/** How many skipped rows are kept as examples in the report. */
export const SKIPPED_EXAMPLES = 5;

/**
 * Turns data rows into events. Hot path: one call per row, fields interned
 * by their bytes and the hash the tokenizer already computed.
 */
export class EventRowReader {
  readonly mapping: ColumnMapping;
  readonly builder: EventLogBuilder;
  rows = 0;
  filteredRows = 0;
  readonly skipped = { rows: 0, examples: [] as InputError[] };
  readonly file: string;
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
  /** Salesforce field history: first stages to add at creation (see `RowFilter.initialStage`). */
  private readonly initialStages: InitialStages | undefined;
  /** Columns whose values are compared as text: trimmed of spaces and tabs. */
  private readonly trimmedColumns: number[];

  constructor(
    file: string,
    headers: string[],
    mapping: ColumnMapping,
    options: Pick<CsvEventLogOptions, 'timeZone' | 'skipInvalid'>,
    encoding: TextEncodingName,
    /** Bytes this reader reads itself, and those whose events it will hold (more when it absorbs another part). */
    size: { readBytes: number; eventBytes: number },
  ) {
    this.file = file;
    this.headers = headers;
    this.mapping = mapping;
    this.zone = options.timeZone;
    this.skipInvalid = options.skipInvalid ?? false;
    this.encoding = encoding;
    // Other encodings reach us transcoded, with bytes invalid in them turned
    // into U+FFFD: the interners refuse that character so the row is located.
    const isTranscoded = encoding !== 'utf-8';
    // Room for the events a file of this size likely holds (~25 bytes per
    // row at least); memory not written to is never touched.
    this.builder = new EventLogBuilder(Math.min(size.eventBytes / 25, 1 << 27));
    // Sized for rows of ~50 bytes and ~10 events per case (a sales log): a
    // table too large costs cache misses on every row, one too small rehashes
    // (measured on 2M events: 0.1 s less reading than sizing for half as many).
    // Only the bytes read here count: ids absorbed from another part are not
    // put in the lookup table (see `absorbEntries`), and a table half the
    // size misses the CPU caches less.
    this.cases = new ByteInterner(this.builder.caseIds, size.readBytes / 500, isTranscoded);
    this.activities = new ByteInterner(this.builder.activities, 512, isTranscoded);
    this.resources = new ByteInterner(this.builder.resources, 512, isTranscoded);
    this.attributes = mapping.caseAttributes.map(({ column, name }) => {
      const table = new StringTable();
      return { name, column, table, interner: new ByteInterner(table, 512, isTranscoded) };
    });
    this.trimmedColumns = [
      mapping.case,
      mapping.activity,
      ...(mapping.resource >= 0 ? [mapping.resource] : []),
      ...(mapping.rowFilter ? [mapping.rowFilter.column] : []),
      ...mapping.caseAttributes.map((attribute) => attribute.column),
    ];
    const initialStage = mapping.rowFilter?.initialStage;
    this.initialStages = initialStage
      ? new InitialStages(this, initialStage.createdEquals, initialStage.oldValueColumn)
      : undefined;
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
    const { bytes, fieldStart, fieldEnd, fieldHash, fieldCount } = row;
    const m = this.mapping;
    // Excel leaves rows of empty cells (`,,,`) at the end of exports: not data.
    if ((fieldCount < this.minFields || fieldStart[m.case] === fieldEnd[m.case]) && isBlankRow(row))
      return;
    this.rows++;
    if (fieldCount < this.minFields || fieldCount > this.headers.length) {
      if (!this.hasFieldCountOfHeader(row)) return;
    }
    // Values are compared without surrounding spaces (" Won" is "Won").
    for (const column of this.trimmedColumns) {
      const start = fieldStart[column]!;
      const end = fieldEnd[column]!;
      if (end > start && (isSpace(bytes[start]!) || isSpace(bytes[end - 1]!))) {
        trimField(row, column);
        fieldHash[column] = hashBytes(bytes, fieldStart[column]!, fieldEnd[column]!);
      }
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
      if (this.initialStages) this.initialStages.readCreatedRow(row);
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
      if (this.initialStages) {
        column = m.rowFilter!.initialStage!.oldValueColumn;
        this.initialStages.readStageChange(row, caseIndex, timestampMs);
      }
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

  /** The log of everything read (after `absorb`ing the other parts, if any). */
  buildLog(): EventLog {
    this.initialStages?.addEvents();
    // The byte tables are done with: free them before sorting needs memory.
    for (const interner of [this.cases, this.activities, this.resources]) interner.release();
    for (const attribute of this.attributes) attribute.interner.release();
    return this.builder.build();
  }

  /** Events added by the reader itself (first stages of Salesforce field history). */
  get addedEvents(): number {
    return this.initialStages?.added ?? 0;
  }

  /** For `InitialStages`: the parts of a row it needs, interned and parsed as events are. */
  internCase(row: CsvRow): number {
    const m = this.mapping;
    return this.cases.internHashed(
      row.bytes,
      row.fieldStart[m.case]!,
      row.fieldEnd[m.case]!,
      row.fieldHash[m.case]!,
    );
  }

  internActivity(row: CsvRow, column: number): number {
    const start = row.fieldStart[column]!;
    const end = row.fieldEnd[column]!;
    return this.activities.internHashed(row.bytes, start, end, hashBytes(row.bytes, start, end));
  }

  internResource(row: CsvRow): number {
    const m = this.mapping;
    if (m.resource < 0 || row.fieldEnd[m.resource] === row.fieldStart[m.resource]) return MISSING;
    return this.resources.internHashed(
      row.bytes,
      row.fieldStart[m.resource]!,
      row.fieldEnd[m.resource]!,
      row.fieldHash[m.resource]!,
    );
  }

  parseTimestamp(row: CsvRow): number {
    const column = this.mapping.timestamp;
    return parseTimestampBytes(
      row.bytes,
      row.fieldStart[column]!,
      row.fieldEnd[column]!,
      this.zone,
    );
  }

  /**
   * What this reader collected, for handing to the reader of an earlier part
   * on another thread (`absorb`). Case, activity and resource values travel
   * as interned bytes rather than strings: cheaper to send and to merge.
   */
  toPart(nextLine: number): PartResult {
    return {
      columns: this.builder.toColumns(),
      cases: this.cases.toEntries(),
      activities: this.activities.toEntries(),
      resources: this.resources.toEntries(),
      rows: this.rows,
      filteredRows: this.filteredRows,
      skipped: this.skipped,
      nextLine,
    };
  }

  /**
   * Takes over the events and counters of a later part of the same file,
   * read by another thread; its line numbers are shifted by `lineOffset`.
   */
  absorb(part: PartResult, lineOffset: number): void {
    this.builder.appendColumns(part.columns, {
      caseMap: this.cases.absorbEntries(part.cases),
      activityMap: this.activities.absorbEntries(part.activities),
      resourceMap: this.resources.absorbEntries(part.resources),
    });
    this.rows += part.rows;
    this.filteredRows += part.filteredRows;
    this.skipped.rows += part.skipped.rows;
    for (const example of part.skipped.examples) {
      if (this.skipped.examples.length >= SKIPPED_EXAMPLES) break;
      this.skipped.examples.push(shiftLine(example, lineOffset));
    }
  }

  /** False (and the row rejected) when it has too few fields, or extra fields that are not empty. */
  private hasFieldCountOfHeader(row: CsvRow): boolean {
    const expected = `${this.headers.length} fields as in the header`;
    const value = `${row.fieldCount} field${row.fieldCount === 1 ? '' : 's'}`;
    if (row.fieldCount < this.minFields) {
      // Name the first column the row lacks.
      const missing = row.fieldCount;
      this.reject({
        reason: 'too-few-fields',
        file: this.file,
        line: row.line,
        column: this.headers[missing]!,
        columnNumber: missing + 1,
        value,
        expected,
      });
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

  /** A row the tokenizer could not split, skipped when skipping (else it stops reading). */
  skipBrokenRow(detail: InputError): void {
    this.rows++;
    this.reject(detail);
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

/** The same error with its line moved by `lineOffset` (errors found by a reader of a later part). */
export function shiftLine(error: InputError, lineOffset: number): InputError {
  return error.line === undefined ? error : { ...error, line: error.line + lineOffset };
}

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9;
}

function trimField(row: CsvRow, column: number): void {
  let start = row.fieldStart[column]!;
  let end = row.fieldEnd[column]!;
  while (start < end && isSpace(row.bytes[start]!)) start++;
  while (end > start && isSpace(row.bytes[end - 1]!)) end--;
  row.fieldStart[column] = start;
  row.fieldEnd[column] = end;
}

/** True when every field of the row is empty or spaces. */
function isBlankRow(row: CsvRow): boolean {
  for (let k = 0; k < row.fieldCount; k++) {
    for (let i = row.fieldStart[k]!; i < row.fieldEnd[k]!; i++)
      if (!isSpace(row.bytes[i]!)) return false;
  }
  return true;
}

/**
 * Salesforce OpportunityFieldHistory records a deal's creation (Field =
 * `created`) but not the stage it was created in; that stage is the OldValue
 * of the deal's first stage change. This adds it as an event at the creation
 * time, so the first stage, its duration and the case duration are not lost.
 */
class InitialStages {
  private readonly reader: EventRowReader;
  private readonly createdBytes: Uint8Array;
  private readonly oldValueColumn: number;
  /** Per case: creation time and who created it. */
  private readonly createdAt = new Map<number, { timestampMs: number; resource: number }>();
  /** Per case: the earliest stage change and the stage it left. */
  private readonly firstChange = new Map<number, { timestampMs: number; fromActivity: number }>();
  added = 0;

  constructor(reader: EventRowReader, createdEquals: string, oldValueColumn: number) {
    this.reader = reader;
    this.createdBytes = new TextEncoder().encode(createdEquals);
    this.oldValueColumn = oldValueColumn;
  }

  readCreatedRow(row: CsvRow): void {
    const column = this.reader.mapping.rowFilter!.column;
    if (!isFieldEqual(row.bytes, row.fieldStart[column]!, row.fieldEnd[column]!, this.createdBytes))
      return;
    if (row.fieldEnd[this.reader.mapping.case] === row.fieldStart[this.reader.mapping.case]) return;
    const timestampMs = this.reader.parseTimestamp(row);
    if (Number.isNaN(timestampMs)) return; // not an event row: its own errors are not ours to report
    const caseIndex = this.reader.internCase(row);
    const earlier = this.createdAt.get(caseIndex);
    if (earlier === undefined || timestampMs < earlier.timestampMs) {
      this.createdAt.set(caseIndex, { timestampMs, resource: this.reader.internResource(row) });
    }
  }

  readStageChange(row: CsvRow, caseIndex: number, timestampMs: number): void {
    const start = row.fieldStart[this.oldValueColumn]!;
    const end = row.fieldEnd[this.oldValueColumn]!;
    const earlier = this.firstChange.get(caseIndex);
    if (earlier !== undefined && earlier.timestampMs <= timestampMs) return;
    const fromActivity = end > start ? this.reader.internActivity(row, this.oldValueColumn) : -1;
    this.firstChange.set(caseIndex, { timestampMs, fromActivity });
  }

  addEvents(): void {
    for (const [caseIndex, change] of this.firstChange) {
      const created = this.createdAt.get(caseIndex);
      if (
        created === undefined ||
        change.fromActivity < 0 ||
        created.timestampMs > change.timestampMs
      )
        continue;
      this.reader.builder.addEvent(
        caseIndex,
        change.fromActivity,
        created.resource,
        created.timestampMs,
      );
      this.added++;
    }
  }
}
