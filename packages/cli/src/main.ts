import { runCli } from './cli.ts';

// The composition root: the only place that reads the process's environment.
const exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  defaultTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  locale: process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG,
  now: () => performance.now(),
});
process.exitCode = exitCode;
