import { Worker } from 'node:worker_threads';
import type { HelperReply, HelperTask } from './helper-thread-main.ts';

/**
 * A second thread that does heavy work beside the main one: reading the
 * second half of a large file. (Computing the variants and pass rates there
 * too was tried: no faster end to end, and over 1 GB on 10M events, since the
 * thread still held its reading garbage.) Starting
 * a thread and loading our modules in it takes ~0.15 s, so a program starts
 * it early (see packages/cli/src/main.ts) and hands it tasks one at a time.
 * It does not keep the process alive while it waits for a task.
 */
export interface HelperThread {
  readonly worker: Worker;
  /** False once stopped (a task abandoned halfway stops the thread). */
  isRunning: boolean;
}

export function startHelperThread(): HelperThread {
  const worker = new Worker(new URL('./helper-thread-worker.ts', import.meta.url));
  worker.unref();
  const thread: HelperThread = { worker, isRunning: true };
  worker.once('exit', () => {
    thread.isRunning = false;
  });
  return thread;
}

/** Stops the thread (and whatever task it is doing). */
export async function stopHelperThread(thread: HelperThread): Promise<void> {
  thread.isRunning = false;
  await thread.worker.terminate();
}

/** Sends one task; resolves with the thread's reply, rejects if the thread dies. */
export function runOnHelperThread(
  thread: HelperThread,
  task: HelperTask,
  transfer: ArrayBuffer[] = [],
): Promise<HelperReply> {
  const { worker } = thread;
  worker.ref();
  const reply = new Promise<HelperReply>((resolve, reject) => {
    const onMessage = (message: HelperReply): void => {
      cleanUp();
      resolve(message);
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanUp();
      reject(new Error(`the helper thread stopped (exit code ${code})`));
    };
    const cleanUp = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      worker.unref();
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  worker.postMessage(task, transfer);
  return reply;
}
