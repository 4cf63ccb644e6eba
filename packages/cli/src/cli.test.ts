import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ANALYZE_HELP } from './analyze/analyze-command.ts';
import { MAIN_HELP } from './cli.ts';
import { runCaptured } from './testing/run-captured.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../test-fixtures/${name}`, import.meta.url));

/** Runs `pipewise …` with a fake terminal. */
const pipewise = (...args: string[]) => runCaptured(args);

describe('pipewise help', () => {
  it('prints the commands for `pipewise --help` and `-h` and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await pipewise(flag);
      expect(run).toEqual({ code: 0, stdout: `${MAIN_HELP}\n`, stderr: '' });
    }
    expect(MAIN_HELP).toContain('Usage: pipewise <command> [options]');
    expect(MAIN_HELP).toContain('analyze FILE');
  });

  it('prints the version of the cli package for `pipewise --version` and `-V`', async () => {
    for (const flag of ['--version', '-V']) {
      expect(await pipewise(flag)).toEqual({
        code: 0,
        stdout: `${packageJson.version}\n`,
        stderr: '',
      });
    }
    expect(packageJson.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('prints the options of analyze for `pipewise help analyze`', async () => {
    const run = await pipewise('help', 'analyze');
    expect(run).toEqual({ code: 0, stdout: `${ANALYZE_HELP}\n`, stderr: '' });
  });

  it('prints the options of analyze for `pipewise analyze --help` and `-h`', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await pipewise('analyze', flag);
      expect(run).toEqual({ code: 0, stdout: `${ANALYZE_HELP}\n`, stderr: '' });
    }
    for (const option of [
      '--json',
      '--tz ZONE',
      '--by ATTRIBUTE',
      '--collapse-repeats',
      '--skip-invalid',
    ]) {
      expect(ANALYZE_HELP).toContain(option);
    }
    expect(ANALYZE_HELP).toContain('Exit codes: 0 success, 1 bad input');
  });

  it('prints help even when --help follows a FILE that does not exist', async () => {
    const run = await pipewise('analyze', fixture('no-such-file.csv'), '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${ANALYZE_HELP}\n`);
  });

  it('prints the general help for `pipewise help` without a topic', async () => {
    expect(await pipewise('help')).toEqual({ code: 0, stdout: `${MAIN_HELP}\n`, stderr: '' });
  });

  it('exits 2 for help on a command that does not exist', async () => {
    const run = await pipewise('help', 'nope');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no help on "nope"');
  });
});

describe('pipewise exit codes', () => {
  it('exits 2 with the usage on stderr when no command is given', async () => {
    expect(await pipewise()).toEqual({ code: 2, stdout: '', stderr: `${MAIN_HELP}\n` });
  });

  it('exits 2 for an unknown command and names it', async () => {
    const run = await pipewise('analyse', fixture('tab.csv'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('pipewise: unknown command "analyse"');
    expect(run.stderr).toContain(MAIN_HELP);
  });

  it('exits 2 for an unknown option, with a hint to the help', async () => {
    const run = await pipewise('analyze', fixture('tab.csv'), '--jsn');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("Unknown option '--jsn'");
    expect(run.stderr).toContain('Run "pipewise analyze --help" for the options.');
  });

  it('exits 2 when FILE is missing', async () => {
    const run = await pipewise('analyze', '--json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('pipewise analyze: missing FILE');
  });

  it('exits 1 for bad input, naming the file and line', async () => {
    const file = fixture('bad-timestamp.csv');
    const run = await pipewise('analyze', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}:4, column "timestamp" (3)`);
  });

  it('exits 0 and prints the summary for a good file', async () => {
    const run = await pipewise('analyze', fixture('tab.csv'));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('3 events · 2 cases · 2 activities · 2 resources');
  });
});
