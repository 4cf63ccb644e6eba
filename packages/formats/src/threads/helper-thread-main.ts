// Runs in the helper thread: takes tasks from the main thread, one at a time.
import { parentPort } from 'node:worker_threads';
import {
  analyzeSequences,
  createWorkingTime,
  resolveTimeZone,
  type SequenceFigures,
  type SequenceLog,
  type WorkingCalendar,
} from '@pipewise/engine';
import type { ProcessModel } from '@pipewise/engine/process-model';
import { type ReplayLog, type RulesTally, tallyRules } from '@pipewise/engine/rules';
import { type PartResult, type PartToRead, readPart } from '../csv/read-part.ts';
import { InputFailure } from '../input-error/index.ts';

export type HelperTask =
  | {
      kind: 'read-part';
      part: PartToRead;
      timeZone: string;
      skipInvalid: boolean;
      /** progress[0]: KiB read so far, for the main thread's progress bar. */
      progress: Int32Array;
    }
  | { kind: 'analyze-sequences'; log: SequenceLog }
  | {
      kind: 'tally-rules';
      model: ProcessModel;
      log: ReplayLog;
      firstCase: number;
      calendar: WorkingCalendar;
      timeZone: string;
      nowMs: number;
      sampleSize: number;
    };

export type HelperReply =
  | { kind: 'part'; result: PartResult }
  | { kind: 'sequences'; figures: SequenceFigures }
  | { kind: 'rules-tally'; tally: RulesTally }
  | { kind: 'input-error'; error: InputFailure['detail'] }
  | { kind: 'crash'; message: string };

const port = parentPort!;
port.on('message', (task: HelperTask) => {
  try {
    if (task.kind === 'analyze-sequences') {
      const figures = analyzeSequences(task.log);
      const transfer = [figures.variantGroups.firstCase.buffer, figures.variantGroups.cases.buffer];
      port.postMessage(
        { kind: 'sequences', figures } satisfies HelperReply,
        transfer as ArrayBuffer[],
      );
      return;
    }
    if (task.kind === 'tally-rules') {
      const zone = resolveTimeZone(task.timeZone);
      if (!zone.ok) throw new Error(`unknown time zone ${task.timeZone}`);
      const tally = tallyRules(task.model, task.log, {
        workingTime: createWorkingTime(task.calendar, zone.zone),
        nowMs: task.nowMs,
        sampleSize: task.sampleSize,
        firstCase: task.firstCase,
      });
      port.postMessage({ kind: 'rules-tally', tally } satisfies HelperReply);
      return;
    }
    const result = readTask(task);
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
    port.postMessage({ kind: 'part', result } satisfies HelperReply, transfer as ArrayBuffer[]);
  } catch (error) {
    if (error instanceof InputFailure) {
      port.postMessage({ kind: 'input-error', error: error.detail } satisfies HelperReply);
    } else {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      port.postMessage({ kind: 'crash', message } satisfies HelperReply);
    }
  }
});

function readTask(task: Extract<HelperTask, { kind: 'read-part' }>): PartResult {
  const zone = resolveTimeZone(task.timeZone);
  if (!zone.ok) throw new Error(`unknown time zone ${task.timeZone}`);
  const { reader, nextLine } = readPart(
    task.part,
    { timeZone: zone.zone, skipInvalid: task.skipInvalid },
    (bytes) => Atomics.store(task.progress, 0, Math.floor(bytes / 1024)),
  );
  return reader.toPart(nextLine);
}
