// Runs in a worker thread: reads one part of a CSV event log (see read-csv-event-log-file.ts).

import { parentPort } from 'node:worker_threads';
import { resolveTimeZone } from '@pipewise/engine';
import { InputFailure } from '../input-error/index.ts';
import { type PartResult, type PartToRead, readPart } from './read-part.ts';

export interface WorkerInput {
  part: PartToRead;
  timeZone: string;
  skipInvalid: boolean;
  /** progress[0]: KiB read so far, for the main thread's progress bar. */
  progress: Int32Array;
}

export type WorkerOutput =
  | { kind: 'done'; result: PartResult }
  | { kind: 'input-error'; error: InputFailure['detail'] }
  | { kind: 'crash'; message: string };

const port = parentPort!;
// The thread may start before its part is known (see reading-thread.ts).
const input = await new Promise<WorkerInput>((resolve) => port.once('message', resolve));
try {
  const zone = resolveTimeZone(input.timeZone);
  if (!zone.ok) throw new Error(`unknown time zone ${input.timeZone}`);
  const { reader, nextLine } = readPart(
    input.part,
    { timeZone: zone.zone, skipInvalid: input.skipInvalid },
    (bytes) => Atomics.store(input.progress, 0, Math.floor(bytes / 1024)),
  );
  const result = reader.toPart(nextLine);
  const { columns } = result;
  const transfer = [
    columns.caseOf.buffer,
    columns.activityOf.buffer,
    columns.resourceOf.buffer,
    columns.timestampMs.buffer,
    ...[result.cases, result.activities, result.resources].flatMap((table) => [
      table.hash.buffer,
      table.offset.buffer,
      table.length.buffer,
      table.arena.buffer,
    ]),
  ];
  port.postMessage({ kind: 'done', result } satisfies WorkerOutput, transfer as ArrayBuffer[]);
} catch (error) {
  if (error instanceof InputFailure)
    port.postMessage({ kind: 'input-error', error: error.detail } satisfies WorkerOutput);
  else
    port.postMessage({
      kind: 'crash',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies WorkerOutput);
}
