import { Worker } from 'node:worker_threads';
import type { HelperReply, HelperTask } from './helper-thread-main.ts';

/**
 * A second thread that does heavy work beside the main one: reading the
 * second half of a large file, then the sequence figures of its analysis
 * (variants, pass rates, rework) while the main thread computes the rest.
 * Starting a thread and loading our modules in it takes ~0.1 s, so a program
 * starts it early (see packages/cli/src/main.ts). It does not keep the
 * process alive while it waits for a task.
 */
export interface HelperThread {
  worker: Worker;
  /** False once stopped (a task abandoned halfway stops the thread). */
  isRunning: boolean;
}

export function startHelperThread(): HelperThread {
  const thread: HelperThread = { worker: spawnWorker(), isRunning: true };
  watchExit(thread);
  return thread;
}

/** Stops the thread (and whatever task it is doing). */
export async function stopHelperThread(thread: HelperThread): Promise<void> {
  thread.isRunning = false;
  await thread.worker.terminate();
}

/**
 * Replaces the thread's worker with a fresh one: a finished task's memory
 * (a reader's tables, hundreds of MB on 10M events) goes with the old one at
 * once instead of whenever its garbage collector runs. The new one loads
 * while the caller carries on.
 */
export function restartHelperThread(thread: HelperThread): void {
  void thread.worker.terminate();
  thread.worker = spawnWorker();
  thread.isRunning = true;
  watchExit(thread);
}

function spawnWorker(): Worker {
  const worker = new Worker(new URL('./helper-thread-worker.js', import.meta.url));
  worker.unref();
  return worker;
}

function watchExit(thread: HelperThread): void {
  const worker = thread.worker;
  worker.once('exit', () => {
    if (thread.worker === worker) thread.isRunning = false;
  });
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
