import type { ByteSource } from '../byte-source/index.ts';
import { type InputError, InputFailure } from '../input-error/index.ts';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * One row of a CSV file: field `k` is `bytes[fieldStart[k], fieldEnd[k])`,
 * already unquoted and unescaped, and `fieldHash[k]` is the FNV-1a hash of
 * those bytes (computed while scanning, so interning a field needs no second
 * pass over it). Everything is reused for the next row: read what you need
 * before returning.
 */
export interface CsvRow {
  bytes: Uint8Array;
  fieldStart: Int32Array;
  fieldEnd: Int32Array;
  fieldHash: Int32Array;
  fieldCount: number;
  /** 1-based physical line where the row starts (the header is line 1). */
  line: number;
}

export type CsvRowSink = (row: CsvRow) => void;

export interface TokenizeOptions {
  /** The delimiter byte (`,` `;` tab `|`). */
  delimiter: number;
  /** Size of the read buffer; it grows when one row is longer. */
  chunkBytes?: number;
  /** Called after each chunk is read. */
  onChunk?: () => void;
  /** Header names, once known, so errors can name the column. */
  columnNames?: () => readonly string[];
  /**
   * With this, a row with text after a closing quote is reported here and
   * skipped (up to the end of its line) instead of stopping the reading.
   * A quote never closed still stops it: the rest of the file is that field.
   */
  onBrokenRow?: (error: InputError) => void;
  /** Line number of the first byte (when reading part of a file); 1 by default. */
  firstLine?: number;
}

/** FNV-1a over `bytes[start, end)`, the hash `tokenizeCsv` reports per field. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
  return hash | 0;
}

/**
 * Splits UTF-8 CSV bytes into rows and fields (RFC 4180 with the usual
 * leniency): quoted fields may hold delimiters, doubled quotes and line
 * breaks; rows end with LF, CRLF or CR; blank lines are skipped; a quote
 * inside an unquoted field is kept as text. A quote that is never closed, or
 * text right after a closing quote, stops reading with a located error.
 *
 * Hot path: one pass over the bytes, no string per field. A partial row at
 * the end of a chunk is scanned again once the next chunk is in.
 * Returns the line number that follows the last complete line break.
 */
export function tokenizeCsv(
  source: ByteSource,
  options: TokenizeOptions,
  onRow: CsvRowSink,
): number {
  const state = new TokenizerState(source, options, onRow);
  let buffer = new Uint8Array(options.chunkBytes ?? 1 << 20);
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      const grown = new Uint8Array(buffer.length * 2);
      grown.set(buffer);
      buffer = grown;
    }
    const count = source.read(buffer, filled, buffer.length - filled);
    const isLast = count === 0;
    filled += count;
    options.onChunk?.();
    const consumed = scanRows(state, buffer, filled, isLast);
    if (isLast) return state.line;
    buffer.copyWithin(0, consumed, filled);
    filled -= consumed;
  }
}

class TokenizerState {
  readonly row: CsvRow;
  isEscaped = new Uint8Array(64);
  readonly delimiter: number;
  readonly source: ByteSource;
  readonly options: TokenizeOptions;
  readonly onRow: CsvRowSink;
  line: number;

  constructor(source: ByteSource, options: TokenizeOptions, onRow: CsvRowSink) {
    this.line = options.firstLine ?? 1;
    this.source = source;
    this.options = options;
    this.onRow = onRow;
    this.delimiter = options.delimiter;
    this.row = {
      bytes: new Uint8Array(0),
      fieldStart: new Int32Array(64),
      fieldEnd: new Int32Array(64),
      fieldHash: new Int32Array(64),
      fieldCount: 0,
      line: 1,
    };
  }

  growFields(): void {
    const row = this.row;
    const size = row.fieldStart.length * 2;
    const fieldStart = new Int32Array(size);
    fieldStart.set(row.fieldStart);
    const fieldEnd = new Int32Array(size);
    fieldEnd.set(row.fieldEnd);
    const fieldHash = new Int32Array(size);
    fieldHash.set(row.fieldHash);
    const isEscaped = new Uint8Array(size);
    isEscaped.set(this.isEscaped);
    row.fieldStart = fieldStart;
    row.fieldEnd = fieldEnd;
    row.fieldHash = fieldHash;
    this.isEscaped = isEscaped;
  }

  fail(
    reason: 'unterminated-quote' | 'unexpected-character-after-quote',
    line: number,
    field: number,
    value?: string,
  ): never {
    throw new InputFailure(this.describe(reason, line, field, value));
  }

  describe(
    reason: 'unterminated-quote' | 'unexpected-character-after-quote',
    line: number,
    field: number,
    value?: string,
  ): InputError {
    const names = this.options.columnNames?.() ?? [];
    return {
      reason,
      file: this.source.name,
      line,
      ...(names[field] !== undefined ? { column: names[field] } : {}),
      columnNumber: field + 1,
      ...(value !== undefined ? { value } : {}),
      expected:
        reason === 'unterminated-quote'
          ? 'a closing quote (") before the end of the file'
          : 'a delimiter or the end of the line after a closing quote',
    };
  }
}

/** Scans complete rows of `bytes[0, to)`; returns where the first incomplete row starts. */
function scanRows(state: TokenizerState, bytes: Uint8Array, to: number, isLast: boolean): number {
  const delimiter = state.delimiter;
  const row = state.row;
  row.bytes = bytes;
  let fieldStart = row.fieldStart;
  let fieldEnd = row.fieldEnd;
  let fieldHash = row.fieldHash;
  let pos = 0;
  rows: while (pos < to) {
    const rowStart = pos;
    let linesInRow = 0;
    let n = 0;
    for (;;) {
      if (n === fieldStart.length) {
        state.growFields();
        fieldStart = row.fieldStart;
        fieldEnd = row.fieldEnd;
        fieldHash = row.fieldHash;
      }
      if (pos < to && bytes[pos] === QUOTE) {
        const openedAtLine = state.line + linesInRow;
        const start = ++pos;
        let hash = FNV_OFFSET;
        let hasEscape = false;
        let isClosed = false;
        while (pos < to) {
          const byte = bytes[pos]!;
          if (byte === QUOTE) {
            if (pos + 1 >= to && !isLast) return rowStart;
            if (pos + 1 < to && bytes[pos + 1] === QUOTE) {
              hasEscape = true;
              pos += 2;
              continue;
            }
            isClosed = true;
            break;
          }
          if (byte === LF) linesInRow++;
          hash = Math.imul(hash ^ byte, FNV_PRIME);
          pos++;
        }
        if (!isClosed) {
          if (!isLast) return rowStart;
          const opened = new TextDecoder().decode(
            bytes.subarray(start - 1, Math.min(to, start + 30)),
          );
          state.fail('unterminated-quote', openedAtLine, n, opened.split('\n')[0]);
        }
        fieldStart[n] = start;
        fieldEnd[n] = pos;
        fieldHash[n] = hash;
        state.isEscaped[n] = hasEscape ? 1 : 0;
        n++;
        pos++;
        if (pos >= to) {
          if (!isLast) return rowStart;
          break;
        }
        const next = bytes[pos]!;
        if (next === delimiter) {
          pos++;
          continue;
        }
        if (next !== LF && next !== CR) {
          const rest = new TextDecoder().decode(bytes.subarray(start - 1, Math.min(to, pos + 20)));
          const line = state.line + linesInRow;
          if (!state.options.onBrokenRow)
            state.fail('unexpected-character-after-quote', line, n - 1, rest);
          // Skipping: the row ends at the end of this physical line.
          let lineEnd = bytes.indexOf(LF, pos);
          if (lineEnd < 0 || lineEnd >= to) {
            if (!isLast) return rowStart;
            lineEnd = to - 1;
          }
          state.options.onBrokenRow(
            state.describe('unexpected-character-after-quote', line, n - 1, rest),
          );
          state.line = line + 1;
          pos = lineEnd + 1;
          continue rows;
        }
      } else {
        const start = pos;
        let hash = FNV_OFFSET;
        let byte = 0;
        while (pos < to) {
          byte = bytes[pos]!;
          if (byte === delimiter || byte === LF || byte === CR) break;
          hash = Math.imul(hash ^ byte, FNV_PRIME);
          pos++;
        }
        fieldStart[n] = start;
        fieldEnd[n] = pos;
        fieldHash[n] = hash;
        state.isEscaped[n] = 0;
        n++;
        if (pos >= to) {
          if (!isLast) return rowStart;
          break;
        }
        if (byte === delimiter) {
          pos++;
          continue;
        }
      }
      // At a line end: LF, CRLF or a lone CR.
      if (bytes[pos] === CR) {
        if (pos + 1 >= to && !isLast) return rowStart;
        pos++;
        if (pos < to && bytes[pos] === LF) pos++;
      } else {
        pos++;
      }
      linesInRow++;
      break;
    }
    const isBlank = n === 1 && fieldEnd[0] === fieldStart[0] && bytes[rowStart] !== QUOTE;
    if (!isBlank) {
      for (let k = 0; k < n; k++) {
        if (state.isEscaped[k] === 1) {
          fieldEnd[k] = unescapeQuotes(bytes, fieldStart[k]!, fieldEnd[k]!);
          fieldHash[k] = hashBytes(bytes, fieldStart[k]!, fieldEnd[k]!);
        }
      }
      row.fieldCount = n;
      row.line = state.line;
      state.onRow(row);
    }
    state.line += linesInRow;
  }
  return pos;
}

/** Turns each doubled quote in `bytes[start, end)` into one, in place; returns the new end. */
function unescapeQuotes(bytes: Uint8Array, start: number, end: number): number {
  let write = start;
  for (let read = start; read < end; read++) {
    bytes[write++] = bytes[read]!;
    if (bytes[read] === QUOTE) read++;
  }
  return write;
}
