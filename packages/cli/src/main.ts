// The composition root: the only place that reads the process's environment.
import { startHelperThread } from '@pipewise/formats/helper-thread';

const args = process.argv.slice(2);
// Large files are read and analyzed (or their rules replayed) on two threads.
// Start the second now, so that it loads while this thread loads the rest of
// the program (~0.1 s per run).
const helperThread = args[0] === 'analyze' || args[0] === 'rules' ? startHelperThread() : undefined;
const { runCli } = await import('./cli.ts');

const exitCode = await runCli(args, {
  stdout: process.stdout,
  stderr: process.stderr,
  defaultTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  locale: process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG,
  now: () => performance.now(),
  ...(helperThread ? { helperThread } : {}),
});
process.exitCode = exitCode;
