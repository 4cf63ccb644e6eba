import type { EventColumns } from '@pipewise/engine';
import { openFileRange } from '../byte-source/index.ts';
import type { ColumnMapping } from '../column-mapping/index.ts';
import type { TextEncodingName } from '../encoding/index.ts';
import type { InputError } from '../input-error/index.ts';
import type { InternedBytes } from './byte-interner.ts';
import { EventRowReader } from './event-row-reader.ts';
import type { CsvEventLogOptions } from './read-csv-event-log.ts';
import { tokenizeCsv } from './tokenize-csv.ts';

/** One part of a file, read as data rows (no header) by the reader of one thread. */
export interface PartToRead {
  path: string;
  start: number;
  end: number;
  delimiter: number;
  headers: string[];
  mapping: ColumnMapping;
  encoding: TextEncodingName;
  /** Line number of the part's first byte. */
  firstLine: number;
  /** Bytes whose events this reader will end up holding (more than the part when it absorbs others). */
  expectedBytes?: number;
}

/** What a part gave: its events in file order, counters, and where it ended. */
export interface PartResult {
  /** Events in file order; their values travel as interned bytes (`cases`…). */
  columns: EventColumns;
  cases: InternedBytes;
  activities: InternedBytes;
  resources: InternedBytes;
  rows: number;
  filteredRows: number;
  skipped: { rows: number; examples: InputError[] };
  /** Line number following the part's last line break. */
  nextLine: number;
}

/**
 * Reads the data rows of `part` into a fresh reader. Throws `InputFailure` on
 * bad input (unless skipping), like the whole-file reader.
 */
export function readPart(
  part: PartToRead,
  options: Pick<CsvEventLogOptions, 'timeZone' | 'skipInvalid'>,
  onBytes?: (bytesRead: number) => void,
): { reader: EventRowReader; nextLine: number } {
  const source = openFileRange(part.path, part.start, part.end);
  let bytesRead = 0;
  try {
    const reader = new EventRowReader(
      part.path,
      part.headers,
      part.mapping,
      options,
      part.encoding,
      { readBytes: part.end - part.start, eventBytes: part.expectedBytes ?? part.end - part.start },
    );
    const nextLine = tokenizeCsv(
      {
        ...source,
        read(target, offset, length) {
          const count = source.read(target, offset, length);
          bytesRead += count;
          return count;
        },
      },
      {
        delimiter: part.delimiter,
        firstLine: part.firstLine,
        columnNames: () => part.headers,
        ...(options.skipInvalid
          ? { onBrokenRow: (error: InputError) => reader.skipBrokenRow(error) }
          : {}),
        onChunk: () => onBytes?.(bytesRead),
      },
      (row) => reader.read(row),
    );
    return { reader, nextLine };
  } finally {
    source.close();
  }
}
