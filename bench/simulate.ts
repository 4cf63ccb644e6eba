import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CALENDARS,
  createWorkingTime,
  resolveTimeZone,
  toWorkingTimeLog,
  workingDayMs,
} from '@pipewise/engine';
import { parseProcessModel } from '@pipewise/engine/process-model';
import { changesFromModel, fitProcessBehaviour, simulateWhatIf } from '@pipewise/engine/simulation';
import { readEventLogFile } from '@pipewise/formats';

/**
 * `npm run bench:simulate`: a 10,000-run simulation of the demo process
 * (300 cases per run, as the demo log has), target < 5 s.
 * 1. In the engine, timed alone: the as-is process; then the demo's to-be
 *    model (legal deadline) with the as-is beside it and each change alone.
 * 2. End to end: `pipewise simulate --log … --model to-be.json --runs 10000
 *    --json` in a child process, Node start-up and reading included.
 * Prints a Markdown table; exits 1 if a figure misses the target.
 */
const root = join(import.meta.dirname, '..');
const demo = join(root, 'packages', 'cli', 'demo');
const RUNS = 10_000;
const TARGET_SECONDS = 5;

async function main(): Promise<void> {
  const zone = resolveTimeZone('Asia/Shanghai');
  if (!zone.ok) throw new Error('no zone');
  const read = await readEventLogFile(join(demo, 'opportunity-history.csv'), {
    timeZone: zone.zone,
  });
  if (!read.ok) throw new Error(JSON.stringify(read.error));
  const { log } = read;
  const workingTime = createWorkingTime(CALENDARS['mon-fri']!, zone.zone);
  const parsed = parseProcessModel(JSON.parse(readFileSync(join(demo, 'to-be.json'), 'utf8')));
  if (!parsed.ok) throw new Error('to-be.json does not parse');

  const rows: [string, number][] = [];
  const time = (label: string, work: () => void) => {
    const started = performance.now();
    work();
    rows.push([label, (performance.now() - started) / 1000]);
  };
  time('as-is alone (calendar time), engine', () => {
    const result = simulateWhatIf(fitProcessBehaviour(log), [], { runs: RUNS, seed: 1 });
    if (!result.ok) throw new Error(result.message);
  });
  time('as-is + to-be + each change (working time), engine', () => {
    const behaviour = fitProcessBehaviour(toWorkingTimeLog(log, workingTime));
    const { changes } = changesFromModel(parsed.model, log.activities, {
      basis: 'working',
      workingDayMs: workingDayMs(workingTime.calendar),
    });
    const result = simulateWhatIf(behaviour, changes, { runs: RUNS, seed: 1 });
    if (!result.ok) throw new Error(result.message);
  });
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'packages', 'cli', 'bin', 'pipewise.js'),
      'simulate',
      '--log',
      join(demo, 'opportunity-history.csv'),
      '--model',
      join(demo, 'to-be.json'),
      '--runs',
      String(RUNS),
      '--tz',
      'Asia/Shanghai',
      '--no-progress',
      '--json',
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  rows.push([
    'pipewise simulate --model to-be.json, end to end',
    (performance.now() - started) / 1000,
  ]);

  console.log(
    `${RUNS.toLocaleString('en-US')} runs × ${log.caseCount} cases of the demo (target < ${TARGET_SECONDS} s)\n`,
  );
  console.log('| what | seconds | target |\n|---|---:|---|');
  for (const [label, seconds] of rows)
    console.log(
      `| ${label} | ${seconds.toFixed(2)} | ${seconds < TARGET_SECONDS ? 'met' : 'MISSED'} |`,
    );
  if (rows.some(([, seconds]) => seconds >= TARGET_SECONDS)) process.exitCode = 1;
}

await main();
