import { runCli } from '../cli.ts';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pipewise ARGS` with a fake terminal and returns its exit code and
 * what it wrote. The machine's zone is UTC and the locale English unless the
 * test says otherwise.
 */
export async function runCaptured(
  args: string[],
  machine: { defaultTimeZone?: string; locale?: string | undefined } = {},
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    defaultTimeZone: machine.defaultTimeZone ?? 'UTC',
    locale: 'locale' in machine ? machine.locale : 'en_US.UTF-8',
    now: () => 0,
  });
  return { code, stdout, stderr };
}
