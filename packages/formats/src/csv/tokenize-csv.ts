import type { ByteSource } from '../byte-source/index.ts';
import { InputFailure } from '../input-error/index.ts';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Receives one row: field `k` is `bytes[fieldStart[k], fieldEnd[k])`, already
 * unquoted and unescaped. The arrays and bytes are reused for the next row,
 * so read what you need before returning. `line` is the 1-based physical line
 * where the row starts.
 */
export type CsvRowSink = (
  bytes: Uint8Array,
  fieldStart: Int32Array,
  fieldEnd: Int32Array,
  fieldCount: number,
  line: number,
) => void;

export interface TokenizeOptions {
  /** The delimiter byte (`,` `;` tab `|`). */
  delimiter: number;
  /** Size of the read buffer; it grows when one row is longer. */
  chunkBytes?: number;
  /** Called after each chunk is read, with bytes read so far. */
  onChunk?: () => void;
  /** Header names, once known, so errors can name the column. */
  columnNames?: () => readonly string[];
}

/**
 * Splits UTF-8 CSV bytes into rows and fields (RFC 4180 with the usual
 * leniency): quoted fields may hold delimiters, doubled quotes and line
 * breaks; rows end with LF, CRLF or CR; blank lines are skipped; a quote
 * inside an unquoted field is kept as text. A quote that is never closed, or
 * text right after a closing quote, stops reading with a located error.
 *
 * Hot path: one pass over the bytes, no string per field. Partial rows at the
 * end of a chunk are scanned again once the next chunk is in.
 */
export function tokenizeCsv(source: ByteSource, options: TokenizeOptions, onRow: CsvRowSink): void {
  const delimiter = options.delimiter;
  let buffer = new Uint8Array(options.chunkBytes ?? 4 << 20);
  let fieldStart = new Int32Array(64);
  let fieldEnd = new Int32Array(64);
  let isEscaped = new Uint8Array(64);
  let line = 1;
  let filled = 0;
  let isLast = false;

  const fail = (
    reason: 'unterminated-quote' | 'unexpected-character-after-quote',
    atLine: number,
    field: number,
    value?: string,
  ): never => {
    const names = options.columnNames?.() ?? [];
    throw new InputFailure({
      reason,
      file: source.name,
      line: atLine,
      ...(names[field] !== undefined ? { column: names[field] } : {}),
      columnNumber: field + 1,
      ...(value !== undefined ? { value } : {}),
      expected:
        reason === 'unterminated-quote'
          ? 'a closing quote (") before the end of the file'
          : 'a delimiter or the end of the line after a closing quote',
    });
  };

  /** Scans complete rows in `buffer[0, filled)`; returns where the first incomplete row starts. */
  const scan = (): number => {
    const bytes = buffer;
    const to = filled;
    let pos = 0;
    while (pos < to) {
      const rowStart = pos;
      let linesInRow = 0;
      let n = 0;
      for (;;) {
        if (n === fieldStart.length) {
          fieldStart = growInt32(fieldStart);
          fieldEnd = growInt32(fieldEnd);
          const grown = new Uint8Array(isEscaped.length * 2);
          grown.set(isEscaped);
          isEscaped = grown;
        }
        if (pos < to && bytes[pos] === QUOTE) {
          const openedAtLine = line + linesInRow;
          const start = ++pos;
          let hasEscape = false;
          let isClosed = false;
          while (pos < to) {
            const byte = bytes[pos]!;
            if (byte === QUOTE) {
              if (pos + 1 >= to && !isLast) return rowStart;
              if (bytes[pos + 1] === QUOTE && pos + 1 < to) {
                hasEscape = true;
                pos += 2;
                continue;
              }
              isClosed = true;
              break;
            }
            if (byte === LF) linesInRow++;
            pos++;
          }
          if (!isClosed) {
            if (!isLast) return rowStart;
            fail('unterminated-quote', openedAtLine, n);
          }
          fieldStart[n] = start;
          fieldEnd[n] = pos;
          isEscaped[n] = hasEscape ? 1 : 0;
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
            const rest = new TextDecoder().decode(
              bytes.subarray(start - 1, Math.min(to, pos + 20)),
            );
            fail('unexpected-character-after-quote', line + linesInRow, n - 1, rest);
          }
        } else {
          const start = pos;
          while (pos < to) {
            const byte = bytes[pos]!;
            if (byte === delimiter || byte === LF || byte === CR) break;
            pos++;
          }
          fieldStart[n] = start;
          fieldEnd[n] = pos;
          isEscaped[n] = 0;
          n++;
          if (pos >= to) {
            if (!isLast) return rowStart;
            break;
          }
          if (bytes[pos] === delimiter) {
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
        for (let k = 0; k < n; k++)
          if (isEscaped[k] === 1) fieldEnd[k] = unescapeQuotes(bytes, fieldStart[k]!, fieldEnd[k]!);
        onRow(bytes, fieldStart, fieldEnd, n, line);
      }
      line += linesInRow;
    }
    return pos;
  };

  for (;;) {
    if (filled === buffer.length) {
      const grown = new Uint8Array(buffer.length * 2);
      grown.set(buffer);
      buffer = grown;
    }
    const count = source.read(buffer, filled, buffer.length - filled);
    if (count === 0) isLast = true;
    filled += count;
    options.onChunk?.();
    const consumed = scan();
    if (isLast) return;
    buffer.copyWithin(0, consumed, filled);
    filled -= consumed;
  }
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

function growInt32(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
