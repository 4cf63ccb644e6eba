import { writeFileSync } from 'node:fs';

/**
 * Preloaded into a benchmarked child (`node --import ./bench/report-peak-memory.js …`):
 * on exit, writes the process's peak resident set size in KiB
 * (`process.resourceUsage().maxRSS`, which counts native memory such as
 * DuckDB's too) to the file named by the environment variable below. The
 * parent reads it after the child ends; stdout stays the child's own.
 *
 * Plain JavaScript on purpose: a TypeScript preload makes Node load its type
 * stripper into the child before the program starts, which added ~80 ms to
 * every timed Pipewise run (a cost no user pays).
 */
export const PEAK_MEMORY_FILE_VARIABLE = 'BENCH_PEAK_MEMORY_FILE';

const reportPath = process.env[PEAK_MEMORY_FILE_VARIABLE];
if (reportPath) {
  process.on('exit', () => {
    writeFileSync(reportPath, String(process.resourceUsage().maxRSS));
  });
}
