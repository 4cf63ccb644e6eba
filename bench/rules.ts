import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createWorkingTime,
  MONDAY_TO_FRIDAY,
  resolveTimeZone,
  type TimeZone,
} from '@pipewise/engine';
import {
  createProcessModel,
  type DurationEstimate,
  makeStep,
  type ProcessModel,
  parseProcessModel,
} from '@pipewise/engine/process-model';
import { replayRules } from '@pipewise/engine/rules';
import { readEventLogFile, replayRulesWithHelper } from '@pipewise/formats';
import { startHelperThread, stopHelperThread } from '@pipewise/formats/helper-thread';
import { generateSalesLog } from './generate-sales-log.ts';
import { PEAK_MEMORY_FILE_VARIABLE } from './report-peak-memory.js';

/**
 * `npm run bench:rules [-- --cases 1000000] [--runs N]`: times `pipewise rules
 * check` over the history of a generated sales log of about a million
 * opportunities (ten million events; the same file as `npm run bench`'s 10m,
 * cached in bench/data/), end to end in a child process (reading included),
 * and the replay alone (`replayRules` on the log already in memory, on one
 * thread and, as the CLI does, on two). The
 * issue's target: under 5 s. Prints both, and the replay's figures.
 */

const repositoryRoot = join(import.meta.dirname, '..');
const dataDirectory = join(import.meta.dirname, 'data');
const pipewiseBin = join(repositoryRoot, 'packages', 'cli', 'bin', 'pipewise.js');
const peakMemoryPreload = pathToFileURL(join(import.meta.dirname, 'report-peak-memory.js')).href;
const TARGET_SECONDS = 5;

const workingHours = (value: number): DurationEstimate => ({
  value,
  unit: 'hour',
  basis: 'working',
});

/** The generated log's process (English stage names) with the demo's rules. */
export function benchModel(): ProcessModel {
  const stages = [
    'Lead',
    'Qualified',
    'Needs Analysis',
    'Proposal',
    'Negotiation',
    'Contract Review',
  ];
  const id = (name: string) => name.toLowerCase().replace(/ /g, '-');
  return {
    ...createProcessModel('bench-to-be', { en: 'Bench to-be process' }, 'to-be'),
    steps: [
      ...stages.map((name) => makeStep(id(name), { en: name })),
      makeStep('won', { en: 'Closed Won' }),
      makeStep('lost', { en: 'Closed Lost' }),
    ],
    rules: [
      {
        id: 'legal-review-48h',
        kind: 'hand-off-sla',
        trigger: { kind: 'step-entered', stepId: 'contract-review' },
        deadline: workingHours(48),
        notify: [{ role: 'legal', channel: 'in-app' }],
        escalations: [
          { after: workingHours(48), notify: [{ role: 'legal manager', channel: 'email' }] },
          { after: workingHours(72), notify: [{ role: 'sales director', channel: 'sms' }] },
        ],
      },
      {
        id: 'proposal-16h',
        kind: 'hand-off-sla',
        trigger: { kind: 'step-entered', stepId: 'proposal' },
        deadline: workingHours(16),
        notify: [],
        escalations: [
          { after: workingHours(24), notify: [{ role: 'sales manager', channel: 'email' }] },
        ],
      },
      {
        id: 'no-activity-5d',
        kind: 'inactivity-reminder',
        stepIds: stages.map(id),
        idle: { value: 5, unit: 'day', basis: 'working' },
        notify: [{ role: 'rep', channel: 'in-app' }],
      },
      {
        id: 'onboarding',
        kind: 'task-on-entry',
        stepId: 'won',
        task: {
          title: { en: 'Customer onboarding' },
          assignee: { role: 'after-sales', channel: 'email' },
          deadline: workingHours(24),
        },
      },
    ],
  };
}

function ensureLog(caseCount: number): string {
  const label = caseCount === 1_000_000 ? '10m' : `${caseCount}-cases`;
  const eventsPath = join(dataDirectory, `sales-${label}-seed1.csv`);
  const casesPath = join(dataDirectory, `sales-${label}-seed1-cases.csv`);
  if (existsSync(eventsPath)) return eventsPath;
  mkdirSync(dataDirectory, { recursive: true });
  console.log(`generating ${eventsPath} (${caseCount.toLocaleString('en')} opportunities) …`);
  generateSalesLog({
    caseCount,
    seed: 1,
    language: 'english',
    eventsPath: `${eventsPath}.tmp`,
    casesPath: `${casesPath}.tmp`,
  });
  renameSync(`${casesPath}.tmp`, casesPath);
  renameSync(`${eventsPath}.tmp`, eventsPath);
  return eventsPath;
}

function runCli(
  args: string[],
): Promise<{ seconds: number; peakMiB: number; stdout: string; code: number | null }> {
  const peakFile = join(dataDirectory, `peak-rules-${process.pid}.txt`);
  rmSync(peakFile, { force: true });
  return new Promise((resolve, reject) => {
    const startedMs = performance.now();
    const child = spawn(process.execPath, ['--import', peakMemoryPreload, pipewiseBin, ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, [PEAK_MEMORY_FILE_VARIABLE]: peakFile },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - startedMs) / 1000;
      const peakMiB = existsSync(peakFile)
        ? Number(readFileSync(peakFile, 'utf8')) / 1024
        : Number.NaN;
      rmSync(peakFile, { force: true });
      resolve({ seconds, peakMiB, stdout: Buffer.concat(chunks).toString('utf8'), code });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '1' },
    },
  });
  const caseCount = Number(values.cases);
  const runs = Number(values.runs);
  const logPath = ensureLog(caseCount);
  const model = benchModel();
  if (!parseProcessModel(JSON.parse(JSON.stringify(model))).ok)
    throw new Error('bench model is invalid');
  const modelPath = join(dataDirectory, 'rules-bench-model.json');
  writeFileSync(modelPath, `${JSON.stringify(model, null, 2)}\n`);

  const args = [
    'rules',
    'check',
    '--model',
    modelPath,
    '--log',
    logPath,
    '--tz',
    'UTC',
    '--json',
    '--no-progress',
  ];
  const endToEnd: { seconds: number; peakMiB: number }[] = [];
  let cliReplay:
    | { cases: number; slaAdherence: unknown; escalations: number; reminders: number }
    | undefined;
  for (let run = 0; run < runs; run++) {
    const result = await runCli(args);
    if (result.code !== 0) throw new Error(`pipewise rules check exited ${result.code}`);
    cliReplay = JSON.parse(result.stdout);
    endToEnd.push(result);
  }

  const zone = (resolveTimeZone('UTC') as { ok: true; zone: TimeZone }).zone;
  const read = await readEventLogFile(logPath, { timeZone: zone, columns: {}, skipInvalid: false });
  if (!read.ok) throw new Error(`cannot read ${logPath}`);
  const { log } = read;
  let nowMs = 0;
  for (let i = 0; i < log.eventCount; i++) nowMs = Math.max(nowMs, log.timestampMs[i]!);
  const replaySeconds: number[] = [];
  const replayCpuSeconds: number[] = [];
  let replay: ReturnType<typeof replayRules> | undefined;
  for (let run = 0; run < Math.max(runs, 3); run++) {
    // A fresh WorkingTime each run, so its day table is built inside the timing as in the CLI.
    const workingTime = createWorkingTime(MONDAY_TO_FRIDAY, zone);
    const startedMs = performance.now();
    const startedCpu = process.cpuUsage();
    replay = replayRules(model, log, { workingTime, nowMs, sampleSize: 0 });
    replaySeconds.push((performance.now() - startedMs) / 1000);
    // CPU time too: on a shared machine it varies less than wall time.
    const cpu = process.cpuUsage(startedCpu);
    replayCpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  // As the CLI replays: half of the cases on a helper thread.
  const helperThread = startHelperThread();
  const helperSeconds: number[] = [];
  for (let run = 0; run < Math.max(runs, 3); run++) {
    const workingTime = createWorkingTime(MONDAY_TO_FRIDAY, zone);
    const startedMs = performance.now();
    const withHelper = await replayRulesWithHelper(
      model,
      log,
      { workingTime, zone, nowMs, sampleSize: 0 },
      helperThread,
    );
    helperSeconds.push((performance.now() - startedMs) / 1000);
    if (JSON.stringify(withHelper.slaAdherence) !== JSON.stringify(replay!.slaAdherence))
      throw new Error('the replay on two threads disagrees with the one on one thread');
  }
  await stopHelperThread(helperThread);
  if (
    cliReplay &&
    replay &&
    JSON.stringify(cliReplay.slaAdherence) !== JSON.stringify(replay.slaAdherence)
  )
    throw new Error('the CLI and the in-process replay disagree');

  const e2e = median(endToEnd.map((r) => r.seconds));
  const peak = Math.max(...endToEnd.map((r) => r.peakMiB));
  const replayOnly = median(replaySeconds);
  console.log(
    `log: ${logPath}: ${log.caseCount.toLocaleString('en')} cases, ${log.eventCount.toLocaleString('en')} events`,
  );
  console.log(
    `replay: SLA adherence ${JSON.stringify(replay!.slaAdherence)}, ${replay!.escalations.toLocaleString('en')} escalations, ${replay!.reminders.toLocaleString('en')} reminders`,
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')} (${availableParallelism()} cores)`,
  );
  console.log('');
  console.log('| measure | seconds | peak MiB | target |');
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| pipewise rules check, end to end (reading included), median of ${runs} (${endToEnd.map((r) => r.seconds.toFixed(2)).join(', ')}) | ${e2e.toFixed(2)} | ${peak.toFixed(0)} | ${e2e < TARGET_SECONDS ? 'met' : 'MISSED'} (< ${TARGET_SECONDS} s) |`,
  );
  console.log(
    `| replayRules alone, median of ${replaySeconds.length} (${replaySeconds.map((s) => s.toFixed(2)).join(', ')}) | ${replayOnly.toFixed(2)} | – | ${replayOnly < TARGET_SECONDS ? 'met' : 'MISSED'} (< ${TARGET_SECONDS} s) |`,
  );
  console.log(
    `| replayRules alone, CPU time, median (${replayCpuSeconds.map((s) => s.toFixed(2)).join(', ')}) | ${median(replayCpuSeconds).toFixed(2)} | – | |`,
  );
  console.log(
    `| replay on two threads (replayRulesWithHelper, as the CLI), median of ${helperSeconds.length} (${helperSeconds.map((s) => s.toFixed(2)).join(', ')}) | ${median(helperSeconds).toFixed(2)} | – | |`,
  );
  return 0;
}

if (import.meta.main) {
  process.exitCode = await main();
}
