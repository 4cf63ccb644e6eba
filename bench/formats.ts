import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { generateSalesLog } from './generate-sales-log.ts';
import { PEAK_MEMORY_FILE_VARIABLE } from './report-peak-memory.js';

/**
 * `node bench/formats.ts`: reading throughput of the other formats, in events
 * per second with peak memory, beside DuckDB reading the same events as CSV:
 * an Excel workbook made from the generated 100k-event log, and the BPIC 2012
 * XES log of the shared folder. One run each, in child processes.
 */

const root = join(import.meta.dirname, '..');
const data = join(import.meta.dirname, 'data');
const pipewise = join(root, 'packages', 'cli', 'bin', 'pipewise.js');
const preload = pathToFileURL(join(import.meta.dirname, 'report-peak-memory.js')).href;
const peakFile = join(data, 'peak-memory.txt');

function timed(args: string[]): { seconds: number; peakMiB: number; stdout: string } {
  rmSync(peakFile, { force: true });
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', preload, ...args], {
    // The compile cache for both programs, as in run.ts.
    env: {
      ...process.env,
      [PEAK_MEMORY_FILE_VARIABLE]: peakFile,
      NODE_COMPILE_CACHE: join(data, 'compile-cache'),
    },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`);
  return { seconds, peakMiB: Number(readFileSync(peakFile, 'utf8')) / 1024, stdout: run.stdout };
}

async function main(): Promise<void> {
  mkdirSync(data, { recursive: true });
  const csv = join(data, 'sales-100k-seed1.csv');
  if (!existsSync(csv)) {
    generateSalesLog({
      caseCount: 10_000,
      seed: 1,
      language: 'english',
      eventsPath: csv,
      casesPath: join(data, 'sales-100k-seed1-cases.csv'),
    });
  }
  const xlsx = join(data, 'sales-100k-seed1.xlsx');
  if (!existsSync(xlsx)) {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx });
    const sheet = workbook.addWorksheet('events');
    for (const line of readFileSync(csv, 'utf8').trimEnd().split('\n'))
      sheet.addRow(line.split(',')).commit();
    await workbook.commit();
  }
  const rows: string[] = [];
  const measure = (label: string, file: string, extra: string[], events: number): void => {
    const ours = timed([pipewise, 'analyze', file, '--json', '--tz', 'UTC', ...extra]);
    const duck = timed([join(import.meta.dirname, 'duckdb-dfg.ts'), csv]);
    rows.push(
      `| ${label} | ${events.toLocaleString('en-US')} | ${ours.seconds.toFixed(2)} | ${Math.round(events / ours.seconds).toLocaleString('en-US')} | ${Math.round(ours.peakMiB)} | ${duck.seconds.toFixed(2)} (CSV) |`,
    );
  };
  const events = readFileSync(csv, 'utf8').trimEnd().split('\n').length - 1;
  measure('Excel .xlsx (generated, 100k events)', xlsx, [], events);
  const bpic = join(root, '..', 'shared', 'data', 'eventlogs', 'pm4py', 'bpic2012.xes.gz');
  if (existsSync(bpic)) {
    const ours = timed([pipewise, 'analyze', bpic, '--json', '--lifecycle', 'all']);
    rows.push(
      `| XES .xes.gz (BPIC 2012, all lifecycle events) | 262,200 | ${ours.seconds.toFixed(2)} | ${Math.round(262_200 / ours.seconds).toLocaleString('en-US')} | ${Math.round(ours.peakMiB)} | – |`,
    );
  }
  console.log('| file | events | Pipewise s | events/s | peak MiB | DuckDB s |');
  console.log('| ---- | ------ | ---------- | -------- | -------- | -------- |');
  for (const row of rows) console.log(row);
  if (existsSync(bpic)) {
    // Issue 4's target: a proposed as-is model of BPIC 2012 in under 2 s, end to end.
    const runs = [0, 1, 2].map(() =>
      timed([
        pipewise,
        'model',
        'discover',
        bpic,
        '--time',
        'working',
        '--out',
        join(data, 'bpic2012-model.json'),
      ]),
    );
    console.log(
      `\nmodel discover BPIC 2012 (--time working), 3 runs: ${runs.map((run) => run.seconds.toFixed(2)).join(', ')} s; peak ${Math.round(Math.max(...runs.map((run) => run.peakMiB)))} MiB`,
    );
  }
}

await main();
