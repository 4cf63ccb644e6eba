import { Worker } from 'node:worker_threads';

/**
 * A second thread for reading a large file, started ahead of time: starting
 * one and loading the reader in it takes ~0.15 s, which a program can spend
 * loading its own modules instead (see packages/cli/src/main.ts). The thread
 * waits for one part to read (`readCsvEventLogFile`'s `readingThread`). It
 * does not keep the process alive while it waits.
 */
export interface ReadingThread {
  readonly worker: Worker;
}

export function startReadingThread(): ReadingThread {
  const worker = new Worker(new URL('./read-part-worker.ts', import.meta.url));
  worker.unref();
  return { worker };
}
