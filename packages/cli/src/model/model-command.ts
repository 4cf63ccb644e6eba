import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { layoutSwimlanes, renderDiffSvg, renderSwimlaneSvg } from '@pipewise/diagrams';
import {
  attachMeasurements,
  compareEstimates,
  type DiscoverOptions,
  diffModels,
  discoverProcessModel,
  displayName,
  type EstimateComparison,
  estimateToMs,
  type LocalizedText,
  type ModelDiff,
  type ModelWarning,
  type ProcessModel,
  type StepDurationMeasure,
} from '@pipewise/engine/process-model';
import { describeInputError, type InputError, openFile, readCsvTable } from '@pipewise/formats';
import {
  exportBpmn,
  stepTableTemplateCsv,
  stepTableTemplateXlsx,
} from '@pipewise/formats/process-model';
import { type CliContext, usageOf } from '../cli-context.ts';
import { LOG_INPUT_HELP, LOG_INPUT_OPTIONS, readLogInput } from '../log-input/read-log-input.ts';
import { formatDuration, formatWorkingDuration, renderTable } from '../text/format.ts';
import { type Language, pickLanguage } from '../text/messages.ts';
import { loadModel } from './load-model.ts';

const MODEL_INPUT = `MODEL is a saved model (.json), a BPMN 2.0 file (.bpmn, .xml) or a step
table (.csv, .xlsx; see "pipewise model template").`;

const SUBCOMMANDS = {
  'from-table': {
    summary: 'a step list (CSV or Excel) as a process model (JSON)',
    help: `Usage: pipewise model from-table FILE [options]

Reads a step list — one row per step: order, step, owner, department, inputs,
outputs, systems, estimated duration, notes (optional: kind, next); Chinese or
English headers — and writes the as-is process model as JSON. Each owner is a
swimlane; steps follow the order column; "next" names branches.

  --sheet NAME           Excel: the sheet to read (default: the first)
  --encoding NAME        CSV: utf-8, gbk, … (default: detected)
  --id ID                the model's id (default: as-is)
  --name NAME            the model's name
  --out FILE             write the model here (default: standard output)`,
  },
  template: {
    summary: 'an empty step table to fill in (CSV or Excel)',
    help: `Usage: pipewise model template [options]

Writes an empty step table for "pipewise model from-table", with its headers in
the chosen language; the Excel version has a sheet explaining each column.

  --format csv|xlsx      default: by the --out extension, else csv
  --lang zh|en           language of the headers (default: from LANG)
  --out FILE             write it here (needed for xlsx; csv defaults to standard output)`,
  },
  discover: {
    summary: 'an as-is model proposed from an event log',
    help: `Usage: pipewise model discover LOG [options]

Proposes an as-is process model from an event log: a step per activity in the
order they usually come, flows from the directly-follows graph above a
threshold, a lane per step from its most frequent resource, and measured
durations per step (in working time with --time working).

Discovery
  --min-flow-count N     keep flows taken at least N times (default 1)
  --flow-coverage P%     keep the most frequent flows until they cover P% of hand-overs
  --min-activity-share P%
                         keep activities found in at least P% of cases (default: all)
  --measure M            until-next (default: time in a stage, for CRM stage
                         histories), since-previous (logs of completed work) or
                         processing (logs with start times; the default for them)
  --lanes FILE           CSV mapping each resource (first column) to its lane
                         (second column), e.g. rep → team or role
  --id ID, --name NAME   the model's id and name
  --out FILE             write the model (JSON) here (default: standard output)

${LOG_INPUT_HELP.columns}

${LOG_INPUT_HELP.reading}

${LOG_INPUT_HELP.workingTime}

${LOG_INPUT_HELP.filters}`,
  },
  import: {
    summary: 'a BPMN 2.0 file as a process model (JSON)',
    help: `Usage: pipewise model import FILE.bpmn [options]

Reads a BPMN 2.0 file drawn in another tool (Signavio, Camunda, bpmn.io,
Visio…): tasks, collapsed sub-processes, gateways, events, pools and lanes,
data objects as artifacts, sequence flows. Elements the model has no place
for are kept and reported on standard error. Writes the model as JSON.

  --out FILE             write the model here (default: standard output)`,
  },
  draw: {
    summary: 'a swimlane flowchart of a model (SVG)',
    help: `Usage: pipewise model draw MODEL [options]

Draws the swimlane flowchart: a lane per owner, steps in time order, hand-offs
across lanes marked, artifacts on the flows, duration badges.
${MODEL_INPUT}

  --lang zh|en           language of the labels (default: from LANG)
  --color-by FIGURE      colour steps by measured (median duration), estimated
                         (duration) or cases
  --no-durations         no duration badges
  --title TEXT           a title above the chart
  --out FILE             write the SVG here (default: standard output)`,
  },
  export: {
    summary: 'a model as BPMN 2.0 (with diagram) or JSON',
    help: `Usage: pipewise model export MODEL --format bpmn|json [options]

Writes a model as BPMN 2.0 XML with its diagram (opens in bpmn.io and Camunda
Modeler) or as Pipewise's JSON.
${MODEL_INPUT}

  --format bpmn|json     default: by the --out extension, else json
  --lang zh|en           language of BPMN names (both are kept; default: from LANG)
  --out FILE             write it here (default: standard output)`,
  },
  diff: {
    summary: 'what changed between two versions of a process',
    help: `Usage: pipewise model diff A B [options]

Lists what changed from model A (e.g. the as-is process) to model B (the to-be):
steps added, removed, merged, split, moved to another lane, reordered and
changed; flows added, removed and changed; lanes. Or draws both side by side.
A and B are MODEL files: ${MODEL_INPUT.slice(9)}

  --format text|json|svg default: by the --out extension, else text
  --above-below          SVG: the two versions one above the other (default: side by
                         side; easier to read for long processes)
  --overlay              SVG: one chart, the to-be with what it no longer has dashed
                         where it was
  --lang zh|en           language of names (default: from LANG)
  --out FILE             write it here (default: standard output)`,
  },
  'compare-estimates': {
    summary: 'interview estimates against durations measured in an event log',
    help: `Usage: pipewise model compare-estimates MODEL --log LOG [options]

For every step with an estimated duration, the median measured in the event
log (steps match activities by name), their ratio, and a flag when they differ
by more than a factor. Working-day estimates are compared in working time
(give --time working and a calendar).
${MODEL_INPUT}

  --log FILE             the event log
  --factor F             flag when measured/estimate is above F or below 1/F (default 2)
  --measure M            until-next, since-previous or processing (see model discover)
  --json                 JSON instead of a table
  --lang zh|en           language of names (default: from LANG)
  --out FILE             write it here (default: standard output)

${LOG_INPUT_HELP.columns}

${LOG_INPUT_HELP.reading}

${LOG_INPUT_HELP.workingTime}

${LOG_INPUT_HELP.filters}`,
  },
} as const;

type Subcommand = keyof typeof SUBCOMMANDS;

export const MODEL_HELP = `Usage: pipewise model <command> [options]

The process model: steps, owners (swimlanes), flows, artifacts, systems and
durations — made from a step table, discovered from an event log or imported
from BPMN; drawn, exported, compared. See docs/process-model.md.

Commands
${Object.entries(SUBCOMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(18)} ${summary}`)
  .join('\n')}

Run "pipewise model <command> --help" for a command's options.
Exit codes: 0 success, 1 bad input (located message on stderr), 2 bad usage.`;

/** `pipewise model …`: returns the exit code. */
export async function runModel(args: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? context.stderr : context.stdout).write(`${MODEL_HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (!(name in SUBCOMMANDS)) {
    context.stderr.write(`pipewise model: unknown command "${name}"\n\n${MODEL_HELP}\n`);
    return 2;
  }
  const subcommand = name as Subcommand;
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout.write(`${SUBCOMMANDS[subcommand].help}\n`);
    return 0;
  }
  const io = new CommandIo(`model ${subcommand}`, context);
  try {
    switch (subcommand) {
      case 'from-table':
        return await fromTable(rest, io);
      case 'template':
        return await template(rest, io, context);
      case 'discover':
        return await discover(rest, io, context);
      case 'import':
        return await importModel(rest, io);
      case 'draw':
        return await draw(rest, io, context);
      case 'export':
        return await exportModel(rest, io, context);
      case 'diff':
        return await diff(rest, io, context);
      case 'compare-estimates':
        return await compare(rest, io, context);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
      return io.usage((error as Error).message);
    throw error;
  }
}

/** Messages and output of one subcommand. */
class CommandIo {
  readonly command: string;
  readonly context: CliContext;

  constructor(command: string, context: CliContext) {
    this.command = command;
    this.context = context;
  }

  usage(message: string): number {
    return usageOf(this.command, this.context)(message);
  }

  inputError(error: InputError): number {
    this.context.stderr.write(`pipewise ${this.command}: ${describeInputError(error)}\n`);
    return 1;
  }

  warn(warnings: ModelWarning[]): void {
    for (const warning of warnings)
      this.context.stderr.write(`pipewise ${this.command}: warning: ${warning.message}\n`);
  }

  /** Writes the result to `out`, or to standard output without it. */
  write(out: string | undefined, content: string | Uint8Array): number {
    if (out === undefined) {
      this.context.stdout.write(
        typeof content === 'string' ? content : Buffer.from(content).toString('latin1'),
      );
      return 0;
    }
    try {
      (this.context.writeFile ?? writeFileSync)(out, content);
      return 0;
    } catch (error) {
      return this.inputError({
        reason: 'file-not-found',
        file: out,
        value: String((error as NodeJS.ErrnoException).code ?? error),
        expected: 'a file that can be written',
      });
    }
  }
}

const OUT = { out: { type: 'string' } } as const;
const LANG = { lang: { type: 'string' } } as const;

function modelJson(model: ProcessModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

function nameOption(name: string | undefined): LocalizedText | undefined {
  if (name === undefined) return undefined;
  return /[\u3400-\u9fff]/u.test(name) ? { zh: name } : { en: name };
}

async function fromTable(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      sheet: { type: 'string' },
      encoding: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      ...OUT,
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) return io.usage('give exactly one step table FILE (.csv or .xlsx)');
  const file = positionals[0]!;
  if (!/\.(csv|txt|xlsx)$/i.test(file))
    return io.usage(`a step table is a .csv or .xlsx file, not "${file}"`);
  const loaded = await loadModel(file, {
    ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
    ...(values.encoding !== undefined ? { encoding: values.encoding } : {}),
  });
  if (!loaded.ok) return io.inputError(loaded.error);
  io.warn(loaded.warnings);
  const name = nameOption(values.name);
  const model = {
    ...loaded.model,
    ...(values.id !== undefined ? { id: values.id } : {}),
    ...(name ? { name } : {}),
  };
  return io.write(values.out, modelJson(model));
}

async function template(args: string[], io: CommandIo, context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string' }, ...LANG, ...OUT },
    allowPositionals: true,
  });
  if (positionals.length > 0) return io.usage(`unexpected "${positionals[0]}"`);
  const language = pickLanguage(values.lang, context.locale);
  const format = values.format ?? (values.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
  if (format === 'csv') return io.write(values.out, stepTableTemplateCsv(language));
  if (format !== 'xlsx') return io.usage(`--format takes csv or xlsx, not "${format}"`);
  if (values.out === undefined) return io.usage('an Excel template needs --out FILE.xlsx');
  return io.write(values.out, await stepTableTemplateXlsx(language));
}

const MEASURES: StepDurationMeasure[] = ['until-next', 'since-previous', 'processing'];

function parseMeasure(text: string | undefined): StepDurationMeasure | undefined | 'invalid' {
  if (text === undefined) return undefined;
  return MEASURES.find((measure) => measure === text) ?? 'invalid';
}

/** A share given as "80%", "80" or "0.8" → 0.8; undefined when it is not one. */
function parseShare(text: string): number | undefined {
  const trimmed = text.trim();
  const value = Number(trimmed.replace(/%$/, ''));
  if (!Number.isFinite(value) || value < 0) return undefined;
  const share = trimmed.endsWith('%') || value > 1 ? value / 100 : value;
  return share <= 1 ? share : undefined;
}

async function discover(args: string[], io: CommandIo, context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...LOG_INPUT_OPTIONS,
      'min-flow-count': { type: 'string' },
      'flow-coverage': { type: 'string' },
      'min-activity-share': { type: 'string' },
      measure: { type: 'string' },
      lanes: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      ...OUT,
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) return io.usage('give exactly one event LOG file');
  const options: DiscoverOptions = {};
  if (values['min-flow-count'] !== undefined) {
    const count = Number(values['min-flow-count']);
    if (!Number.isInteger(count) || count < 1)
      return io.usage(
        `--min-flow-count needs a positive whole number, not "${values['min-flow-count']}"`,
      );
    options.minFlowCount = count;
  }
  for (const [option, key] of [
    ['flow-coverage', 'flowCoverage'],
    ['min-activity-share', 'minActivityCaseShare'],
  ] as const) {
    const text = values[option];
    if (text === undefined) continue;
    const share = parseShare(text);
    if (share === undefined)
      return io.usage(`--${option} needs a share such as 80%, not "${text}"`);
    options[key] = share;
  }
  const measure = parseMeasure(values.measure);
  if (measure === 'invalid')
    return io.usage(`--measure takes ${MEASURES.join(', ')}, not "${values.measure}"`);
  if (measure) options.measure = measure;
  if (values.lanes !== undefined) {
    const opened = openFile(values.lanes);
    if (!opened.ok) return io.inputError(opened.error);
    const table = readCsvTable(opened.source);
    if (!table.ok) return io.inputError(table.error);
    const laneOfResource = new Map(
      table.table.rows.map((row) => [(row[0] ?? '').trim(), (row[1] ?? '').trim()]),
    );
    options.laneOf = (resource) => laneOfResource.get(resource) || undefined;
  }
  if (values.id !== undefined) options.id = values.id;
  const name = nameOption(values.name);
  if (name) options.name = name;
  const read = await readLogInput(positionals[0]!, values, context, io.command);
  if (!read.ok) return read.exitCode;
  if (read.input.workingTime) options.workingTime = read.input.workingTime;
  const model = discoverProcessModel(read.input.log, options);
  return io.write(values.out, modelJson(model));
}

async function importModel(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...OUT }, allowPositionals: true });
  if (positionals.length !== 1) return io.usage('give exactly one BPMN FILE');
  const loaded = await loadModel(positionals[0]!);
  if (!loaded.ok) return io.inputError(loaded.error);
  io.warn(loaded.warnings);
  return io.write(values.out, modelJson(loaded.model));
}

async function draw(args: string[], io: CommandIo, context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'color-by': { type: 'string' },
      'no-durations': { type: 'boolean' },
      title: { type: 'string' },
      sheet: { type: 'string' },
      ...LANG,
      ...OUT,
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) return io.usage('give exactly one MODEL file');
  const language = pickLanguage(values.lang, context.locale);
  const colorBy = values['color-by'];
  if (colorBy !== undefined && !['measured', 'estimated', 'cases'].includes(colorBy))
    return io.usage(`--color-by takes measured, estimated or cases, not "${colorBy}"`);
  const loaded = await loadModel(
    positionals[0]!,
    values.sheet !== undefined ? { sheet: values.sheet } : {},
  );
  if (!loaded.ok) return io.inputError(loaded.error);
  io.warn(loaded.warnings);
  const { model } = loaded;
  const showDurations = !values['no-durations'];
  // Boxes sized for the one language shown, without room for badges not drawn.
  const layout = layoutSwimlanes(model, { language, showDurations });
  const svg = renderSwimlaneSvg(model, layout, {
    language,
    showDurations,
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(colorBy !== undefined
      ? { colorBy: stepFigures(model, colorBy as StepFigure, language) }
      : {}),
  });
  return io.write(values.out, svg);
}

type StepFigure = 'measured' | 'estimated' | 'cases';

/** A figure per step for colouring the chart, with its label and format. */
function stepFigures(model: ProcessModel, figure: StepFigure, language: Language) {
  const values = new Map<string, number>();
  let workingDayMs: number | undefined;
  for (const step of model.steps) {
    if (figure === 'cases' && step.cases !== undefined) values.set(step.id, step.cases);
    if (figure === 'estimated' && step.estimated) values.set(step.id, estimateToMs(step.estimated));
    if (figure === 'measured' && step.measured) {
      const working = step.measured.working;
      workingDayMs ??= working?.workingDayMs;
      values.set(step.id, working ? working.medianMs : step.measured.calendar.medianMs);
    }
  }
  const zh = language === 'zh';
  const label =
    figure === 'cases'
      ? zh
        ? '案例数'
        : 'cases'
      : figure === 'estimated'
        ? zh
          ? '预计耗时'
          : 'estimated duration'
        : zh
          ? '实测中位耗时'
          : 'measured median duration';
  const format =
    figure === 'cases'
      ? (value: number) => value.toLocaleString(zh ? 'zh-CN' : 'en-US')
      : workingDayMs !== undefined
        ? (value: number) => formatWorkingDuration(value, workingDayMs!, language)
        : (value: number) => formatDuration(value, language);
  return { values, label, format };
}

async function exportModel(args: string[], io: CommandIo, context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { format: { type: 'string' }, sheet: { type: 'string' }, ...LANG, ...OUT },
    allowPositionals: true,
  });
  if (positionals.length !== 1) return io.usage('give exactly one MODEL file');
  const format = values.format ?? (/\.(bpmn|xml)$/i.test(values.out ?? '') ? 'bpmn' : 'json');
  if (format !== 'bpmn' && format !== 'json')
    return io.usage(`--format takes bpmn or json, not "${format}"`);
  const loaded = await loadModel(
    positionals[0]!,
    values.sheet !== undefined ? { sheet: values.sheet } : {},
  );
  if (!loaded.ok) return io.inputError(loaded.error);
  io.warn(loaded.warnings);
  if (format === 'json') return io.write(values.out, modelJson(loaded.model));
  const language = pickLanguage(values.lang, context.locale);
  return io.write(
    values.out,
    exportBpmn(loaded.model, layoutSwimlanes(loaded.model, { language }), { language }),
  );
}

async function diff(args: string[], io: CommandIo, context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      format: { type: 'string' },
      'above-below': { type: 'boolean' },
      overlay: { type: 'boolean' },
      ...LANG,
      ...OUT,
    },
    allowPositionals: true,
  });
  if (positionals.length !== 2) return io.usage('give two MODEL files: A (before) and B (after)');
  const format =
    values.format ??
    (values.out?.toLowerCase().endsWith('.svg')
      ? 'svg'
      : values.out?.toLowerCase().endsWith('.json')
        ? 'json'
        : 'text');
  if (!['text', 'json', 'svg'].includes(format))
    return io.usage(`--format takes text, json or svg, not "${format}"`);
  const language = pickLanguage(values.lang, context.locale);
  const models: ProcessModel[] = [];
  for (const file of positionals) {
    const loaded = await loadModel(file);
    if (!loaded.ok) return io.inputError(loaded.error);
    io.warn(loaded.warnings);
    models.push(loaded.model);
  }
  const [a, b] = models as [ProcessModel, ProcessModel];
  const changes = diffModels(a, b);
  if (format === 'json') return io.write(values.out, `${JSON.stringify(changes, null, 2)}\n`);
  const arrangement = values.overlay
    ? 'overlay'
    : values['above-below']
      ? 'above-below'
      : 'side-by-side';
  if (format === 'svg')
    return io.write(values.out, renderDiffSvg(a, b, changes, { language, arrangement }));
  return io.write(values.out, renderDiffText(changes, language));
}

/** The diff as lines people read: one change per line, grouped. */
export function renderDiffText(changes: ModelDiff, language: Language): string {
  const zh = language === 'zh';
  const name = (text: LocalizedText | null) =>
    text === null ? (zh ? '（无泳道）' : '(no lane)') : displayName(text, language);
  const value = (field: string, item: unknown): string => {
    if (item === null || item === undefined) return '—';
    if (field === 'name') return name(item as LocalizedText);
    if (field === 'estimated') {
      const estimate = item as { text?: string; value: number; unit: string; basis: string };
      return (
        estimate.text ??
        `${estimate.value} ${estimate.basis === 'working' ? 'working ' : ''}${estimate.unit}s`
      );
    }
    if (Array.isArray(item)) return item.join(', ') || '—';
    return String(item);
  };
  const lines: string[] = [];
  const { steps, flows, lanes } = changes;
  if (changes.isSame) return `${zh ? '两个版本相同。' : 'The two versions are the same.'}\n`;
  const section = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(title, ...items.map((item) => `  ${item}`), '');
  };
  section(zh ? '环节' : 'Steps', [
    ...steps.added.map((step) => `+ ${name(step.name)}${zh ? '（新增）' : ' (added)'}`),
    ...steps.removed.map((step) => `- ${name(step.name)}${zh ? '（删除）' : ' (removed)'}`),
    ...steps.merged.map(
      (merge) =>
        `${zh ? '合并' : 'merged'}: ${merge.from.map((step) => name(step.name)).join(' + ')} → ${name(merge.into.name)}`,
    ),
    ...steps.split.map(
      (split) =>
        `${zh ? '拆分' : 'split'}: ${name(split.from.name)} → ${split.into.map((step) => name(step.name)).join(', ')}`,
    ),
    ...steps.moved.map(
      (move) =>
        `${zh ? '换泳道' : 'moved'}: ${name(move.step.name)}: ${name(move.fromLane)} → ${name(move.toLane)}`,
    ),
    ...steps.reordered.map(
      (move) =>
        `${zh ? '调整顺序' : 'reordered'}: ${name(move.step.name)}: ${zh ? '第' : 'position '}${move.fromIndex}${zh ? '位' : ''} → ${zh ? '第' : ''}${move.toIndex}${zh ? '位' : ''}`,
    ),
    ...steps.changed.map(
      (change) =>
        `~ ${name(change.step.name)}: ${change.changes
          .map(
            (field) =>
              `${field.field} ${value(field.field, field.before)} → ${value(field.field, field.after)}`,
          )
          .join('; ')}`,
    ),
  ]);
  const arrow = (flow: {
    from: { name: LocalizedText };
    to: { name: LocalizedText };
    condition?: string;
  }) =>
    `${name(flow.from.name)} → ${name(flow.to.name)}${flow.condition ? ` [${flow.condition}]` : ''}`;
  section(zh ? '流转' : 'Flows', [
    ...flows.added.map((flow) => `+ ${arrow(flow)}`),
    ...flows.removed.map((flow) => `- ${arrow(flow)}`),
    ...flows.changed.map(
      (change) =>
        `~ ${arrow({ ...change.flow, condition: undefined } as never)}: ${zh ? '条件' : 'condition'} ${change.before.condition ?? '—'} → ${change.after.condition ?? '—'}`,
    ),
  ]);
  section(zh ? '泳道' : 'Lanes', [
    ...lanes.added.map((lane) => `+ ${name(lane)}`),
    ...lanes.removed.map((lane) => `- ${name(lane)}`),
    ...lanes.renamed.map((lane) => `~ ${name(lane.before)} → ${name(lane.after)}`),
  ]);
  const ruleName = (rule: { id: string; kind: string; name?: LocalizedText }) =>
    `${rule.name ? name(rule.name) : rule.id} (${rule.kind})`;
  section(zh ? '规则' : 'Rules', [
    ...changes.rules.added.map((rule) => `+ ${ruleName(rule)}`),
    ...changes.rules.removed.map((rule) => `- ${ruleName(rule)}`),
    ...changes.rules.changed.map((rule) => `~ ${ruleName(rule)}`),
  ]);
  return `${lines.join('\n').trimEnd()}\n`;
}

async function compare(args: string[], io: CommandIo, context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...LOG_INPUT_OPTIONS,
      log: { type: 'string' },
      factor: { type: 'string' },
      measure: { type: 'string' },
      json: { type: 'boolean' },
      'model-sheet': { type: 'string' },
      ...LANG,
      ...OUT,
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1) return io.usage('give exactly one MODEL file');
  if (values.log === undefined) return io.usage('--log FILE is needed: the event log to measure');
  const factor = values.factor === undefined ? 2 : Number(values.factor);
  if (!(factor > 1)) return io.usage(`--factor needs a number above 1, not "${values.factor}"`);
  const measure = parseMeasure(values.measure);
  if (measure === 'invalid')
    return io.usage(`--measure takes ${MEASURES.join(', ')}, not "${values.measure}"`);
  const language = pickLanguage(values.lang, context.locale);
  const loaded = await loadModel(positionals[0]!);
  if (!loaded.ok) return io.inputError(loaded.error);
  io.warn(loaded.warnings);
  const read = await readLogInput(values.log, values, context, io.command);
  if (!read.ok) return read.exitCode;
  const attached = attachMeasurements(loaded.model, read.input.log, {
    ...(measure ? { measure } : {}),
    ...(read.input.workingTime ? { workingTime: read.input.workingTime } : {}),
  });
  if (attached.unmatchedSteps.length > 0) {
    const names = attached.unmatchedSteps.map((id) =>
      displayName(attached.model.steps.find((step) => step.id === id)!.name, language),
    );
    context.stderr.write(
      `pipewise ${io.command}: warning: no activity in the log is called ${names.map((n) => `"${n}"`).join(', ')}\n`,
    );
  }
  const rows = compareEstimates(attached.model, { factor });
  if (values.json)
    return io.write(values.out, `${JSON.stringify({ factor, steps: rows }, null, 2)}\n`);
  return io.write(values.out, renderComparison(rows, factor, language));
}

function renderComparison(rows: EstimateComparison[], factor: number, language: Language): string {
  const zh = language === 'zh';
  if (rows.length === 0)
    return `${zh ? '模型中没有带预计耗时的环节。' : 'No step of the model has an estimated duration.'}\n`;
  const verdicts: Record<EstimateComparison['verdict'], string> = zh
    ? {
        agrees: '一致',
        'longer-than-estimated': `⚠ 比预计长 ${factor} 倍以上`,
        'shorter-than-estimated': `⚠ 比预计短 ${factor} 倍以上`,
        'no-data': '无数据',
        'needs-working-time': '需要 --time working',
      }
    : {
        agrees: 'agrees',
        'longer-than-estimated': `⚠ over ${factor}× longer than estimated`,
        'shorter-than-estimated': `⚠ over ${factor}× shorter than estimated`,
        'no-data': 'no data',
        'needs-working-time': 'needs --time working',
      };
  const table = renderTable(
    zh
      ? ['环节', '预计', '实测中位数', '次数', '比值', '结论']
      : ['step', 'estimate', 'measured median', 'count', 'ratio', 'verdict'],
    rows.map((row) => [
      displayName(row.name, language),
      row.estimated.text ?? `${row.estimated.value} ${row.estimated.unit}`,
      row.measuredMedianMs === undefined
        ? '–'
        : row.workingDayMs !== undefined
          ? formatWorkingDuration(row.measuredMedianMs, row.workingDayMs, language)
          : formatDuration(row.measuredMedianMs, language),
      row.measuredCount === undefined ? '–' : String(row.measuredCount),
      row.ratio === undefined ? '–' : `${row.ratio.toFixed(2)}×`,
      verdicts[row.verdict],
    ]),
    [false, false, true, true, true, false],
  );
  return `${table.join('\n')}\n`;
}
