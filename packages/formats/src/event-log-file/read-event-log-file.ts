import { closeSync, openSync, readSync } from 'node:fs';
import type { EventLog } from '@pipewise/engine';
import type { ImportReport } from '../csv/read-csv-event-log.ts';
import {
  type CsvFileOptions,
  openFile,
  readCsvEventLogFile,
} from '../csv/read-csv-event-log-file.ts';
import type { ReadResult } from '../input-error/index.ts';
import { readOcelEventLogFile } from '../ocel/read-ocel-event-log.ts';
import { type EventColumn, readDealSnapshot } from '../snapshot/read-deal-snapshot.ts';
import { stopHelperThread } from '../threads/helper-thread.ts';
import { readXesEventLogFile, type XesReadOptions } from '../xes/read-xes-event-log.ts';
import { readXlsxEventLogFile } from '../xlsx/read-xlsx-event-log.ts';

/** The event-log formats `readEventLogFile` reads. */
export type EventLogFormat = 'csv' | 'xlsx' | 'xes' | 'ocel';

export interface EventLogFileOptions extends CsvFileOptions {
  /** Chosen format; otherwise by extension (`.xes`, `.xes.gz`), then by content. */
  format?: EventLogFormat;
  lifecycle?: XesReadOptions['lifecycle'];
  /** Workbook sheet to read (the first by default). */
  sheet?: string;
  /** A deal table (one row per deal): its date columns become events. */
  eventColumns?: EventColumn[];
  /** Object-centric logs: the object type whose objects are the cases. */
  objectType?: string;
  /** `.xes.gz`: the most bytes it may expand to (see `XesReadOptions`). */
  maxUncompressedBytes?: number;
}

/** Reads an event log file in whichever format it is (see `chooseFormat`). */
export async function readEventLogFile(
  path: string,
  options: EventLogFileOptions,
): Promise<ReadResult<{ log: EventLog; report: ImportReport }>> {
  const opened = openFile(path);
  if (!opened.ok) return opened;
  const size = opened.source.size;
  opened.source.close();
  if (options.eventColumns) {
    if (options.helperThread?.isRunning) await stopHelperThread(options.helperThread);
    return readDealSnapshot(path, {
      timeZone: options.timeZone,
      eventColumns: options.eventColumns,
      ...(options.columns?.case !== undefined ? { caseColumn: options.columns.case } : {}),
      ...(options.columns?.resource !== undefined
        ? { resourceColumn: options.columns.resource }
        : {}),
      ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
      ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
      ...(options.skipInvalid ? { skipInvalid: true } : {}),
    });
  }
  // An object type makes any file an object-centric log (OCEL CSVs end in .csv).
  const format = options.format ?? (options.objectType !== undefined ? 'ocel' : chooseFormat(path));
  if (format === 'csv') return readCsvEventLogFile(path, options);
  if (options.helperThread?.isRunning) await stopHelperThread(options.helperThread);
  if (format === 'ocel') {
    return readOcelEventLogFile(path, {
      timeZone: options.timeZone,
      ...(options.objectType !== undefined ? { objectType: options.objectType } : {}),
    });
  }
  if (format === 'xlsx') {
    return readXlsxEventLogFile(path, {
      timeZone: options.timeZone,
      ...(options.columns ? { columns: options.columns } : {}),
      ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
      ...(options.skipInvalid ? { skipInvalid: true } : {}),
    });
  }
  return readXesEventLogFile(path, size, {
    timeZone: options.timeZone,
    ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}),
    ...(options.columns?.resource !== undefined ? { resourceKey: options.columns.resource } : {}),
    ...(options.columns?.caseColumns ? { eventAttributes: options.columns.caseColumns } : {}),
    ...(options.skipInvalid ? { skipInvalid: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.maxUncompressedBytes !== undefined
      ? { maxUncompressedBytes: options.maxUncompressedBytes }
      : {}),
  });
}

/**
 * The format of a file: `.xes`, `.xes.gz`, `.xlsx` by name; otherwise by its
 * first bytes: a zip (workbook) is XLSX, gzip or `<` (XML) is XES, else CSV.
 */
export function chooseFormat(path: string): EventLogFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.xes') || lower.endsWith('.xes.gz')) return 'xes';
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) return 'xlsx';
  if (
    lower.endsWith('.jsonocel') ||
    lower.endsWith('.xmlocel') ||
    lower.endsWith('.sqlite') ||
    lower.endsWith('.ocel.json') ||
    lower.endsWith('.ocel.xml')
  ) {
    return 'ocel';
  }
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  const head = new Uint8Array(64);
  const fd = openSync(path, 'r');
  let count: number;
  try {
    count = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (count >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'xes';
  if (count >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4)
    return 'xlsx';
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < count && (head[i] === 32 || head[i] === 9 || head[i] === 10 || head[i] === 13)) i++;
  return head[i] === 0x3c ? 'xes' : 'csv';
}
