import { availableParallelism } from 'node:os';
import type { EventLog } from '@pipewise/engine';
import {
  type ByteSource,
  memorySource,
  openFileRange,
  openFileSource,
} from '../byte-source/index.ts';
import type { ColumnMapping } from '../column-mapping/index.ts';
import {
  type InputError,
  InputFailure,
  type ReadResult,
  unreadableFile,
} from '../input-error/index.ts';
import {
  type HelperThread,
  restartHelperThread,
  runOnHelperThread,
  startHelperThread,
  stopHelperThread,
} from '../threads/helper-thread.ts';
import { shiftLine } from './event-row-reader.ts';
import { readUpTo, SAMPLE_BYTES, sniffCsv } from './open-csv-text.ts';
import {
  type CsvEventLogOptions,
  decodeHeaders,
  type ImportReport,
  mapColumns,
  readCsvEventLog,
  toImportReport,
} from './read-csv-event-log.ts';
import { readPart } from './read-part.ts';
import { tokenizeCsv } from './tokenize-csv.ts';

export interface CsvFileOptions extends CsvEventLogOptions {
  /** Threads to read with; default: the machine's available parallelism. */
  threads?: number;
  /**
   * A helper thread started ahead of time (`startHelperThread`) for the
   * second half of a large file; it is restarted once that is read, ready
   * for another task. Without it, one is started and stopped here.
   */
  helperThread?: HelperThread;
  /** Files smaller than this are read on one thread (default 32 MiB: below it, starting a thread costs more than it saves). */
  parallelMinBytes?: number;
}

const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;

/** Opens a file for reading, or says why it cannot be opened. */
export function openFile(path: string): ReadResult<{ source: ByteSource }> {
  try {
    return { ok: true, source: openFileSource(path) };
  } catch (error) {
    return { ok: false, error: unreadableFile(path, error) };
  }
}

/**
 * Reads a CSV event log file, like `readCsvEventLog`, with the data rows of a
 * large UTF-8 file split between two threads: this thread reads the first
 * half while a worker reads the second, and the worker's events are appended
 * in file order, so the result is the same as a one-thread read.
 *
 * The split is made after a line break in the middle of the file. If that
 * line break is inside a quoted field, the first half ends inside quotes;
 * then the whole file is read again on one thread.
 */
export async function readCsvEventLogFile(
  path: string,
  options: CsvFileOptions,
): Promise<ReadResult<{ log: EventLog; report: ImportReport }>> {
  const opened = openFile(path);
  if (!opened.ok) {
    return opened;
  }
  const threads = options.threads ?? availableParallelism();
  if (threads < 2 || opened.source.size < (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) {
    return readCsvEventLog(opened.source, options);
  }
  try {
    const plan = planSplit(opened.source, options);
    opened.source.close();
    if (!plan) {
      return readCsvEventLog(openFileSource(path), options);
    }
    return await readInTwoParts(path, plan, options);
  } catch (error) {
    if (error instanceof InputFailure) return { ok: false, error: error.detail };
    throw error;
  }
}

interface SplitPlan {
  size: number;
  delimiter: number;
  headers: string[];
  mapping: ColumnMapping;
  /** First byte after the header row. */
  dataStart: number;
  /** First byte of the second part (just after a line break). */
  split: number;
}

/** Settles encoding, delimiter, header and split point; undefined when the file is not fit to split. */
function planSplit(source: ByteSource, options: CsvFileOptions): SplitPlan | undefined {
  const sample = readUpTo(source, SAMPLE_BYTES);
  const { encoding, bomLength, delimiter } = sniffCsv(sample, options, source.name);
  // Other encodings are transcoded on the way in, so byte offsets are not the file's.
  if (encoding !== 'utf-8') return undefined;
  const headerEnd = findLineEndOutsideQuotes(sample, bomLength);
  if (headerEnd < 0) return undefined;

  let headers: string[] = [];
  tokenizeCsv(
    memorySource(source.name, sample.subarray(bomLength, headerEnd)),
    { delimiter },
    (row) => {
      headers = decodeHeaders(row);
    },
  );
  const mapping = mapColumns(headers, options.columns, source.name, 1);
  // Salesforce field history needs each deal's rows together (see InitialStages).
  if (mapping.rowFilter?.initialStage) return undefined;

  const size = source.size;
  const middle = headerEnd + Math.floor((size - headerEnd) / 2);
  const probe = openFileRange(source.path!, middle, Math.min(size, middle + SAMPLE_BYTES));
  const window = readUpTo(probe, SAMPLE_BYTES);
  probe.close();
  const lineBreak = window.indexOf(10);
  if (lineBreak < 0 || middle + lineBreak + 1 >= size) return undefined;
  return { size, delimiter, headers, mapping, dataStart: headerEnd, split: middle + lineBreak + 1 };
}

async function readInTwoParts(
  path: string,
  plan: SplitPlan,
  options: CsvFileOptions,
): Promise<ReadResult<{ log: EventLog; report: ImportReport }>> {
  const common = {
    path,
    delimiter: plan.delimiter,
    headers: plan.headers,
    mapping: plan.mapping,
    encoding: 'utf-8' as const,
  };
  const progress = new Int32Array(new SharedArrayBuffer(4));
  const thread = options.helperThread?.isRunning ? options.helperThread : startHelperThread();
  const output = runOnHelperThread(thread, {
    kind: 'read-part',
    part: { ...common, start: plan.split, end: plan.size, firstLine: 1 },
    timeZone: options.timeZone.name,
    skipInvalid: options.skipInvalid ?? false,
    progress,
  });
  output.catch(() => undefined); // handled below; keeps an early failure from being "unhandled"

  let first: ReturnType<typeof readPart>;
  try {
    first = readPart(
      {
        ...common,
        start: plan.dataStart,
        end: plan.split,
        firstLine: 2,
        expectedBytes: plan.size - plan.dataStart,
      },
      options,
      (bytes) =>
        options.onProgress?.(plan.dataStart + bytes + Atomics.load(progress, 0) * 1024, plan.size),
    );
  } catch (error) {
    // The other half is no longer wanted: stop the thread mid-task.
    await stopHelperThread(thread);
    const isSplitInsideQuotes =
      error instanceof InputFailure && error.detail.reason === 'unterminated-quote';
    if (isSplitInsideQuotes) return readCsvEventLog(openFileSource(path), options);
    throw error;
  }

  const second = await output;
  // A lent thread is restarted at once, so its reading memory goes and the new
  // one loads while this thread merges and sorts; one started here is stopped.
  if (thread === options.helperThread) restartHelperThread(thread);
  else await stopHelperThread(thread);
  if (second.kind === 'crash') throw new Error(second.message);
  if (second.kind === 'input-error') {
    return { ok: false, error: shiftLine(second.error as InputError, first.nextLine - 1) };
  }
  if (second.kind !== 'part') throw new Error('unexpected reply from the helper thread');
  first.reader.absorb(second.result, first.nextLine - 1);
  options.onProgress?.(plan.size, plan.size);
  const log = first.reader.buildLog();
  const report = toImportReport(
    first.reader,
    plan.headers,
    'utf-8',
    plan.delimiter,
    options.timeZone.name,
  );
  return { ok: true, log, report };
}

/** Offset just past the first line break outside quotes, from `start`; −1 if none. */
function findLineEndOutsideQuotes(bytes: Uint8Array, start: number): number {
  let isQuoted = false;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 34) isQuoted = !isQuoted;
    else if (byte === 10 && !isQuoted) return i + 1;
  }
  return -1;
}
