import { parseArgs } from 'node:util';
import { toWorkingTimeLog, workingDayMs } from '@pipewise/engine';
import type { ProcessModel } from '@pipewise/engine/process-model';
import {
  changesFromModel,
  checkReproduction,
  type DeadlinePolicy,
  fitProcessBehaviour,
  type Interval,
  type ReproductionRow,
  type ScenarioSummary,
  type SimulationChange,
  simulateWhatIf,
  type WhatIfResult,
} from '@pipewise/engine/simulation';
import { describeInputError } from '@pipewise/formats';
import { type CliContext, usageOf } from '../cli-context.ts';
import { LOG_INPUT_HELP, LOG_INPUT_OPTIONS, readLogInput } from '../log-input/read-log-input.ts';
import { loadModel } from '../model/load-model.ts';
import { formatPercent, renderTable } from '../text/format.ts';
import { type Language, pickLanguage } from '../text/messages.ts';
import { hasWorkingDuration, readChangesFile, toSimulationChange } from './read-changes-file.ts';

export const SIMULATE_HELP = `Usage: pipewise simulate --log FILE [--model TO-BE] [options]

What-if simulation: replays the as-is behaviour measured in an event log (per
step the measured times until the next event, the routing between steps with
its rework and drop-off, the case starts) many times over, and with a to-be
model the same with its changes: removed steps, merged steps, response
deadlines that cut the long tail of waiting, and faster steps (--scale).
Reports the predicted cycle time (median, 90th percentile) with 95% intervals
across runs, the share of cases reaching each step, SLA adherence for steps
with a deadline, and what each change alone saves. Seeded: the same seed
gives the same figures. Definitions: docs/simulation.md.

Scenario
  --log FILE             the event log (or give FILE as the only argument)
  --model FILE           the to-be process: a saved model (.json), BPMN or a step
                         table, its steps matched with the log's activities by
                         name; activities it has no step for are removed
  --as-is FILE           the as-is model the to-be was derived from: tells which
                         activities a merged step came from
  --scale STEP=FACTOR    the step's times multiplied by FACTOR (0.5: twice as
                         fast, e.g. e-signature); repeatable
  --changes FILE         more changes as a JSON array: {"kind":"remove","step"},
                         {"kind":"merge","steps":[…],"name"}, {"kind":"scale","step",
                         "factor"}, {"kind":"deadline","step","deadline":"48 working
                         hours","policy":"escalate|meet","escalation":"4 hours"}
  --deadline-policy P    what happens after a deadline: escalate (default: done
                         an escalation delay later, the step's median time within
                         the deadline) or meet (everyone answers in time)

Runs
  --runs N               simulated runs (default 1000)
  --cases-per-run N      cases per run (default: as many as the log has)
  --seed S               seed of the random numbers (default 1)
  --order 1|2            what a step's next move and time depend on: 1 its
                         activity, 2 (default) its activity and the one before
  --check                also compare the as-is simulation with the log's own
                         figures (docs/simulation.md#reproduction)

${LOG_INPUT_HELP.columns}

${LOG_INPUT_HELP.reading}

${LOG_INPUT_HELP.workingTime}
                         (a model with deadlines in working hours or days
                         turns working time on with the default calendar)

${LOG_INPUT_HELP.filters}

Output
  --json                 print {"asIs":{"cycleTime":{"medianMs","p90Ms","ci95":[lo,hi],…},
                         "stages","deadlines"},"toBe":{…}|null,"gain","contributions",…}
  --lang en|zh           language of the text output (default: from LANG)
  --no-progress          no progress bar on stderr
  -h, --help             this help

Exit codes: 0 success, 1 bad input, 2 bad usage.`;

const DAY_MS = 86_400_000;

const OPTIONS = {
  ...LOG_INPUT_OPTIONS,
  log: { type: 'string' },
  model: { type: 'string' },
  'as-is': { type: 'string' },
  changes: { type: 'string' },
  scale: { type: 'string', multiple: true },
  'deadline-policy': { type: 'string' },
  runs: { type: 'string' },
  'cases-per-run': { type: 'string' },
  seed: { type: 'string' },
  order: { type: 'string' },
  check: { type: 'boolean' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A whole number within [min, max], or undefined. */
function parseWhole(text: string, min: number, max: number): number | undefined {
  if (!/^-?\d+$/u.test(text.trim())) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** `STEP=FACTOR` of --scale. */
export function parseScale(text: string): SimulationChange | undefined {
  const at = text.lastIndexOf('=');
  if (at <= 0) return undefined;
  const factor = Number(text.slice(at + 1));
  if (text.slice(at + 1).trim() === '' || !Number.isFinite(factor) || factor < 0) return undefined;
  return { kind: 'scale', activity: text.slice(0, at).trim(), factor };
}

/** `pipewise simulate`: returns the exit code. */
export async function runSimulate(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    context.stdout.write(`${SIMULATE_HELP}\n`);
    return 0;
  }
  const usage = usageOf('simulate', context);
  const files = [...(values.log !== undefined ? [values.log] : []), ...positionals];
  if (files.length !== 1)
    return usage(files.length === 0 ? 'missing --log FILE' : 'give exactly one log');
  const language = pickLanguage(values.lang, context.locale);
  const runs = values.runs === undefined ? 1000 : parseWhole(values.runs, 1, 1_000_000);
  if (runs === undefined)
    return usage(`--runs needs a whole number from 1 to 1000000, not "${values.runs}"`);
  const seed = values.seed === undefined ? 1 : parseWhole(values.seed, -(2 ** 31), 2 ** 32 - 1);
  if (seed === undefined) return usage(`--seed needs a 32-bit whole number, not "${values.seed}"`);
  const casesPerRun =
    values['cases-per-run'] === undefined
      ? undefined
      : parseWhole(values['cases-per-run'], 1, 10_000_000);
  if (values['cases-per-run'] !== undefined && casesPerRun === undefined)
    return usage(`--cases-per-run needs a whole number ≥ 1, not "${values['cases-per-run']}"`);
  const order = values.order ?? '2';
  if (order !== '1' && order !== '2') return usage(`--order takes 1 or 2, not "${order}"`);
  const policy = values['deadline-policy'] ?? 'escalate';
  if (policy !== 'escalate' && policy !== 'meet')
    return usage(`--deadline-policy takes escalate or meet, not "${policy}"`);
  const scales: SimulationChange[] = [];
  for (const text of values.scale ?? []) {
    const change = parseScale(text);
    if (!change) return usage(`--scale takes STEP=FACTOR with a factor ≥ 0, not "${text}"`);
    scales.push(change);
  }
  if (values['as-is'] !== undefined && values.model === undefined)
    return usage('--as-is needs --model (the to-be process)');

  const load = async (path: string): Promise<ProcessModel | undefined> => {
    const loaded = await loadModel(path);
    if (loaded.ok) return loaded.model;
    context.stderr.write(`pipewise simulate: ${describeInputError(loaded.error)}\n`);
    return undefined;
  };
  const toBe = values.model === undefined ? undefined : await load(values.model);
  if (values.model !== undefined && !toBe) return 1;
  const asIsModel = values['as-is'] === undefined ? undefined : await load(values['as-is']);
  if (values['as-is'] !== undefined && !asIsModel) return 1;

  // Deadlines in working hours need working time; turn it on rather than refuse.
  const stated = values.changes === undefined ? undefined : readChangesFile(values.changes);
  if (stated && !stated.ok) {
    context.stderr.write(`pipewise simulate: ${stated.message}\n`);
    return 1;
  }
  const hasWorkingDeadline =
    toBe?.steps.some((step) => step.deadline?.basis === 'working') ||
    stated?.changes.some(hasWorkingDuration);
  const time = values.time ?? (hasWorkingDeadline ? 'working' : undefined);
  const read = await readLogInput(
    files[0]!,
    { ...values, ...(time !== undefined ? { time } : {}) },
    context,
    'simulate',
  );
  if (!read.ok) return read.exitCode;
  const { log, workingTime } = read.input;
  if (log.caseCount === 0) {
    context.stderr.write(`pipewise simulate: ${files[0]}: no cases to simulate from\n`);
    return 1;
  }
  const basisLog = workingTime ? toWorkingTimeLog(log, workingTime) : log;
  const dayMs = workingTime ? workingDayMs(workingTime.calendar) : undefined;
  const behaviour = fitProcessBehaviour(basisLog, { order: order === '1' ? 1 : 2 });

  const fromModel = toBe
    ? changesFromModel(toBe, log.activities, {
        ...(asIsModel ? { asIs: asIsModel } : {}),
        basis: workingTime ? 'working' : 'calendar',
        ...(dayMs !== undefined ? { workingDayMs: dayMs } : {}),
        deadlinePolicy: policy as DeadlinePolicy,
      })
    : undefined;
  for (const step of fromModel?.notSimulated ?? [])
    context.stderr.write(
      `pipewise simulate: warning: ${values.model}: step "${step}" has no activity in the log; it is not simulated\n`,
    );
  for (const skipped of fromModel?.skippedDeadlines ?? [])
    context.stderr.write(
      `pipewise simulate: warning: ${values.model}: the deadline of "${skipped.step}" is in ${skipped.reason === 'needs-working-time' ? 'working' : 'calendar'} time; run with --time ${skipped.reason === 'needs-working-time' ? 'working' : 'calendar'} to simulate it\n`,
    );
  for (const skipped of fromModel?.skippedTools ?? [])
    context.stderr.write(
      `pipewise simulate: warning: ${values.model}: the tool step "${skipped.step}" (${skipped.tool}) sets a fixed duration; only a factor is simulated\n`,
    );
  // Each change with where it came from, for messages about it.
  const sources: string[] = (fromModel?.changes ?? []).map(() => values.model!);
  const fileChanges: SimulationChange[] = [];
  for (const [k, change] of (stated?.changes ?? []).entries()) {
    const converted = toSimulationChange(change, workingTime ? 'working' : 'calendar', dayMs);
    const source = `${values.changes}: change ${k + 1}`;
    if (typeof converted === 'string') {
      context.stderr.write(`pipewise simulate: ${source}: ${converted}\n`);
      return 1;
    }
    fileChanges.push(converted);
    sources.push(source);
  }
  for (const _ of scales) sources.push('--scale');
  const changes = [...(fromModel?.changes ?? []), ...fileChanges, ...scales];
  const simulated = simulateWhatIf(behaviour, changes, {
    runs,
    seed,
    ...(casesPerRun !== undefined ? { casesPerRun } : {}),
  });
  if (!simulated.ok) {
    const source = sources[simulated.changeIndex] ?? '';
    const known = log.activities.map((name) => `"${name}"`).join(', ');
    const message = `${source}: ${simulated.message}${simulated.reason === 'unknown-activity' ? `; activities are ${known}` : ''}`;
    if (source === '--scale') return usage(message);
    context.stderr.write(`pipewise simulate: ${message}\n`);
    return 1;
  }
  const result = simulated.result;
  const reproduction = values.check
    ? checkReproduction(basisLog, result.asIs, { seed })
    : undefined;
  const timeBasis = workingTime
    ? { kind: 'working', calendar: workingTime.calendar.name, dayMs }
    : { kind: 'calendar' };
  if (values.json) {
    context.stdout.write(
      `${JSON.stringify({
        time: timeBasis,
        runs,
        seed,
        order: behaviour.order,
        casesPerRun: result.asIs.casesPerRun,
        casesPerDay: Number.isFinite(behaviour.casesPerDay) ? behaviour.casesPerDay : null,
        asIs: result.asIs,
        toBe: result.toBe,
        gain: result.gain,
        contributions: result.contributions,
        notSimulated: fromModel?.notSimulated ?? [],
        ...(reproduction ? { reproduction } : {}),
      })}\n`,
    );
    return 0;
  }
  // Tables in days (working days of the calendar in working time), one decimal.
  const duration = (ms: number) => (ms / (dayMs ?? DAY_MS)).toFixed(1);
  context.stdout.write(
    renderSimulation(result, {
      file: files[0]!,
      language,
      duration,
      seed,
      isWorking: workingTime !== undefined,
      ...(reproduction ? { reproduction } : {}),
    }),
  );
  return 0;
}

const WORDS = {
  en: {
    title: 'Pipewise what-if simulation of',
    runs: (runs: number, cases: number, seed: number, working: boolean) =>
      `${runs} runs of ${cases} cases each, seed ${seed}; durations in ${working ? 'working days' : 'days'}, [95% interval across runs]`,
    figure: 'figure',
    asIs: 'as-is',
    toBe: 'to-be',
    gain: 'saved',
    median: 'cycle time, median',
    p90: 'cycle time, 90th percentile',
    changes: 'What each change saves alone (median cycle time)',
    change: 'change',
    stages: 'Share of cases reaching each step',
    step: 'step',
    sla: 'SLA adherence (passages within the deadline)',
    deadline: 'deadline',
    check: 'Reproduction: the as-is simulation against the log',
    measured: 'measured',
    withinDeadline: 'within deadline',
    simulated: 'simulated',
    ok: 'within',
    reproduced: (yes: boolean) => (yes ? 'yes' : 'NO'),
    truncated: (n: number) => `${n} simulated cases were cut off after 100,000 steps (a loop).`,
    remove: 'remove',
    merge: 'merge',
    parallel: 'in parallel',
    scale: 'times ×',
    definitions: 'Definitions and what is not modelled: docs/simulation.md',
  },
  zh: {
    title: 'Pipewise 模拟推演：',
    runs: (runs: number, cases: number, seed: number, working: boolean) =>
      `共 ${runs} 轮，每轮 ${cases} 个案例，随机种子 ${seed}；耗时单位：${working ? '工作日' : '天'}，[ ] 内为各轮的 95% 区间`,
    figure: '指标',
    asIs: '现状',
    toBe: '优化后',
    gain: '节省',
    median: '成交周期中位数',
    p90: '成交周期90分位',
    changes: '各项改动单独带来的节省（成交周期中位数）',
    change: '改动',
    stages: '到达各环节的案例占比',
    step: '环节',
    sla: '时限达成率（在时限内完成的比例）',
    deadline: '时限',
    check: '复现检验：现状模拟与日志实测对比',
    measured: '实测',
    withinDeadline: '时限内',
    simulated: '模拟',
    ok: '在区间内',
    reproduced: (yes: boolean) => (yes ? '是' : '否'),
    truncated: (n: number) => `${n} 个模拟案例超过 10 万步被截断（循环）。`,
    remove: '删除',
    merge: '合并',
    parallel: '并行',
    scale: '耗时 ×',
    definitions: '指标定义及未建模的内容见 docs/simulation.md',
  },
} as const;

/** The simulation as text tables. */
export function renderSimulation(
  result: WhatIfResult,
  options: {
    file: string;
    language: Language;
    duration: (ms: number) => string;
    seed: number;
    isWorking: boolean;
    reproduction?: ReproductionRow[];
  },
): string {
  const words = WORDS[options.language];
  const { duration } = options;
  const withInterval = (value: number, ci: Interval, show: (x: number) => string) =>
    `${show(value)} [${show(ci[0])} – ${show(ci[1])}]`;
  const lines = [
    `${words.title} ${options.file}`,
    words.runs(result.asIs.runs, result.asIs.casesPerRun, options.seed, options.isWorking),
    '',
  ];
  const scenarios: ScenarioSummary[] = result.toBe ? [result.asIs, result.toBe] : [result.asIs];
  const header = [words.figure, words.asIs, ...(result.toBe ? [words.toBe, words.gain] : [])];
  const cycleRow = (label: string, pick: (s: ScenarioSummary) => [number, Interval]) => [
    label,
    ...scenarios.map((scenario) => withInterval(...pick(scenario), duration)),
  ];
  const rows = [
    cycleRow(words.median, (s) => [s.cycleTime.medianMs, s.cycleTime.ci95]),
    cycleRow(words.p90, (s) => [s.cycleTime.p90Ms, s.cycleTime.p90Ci95]),
  ];
  if (result.gain) {
    rows[0]!.push(withInterval(result.gain.medianMs, result.gain.ci95, duration));
    rows[1]!.push(withInterval(result.gain.p90Ms, result.gain.p90Ci95, duration));
  }
  lines.push(
    ...renderTable(
      header,
      rows,
      header.map((_, k) => k > 0),
    ),
    '',
  );

  if (result.contributions.length > 0) {
    lines.push(words.changes);
    const changeRows = result.contributions.map(({ change, gain }) => [
      describeChange(change, options.language, duration),
      withInterval(gain.medianMs, gain.ci95, duration),
    ]);
    lines.push(...renderTable([words.change, words.gain], changeRows, [false, true]), '');
  }

  lines.push(words.stages);
  const toBeStages = new Map(result.toBe?.stages.map((stage) => [stage.name, stage]));
  const stageRows = result.asIs.stages.map((stage) => {
    const after = toBeStages.get(stage.name);
    return [
      stage.name,
      withInterval(stage.reachRate, stage.ci95, formatPercent),
      ...(result.toBe
        ? [after ? withInterval(after.reachRate, after.ci95, formatPercent) : '–', '']
        : []),
    ];
  });
  for (const stage of result.toBe?.stages ?? [])
    if (!result.asIs.stages.some((s) => s.name === stage.name))
      stageRows.push([
        stage.name,
        '–',
        withInterval(stage.reachRate, stage.ci95, formatPercent),
        '',
      ]);
  lines.push(
    ...renderTable(
      [words.step, words.asIs, ...(result.toBe ? [words.toBe] : [])],
      stageRows.map((row) => row.slice(0, result.toBe ? 3 : 2)),
      [false, true, true],
    ),
    '',
  );

  if (result.asIs.deadlines.length > 0 || (result.toBe?.deadlines.length ?? 0) > 0) {
    lines.push(words.sla);
    const toBeDeadlines = new Map(result.toBe?.deadlines.map((d) => [d.stage, d]));
    const slaRows = result.asIs.deadlines.map((d) => {
      const after = toBeDeadlines.get(d.stage);
      return [
        d.stage,
        duration(d.deadlineMs),
        withInterval(d.adherence, d.ci95, formatPercent),
        after ? withInterval(after.adherence, after.ci95, formatPercent) : '–',
      ];
    });
    lines.push(
      ...renderTable([words.step, words.deadline, words.asIs, words.toBe], slaRows, [
        false,
        true,
        true,
        true,
      ]),
      '',
    );
  }

  if (options.reproduction) {
    lines.push(words.check);
    const show = (row: ReproductionRow) => (x: number) =>
      row.figure === 'reach-rate' || row.figure === 'sla-adherence'
        ? formatPercent(x)
        : duration(x);
    const label = (row: ReproductionRow) =>
      row.figure === 'reach-rate'
        ? row.activity!
        : row.figure === 'sla-adherence'
          ? `${row.activity!} ${words.withinDeadline}`
          : row.figure === 'cycle-time-median'
            ? words.median
            : words.p90;
    const checkRows = options.reproduction.map((row) => [
      label(row),
      withInterval(row.measured, row.measuredCi95, show(row)),
      show(row)(row.simulated),
      words.reproduced(row.isReproduced),
    ]);
    lines.push(
      ...renderTable([words.figure, words.measured, words.simulated, words.ok], checkRows, [
        false,
        true,
        true,
        false,
      ]),
      '',
    );
  }
  const truncated = result.asIs.truncatedCases + (result.toBe?.truncatedCases ?? 0);
  if (truncated > 0) lines.push(words.truncated(truncated), '');
  lines.push(words.definitions, '');
  return lines.join('\n');
}

function describeChange(
  change: SimulationChange,
  language: Language,
  duration: (ms: number) => string,
): string {
  const words = WORDS[language];
  switch (change.kind) {
    case 'remove':
      return `${words.remove} ${change.activity}`;
    case 'merge':
      return `${words.merge} ${change.activities.join(' + ')}`;
    case 'scale':
      return `${change.activity} ${words.scale}${change.factor}`;
    case 'deadline':
      return `${change.activity} ${words.deadline} ${duration(change.deadlineMs)} (${change.policy ?? 'escalate'})`;
    case 'parallel':
      return `${words.parallel} ${change.activities.join(' ‖ ')}`;
  }
}
