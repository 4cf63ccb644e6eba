import type { HelperThread } from '@pipewise/formats';

/** What the command line needs from the outside world; main.ts supplies it, tests fake it. */
export interface CliContext {
  stdout: { write(text: string): unknown };
  stderr: { isTTY?: boolean; columns?: number; write(text: string): unknown };
  /** Zone used when `--tz` is not given (the machine's). */
  defaultTimeZone: string;
  /** LANG / LC_ALL, for the language of the summary. */
  locale: string | undefined;
  now: () => number;
  /** Writes a whole file (a report, a model, a drawing); throws when it cannot. Default: to disk. */
  writeFile?: (path: string, content: string | Uint8Array) => void;
  /** A second thread started early by main.ts for large files (tests leave it out). */
  helperThread?: HelperThread;
}

/**
 * How `pipewise COMMAND` answers a wrong use: the message and where the
 * options are explained on standard error, and exit code 2.
 */
export function usageOf(command: string, context: CliContext): (message: string) => 2 {
  return (message) => {
    context.stderr.write(
      `pipewise ${command}: ${message}\nRun "pipewise ${command} --help" for the options.\n`,
    );
    return 2;
  };
}
