import type { ByteSource } from '../byte-source/index.ts';
import type { TextEncodingName } from '../encoding/index.ts';
import { clipValue, InputFailure, type ReadResult } from '../input-error/index.ts';
import { describeDelimiter } from './detect-delimiter.ts';
import { type CsvTextOptions, openCsvText } from './open-csv-text.ts';
import { tokenizeCsv } from './tokenize-csv.ts';

/** A small CSV file as strings: for case attributes and other side tables. */
export interface CsvTable {
  file: string;
  encoding: TextEncodingName;
  delimiter: string;
  headers: string[];
  rows: string[][];
  /** Physical line of each row, for messages. */
  lines: number[];
}

/** Reads a whole CSV file into strings (header row first). */
export function readCsvTable(
  raw: ByteSource,
  options: CsvTextOptions = {},
): ReadResult<{ table: CsvTable }> {
  try {
    const text = openCsvText(raw, options);
    // Bytes invalid in the encoding stop reading with their place: invalid
    // UTF-8 fails to decode, other encodings arrive with U+FFFD in their place.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const isTranscoded = text.encoding !== 'utf-8';
    let headers: string[] | undefined;
    const rows: string[][] = [];
    const lines: number[] = [];
    tokenizeCsv(
      text.source,
      { delimiter: text.delimiter, columnNames: () => headers ?? [] },
      (row) => {
        const fields: string[] = [];
        for (let k = 0; k < row.fieldCount; k++) {
          const bytes = row.bytes.subarray(row.fieldStart[k]!, row.fieldEnd[k]!);
          let field: string | undefined;
          try {
            field = decoder.decode(bytes);
          } catch {
            field = undefined;
          }
          if (field === undefined || (isTranscoded && field.includes('\ufffd'))) {
            throw new InputFailure({
              reason: 'invalid-encoding',
              file: raw.name,
              line: row.line,
              ...(headers?.[k] !== undefined ? { column: headers[k] } : {}),
              columnNumber: k + 1,
              value: clipValue(new TextDecoder().decode(bytes)),
              expected: `valid ${text.encoding} text (choose another with --cases-encoding)`,
            });
          }
          fields.push(field);
        }
        if (headers === undefined) {
          headers = fields.map((field) => field.trim());
        } else if (fields.some((field) => field.trim() !== '')) {
          // Rows of empty cells (`,,,`, left by Excel) are not rows.
          rows.push(fields);
          lines.push(row.line);
        }
      },
    );
    if (headers === undefined) {
      throw new InputFailure({
        reason: 'empty-file',
        file: raw.name,
        expected: 'a header row naming the columns',
      });
    }
    return {
      ok: true,
      table: {
        file: raw.name,
        encoding: text.encoding,
        delimiter: describeDelimiter(text.delimiter),
        headers,
        rows,
        lines,
      },
    };
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    throw error;
  } finally {
    raw.close();
  }
}
