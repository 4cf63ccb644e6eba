import { spawn } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type Agreement,
  compareDirectlyFollows,
  type DirectlyFollowsSummary,
} from './compare-directly-follows.ts';
import { APPROXIMATE_EVENTS_PER_CASE, generateSalesLog } from './generate-sales-log.ts';
import { PEAK_MEMORY_FILE_VARIABLE } from './report-peak-memory.js';

/**
 * `npm run bench [-- --sizes 1m,2m,10m] [--runs N]`: times `pipewise analyze
 * --json` against DuckDB computing the same directly-follows graph, on
 * generated sales logs of about 1, 2 and 10 million events (cached in
 * bench/data/), one run each (or the median of N), every run in its own child
 * process. Prints wall time, peak memory and whether the two graphs agree;
 * exits 1 when they do not (or a run fails).
 */

const repositoryRoot = join(import.meta.dirname, '..');
const dataDirectory = join(import.meta.dirname, 'data');
const compileCacheDirectory = join(dataDirectory, 'compile-cache');
const pipewiseBin = join(repositoryRoot, 'packages', 'cli', 'bin', 'pipewise.js');
const duckdbScript = join(import.meta.dirname, 'duckdb-dfg.ts');
const peakMemoryPreload = pathToFileURL(join(import.meta.dirname, 'report-peak-memory.js')).href;

/** The seed of every benchmark log; changing it (or the generator) needs a fresh bench/data/. */
const BENCH_SEED = 1;

interface BenchSize {
  label: string;
  targetEvents: number;
}

/** `1m,2m,10m` → sizes; `k` and `m` suffixes, or plain event counts. */
export function parseSizes(text: string): BenchSize[] {
  return text.split(',').map((part) => {
    const label = part.trim().toLowerCase();
    const match = /^(\d+(?:\.\d+)?)([km]?)$/.exec(label);
    if (!match) throw new Error(`--sizes: cannot read "${part}" (examples: 1m, 500k, 2000000)`);
    const multiplier = match[2] === 'm' ? 1_000_000 : match[2] === 'k' ? 1_000 : 1;
    return { label, targetEvents: Math.round(Number(match[1]) * multiplier) };
  });
}

interface Dataset {
  eventsPath: string;
  casesPath: string;
}

/** Generates the log unless bench/data/ has it; writes under a temporary name so a crash leaves no half file. */
function ensureDataset(size: BenchSize): Dataset {
  const eventsPath = join(dataDirectory, `sales-${size.label}-seed${BENCH_SEED}.csv`);
  const casesPath = join(dataDirectory, `sales-${size.label}-seed${BENCH_SEED}-cases.csv`);
  if (existsSync(eventsPath) && existsSync(casesPath)) return { eventsPath, casesPath };
  mkdirSync(dataDirectory, { recursive: true });
  const startedMs = performance.now();
  const summary = generateSalesLog({
    caseCount: Math.max(1, Math.round(size.targetEvents / APPROXIMATE_EVENTS_PER_CASE)),
    seed: BENCH_SEED,
    language: 'english',
    eventsPath: `${eventsPath}.tmp`,
    casesPath: `${casesPath}.tmp`,
  });
  // On disk before anything is timed: the kernel writing back hundreds of
  // megabytes of dirty pages in the background would slow the first runs.
  syncToDisk(`${casesPath}.tmp`);
  syncToDisk(`${eventsPath}.tmp`);
  renameSync(`${casesPath}.tmp`, casesPath);
  renameSync(`${eventsPath}.tmp`, eventsPath);
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  console.log(
    `generated ${eventsPath}: ${summary.eventCount.toLocaleString('en')} events, ` +
      `${formatMegabytes(summary.eventsBytes / 1024)} MB in ${seconds} s`,
  );
  return { eventsPath, casesPath };
}

function syncToDisk(path: string): void {
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
}

/** Reads the file once and discards it, so both programs start from the OS page cache. */
async function warmPageCache(path: string): Promise<void> {
  for await (const _chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    // Reading is the point.
  }
}

interface MeasuredRun {
  exitCode: number | null;
  wallSeconds: number;
  peakKiB: number;
  stdout: string;
  stdoutBytes: number;
  stderrTail: string;
}

/** How much of a failing child's stderr to keep for the message. */
const STDERR_TAIL_CHARS = 4000;

/**
 * Runs `node --import report-peak-memory.js …args` and measures wall time from
 * spawn to exit (start-up included: this is what a user waits for) and the
 * child's peak resident memory. Stdout is kept: both programs print a summary
 * of a few hundred kilobytes at most.
 */
function runMeasured(args: readonly string[], name: string): Promise<MeasuredRun> {
  const peakFile = join(dataDirectory, `peak-${name}-${process.pid}.txt`);
  rmSync(peakFile, { force: true });
  return new Promise((resolve, reject) => {
    const startedMs = performance.now();
    const child = spawn(process.execPath, ['--import', peakMemoryPreload, ...args], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        [PEAK_MEMORY_FILE_VARIABLE]: peakFile,
        // Both programs run with Node's compile cache, so that neither pays
        // for stripping and compiling its TypeScript on every run: Pipewise
        // turns the cache on itself (its bin does), the DuckDB script gets it
        // from here (~40 ms per run).
        NODE_COMPILE_CACHE: compileCacheDirectory,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutChunks.push(chunk);
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', reject);
    child.on('close', (exitCode) => {
      const wallSeconds = (performance.now() - startedMs) / 1000;
      const peakKiB = existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) : Number.NaN;
      rmSync(peakFile, { force: true });
      resolve({
        exitCode,
        wallSeconds,
        peakKiB,
        stdout: Buffer.concat(stdoutChunks).toString('utf8'),
        stdoutBytes,
        stderrTail,
      });
    });
  });
}

function parseSummary(run: MeasuredRun, name: string): DirectlyFollowsSummary {
  if (run.exitCode !== 0) {
    throw new Error(`${name} exited with ${run.exitCode}:\n${run.stderrTail}`);
  }
  try {
    return JSON.parse(run.stdout) as DirectlyFollowsSummary;
  } catch {
    throw new Error(
      `${name} did not print JSON (${run.stdoutBytes} bytes):\n${run.stdout.slice(0, 500)}`,
    );
  }
}

interface SizeResult {
  size: string;
  events: number;
  runs: number;
  pipewiseSeconds: number;
  duckdbSeconds: number;
  pipewisePeakMB: number;
  duckdbPeakMB: number;
  /** DuckDB's own split: loading the CSV into a table, then the queries. */
  duckdbLoadSeconds: number;
  duckdbQuerySeconds: number;
  agreement: Agreement;
}

type DuckDbSummary = DirectlyFollowsSummary & { loadMs: number; queryMs: number };

export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs both programs `runs` times, alternating, and keeps the median wall
 * time and the highest peak of each; one run (the default) is what the
 * targets are stated for, more runs damp the noise of a shared machine.
 */
async function benchmarkSize(size: BenchSize, runs: number): Promise<SizeResult> {
  const dataset = ensureDataset(size);
  await warmPageCache(dataset.eventsPath);
  const pipewiseRuns: MeasuredRun[] = [];
  const duckdbRuns: MeasuredRun[] = [];
  for (let run = 0; run < runs; run++) {
    pipewiseRuns.push(
      await runMeasured(
        [pipewiseBin, 'analyze', dataset.eventsPath, '--json', '--tz', 'UTC'],
        'pipewise',
      ),
    );
    duckdbRuns.push(await runMeasured([duckdbScript, dataset.eventsPath], 'duckdb'));
  }
  const pipewise = parseSummary(pipewiseRuns[0]!, 'pipewise analyze');
  const duckdb = parseSummary(duckdbRuns[0]!, 'duckdb-dfg') as DuckDbSummary;
  const duckdbSummaries = duckdbRuns.map((run) => parseSummary(run, 'duckdb-dfg') as DuckDbSummary);
  return {
    size: size.label,
    events: pipewise.events,
    runs,
    pipewiseSeconds: median(pipewiseRuns.map((run) => run.wallSeconds)),
    duckdbSeconds: median(duckdbRuns.map((run) => run.wallSeconds)),
    pipewisePeakMB: Math.max(...pipewiseRuns.map((run) => run.peakKiB)) / 1024,
    duckdbPeakMB: Math.max(...duckdbRuns.map((run) => run.peakKiB)) / 1024,
    duckdbLoadSeconds: median(duckdbSummaries.map((summary) => summary.loadMs)) / 1000,
    duckdbQuerySeconds: median(duckdbSummaries.map((summary) => summary.queryMs)) / 1000,
    agreement: compareDirectlyFollows(pipewise, duckdb),
  };
}

function formatMegabytes(kibibytes: number): string {
  return Number.isFinite(kibibytes) ? (kibibytes / 1024).toFixed(0) : '?';
}

const TABLE_HEADER = [
  'size',
  'events',
  'Pipewise s',
  'DuckDB s',
  'ratio',
  'Pipewise peak MB',
  'DuckDB peak MB',
  'agreement',
];

function formatResultRow(result: SizeResult): string[] {
  return [
    result.size,
    result.events.toLocaleString('en'),
    result.pipewiseSeconds.toFixed(2),
    result.duckdbSeconds.toFixed(2),
    `${(result.pipewiseSeconds / result.duckdbSeconds).toFixed(2)}×`,
    result.pipewisePeakMB.toFixed(0),
    result.duckdbPeakMB.toFixed(0),
    result.agreement.agrees ? 'yes' : 'NO',
  ];
}

/** A Markdown table, so the output can be pasted into bench/README.md as it is. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** The targets of bench/README.md, checked against this run; a miss is reported, not fatal. */
export function checkTargets(results: readonly SizeResult[]): string[] {
  const verdicts: string[] = [];
  for (const result of results) {
    const ratio = result.pipewiseSeconds / result.duckdbSeconds;
    if (result.events >= 1_900_000) {
      const verdict = ratio <= 0.5 ? 'met, aim met' : ratio <= 1 ? 'met' : 'MISSED';
      verdicts.push(
        `${result.size}: Pipewise ≤ 1.0× DuckDB (aim 0.5×): ${ratio.toFixed(2)}× — ${verdict}`,
      );
    }
    if (result.events >= 9_000_000) {
      const verdict = result.pipewisePeakMB < 1024 ? 'met' : 'MISSED';
      verdicts.push(
        `${result.size}: peak under 1 GB: ${result.pipewisePeakMB.toFixed(0)} MB — ${verdict}`,
      );
    }
    if (result.events >= 900_000 && result.events < 1_900_000) {
      const verdict = result.pipewiseSeconds < 1 ? 'met' : 'MISSED';
      verdicts.push(
        `${result.size}: under 1 s end to end: ${result.pipewiseSeconds.toFixed(2)} s — ${verdict}`,
      );
    }
  }
  return verdicts;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1m,2m,10m' },
      runs: { type: 'string', default: '1' },
    },
  });
  const sizes = parseSizes(values.sizes);
  const runs = Number(values.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs: ${values.runs}`);
  const results: SizeResult[] = [];
  for (const size of sizes) {
    console.log(`running ${size.label} …`);
    const result = await benchmarkSize(size, runs);
    results.push(result);
    for (const line of result.agreement.disagreements) console.log(`  disagreement: ${line}`);
    for (const line of result.agreement.notes) console.log(`  note: ${line}`);
    console.log(
      `  DuckDB inside its ${result.duckdbSeconds.toFixed(2)} s: CSV load ` +
        `${result.duckdbLoadSeconds.toFixed(2)} s, queries ${result.duckdbQuerySeconds.toFixed(2)} s`,
    );
  }
  console.log('');
  console.log(formatTable(TABLE_HEADER, results.map(formatResultRow)));
  console.log('');
  for (const verdict of checkTargets(results)) console.log(verdict);
  await writeFile(
    join(dataDirectory, 'last-run.json'),
    `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`,
  );
  return results.every((result) => result.agreement.agrees) ? 0 : 1;
}

if (import.meta.main) {
  process.exitCode = await main();
}
