import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import {
  addProcessingTimes,
  addWorkingTime,
  analyzeLog,
  analyzeSegments,
  computeCaseDurations,
  type SegmentBreakdown,
  toWorkingTimeLog,
  workingDayMs,
} from '@pipewise/engine';
import {
  analyzeLogWithHelper,
  describeInputError,
  type InputError,
  renderHtmlReport,
} from '@pipewise/formats';
import { type CliContext, usageOf } from '../cli-context.ts';
import { LOG_INPUT_HELP, LOG_INPUT_OPTIONS, readLogInput } from '../log-input/read-log-input.ts';
import { formatInstant } from '../text/format.ts';
import { pickLanguage } from '../text/messages.ts';
import { durationFormatter, inWorkingTime, renderSummary } from './render-summary.ts';
import { toJsonDocument } from './to-json.ts';

export const ANALYZE_HELP = `Usage: pipewise analyze FILE [options]

Reads a CRM export or event log (CSV or Excel: one row per event; or XES) and prints the
process: variants, slowest hand-offs, bottlenecks, pass rates. Columns are
recognized from Salesforce, HubSpot, XES and Chinese CRM headers, or chosen.

${LOG_INPUT_HELP.columns}

${LOG_INPUT_HELP.reading}

Analysis
  --by ATTRIBUTE         every figure per value of a case attribute, e.g. --by Team

${LOG_INPUT_HELP.workingTime}
  With --time working, the JSON has ...WorkingMs beside every ...Ms.

${LOG_INPUT_HELP.filters}

Output
  --json                 print the figures as JSON (shape in docs/cli.md)
  --report FILE          also write a self-contained HTML report (process map, bottlenecks,
                         variants, pass rates, segments; printable on A4 landscape)
  --top N                rows per list in the summary (default 10)
  --lang en|zh           language of the summary (default: from LANG)
  --no-progress          no progress bar on stderr
  -h, --help             this help

Exit codes: 0 success, 1 bad input (located message on stderr), 2 bad usage.
Figures are defined in docs/metrics.md.`;

const OPTIONS = {
  ...LOG_INPUT_OPTIONS,
  by: { type: 'string' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  top: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `pipewise analyze`: returns the exit code. */
export async function runAnalyze(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    context.stdout.write(`${ANALYZE_HELP}\n`);
    return 0;
  }
  const usage = usageOf('analyze', context);
  if (positionals.length !== 1)
    return usage(positionals.length === 0 ? 'missing FILE' : 'give exactly one FILE');
  const file = positionals[0]!;

  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    return usage(`--top needs a positive whole number, not "${values.top}"`);
  const language = pickLanguage(values.lang, context.locale);
  const inputError = (error: InputError): number => {
    context.stderr.write(`pipewise analyze: ${describeInputError(error)}\n`);
    return 1;
  };
  const read = await readLogInput(file, values, context, 'analyze');
  if (!read.ok) return read.exitCode;
  const { log, workingTime, zone, caseFile, isCollapsed } = read.input;

  let segments: SegmentBreakdown | undefined;
  if (values.by !== undefined) {
    const result = analyzeSegments(log, values.by, (segment) => {
      const base = addProcessingTimes(segment, analyzeLog(segment));
      return workingTime ? addWorkingTime(segment, base, workingTime) : base;
    });
    if (!result.ok) {
      const available =
        result.available.length > 0
          ? result.available.map((name) => `"${name}"`).join(', ')
          : 'none (add --cases FILE or --case-columns)';
      return usage(`no case attribute "${values.by}"; case attributes are: ${available}`);
    }
    segments = result.breakdown;
  }
  const calendarAnalysis = addProcessingTimes(
    log,
    await analyzeLogWithHelper(log, context.helperThread),
  );
  const analysis = workingTime
    ? addWorkingTime(log, calendarAnalysis, workingTime)
    : calendarAnalysis;
  const parts = {
    filters: read.input.filters,
    time: workingTime
      ? {
          kind: 'working' as const,
          calendar: workingTime.calendar.name,
          dayMs: workingDayMs(workingTime.calendar),
        }
      : { kind: 'calendar' as const },
    analysis,
    report: read.input.report,
    isCollapsed,
    ...(caseFile ? { caseFile } : {}),
    ...(segments ? { segments } : {}),
  };

  // The summary is only made when shown or quoted by the report (it costs
  // ~10 ms on a log with tens of thousands of variants).
  const summary =
    !values.json || values.report !== undefined
      ? renderSummary({ ...parts, zone, top, language })
      : '';
  if (values.report !== undefined) {
    const html = renderHtmlReport({
      title: `Pipewise — ${file}`,
      analysis: parts.time.kind === 'working' ? inWorkingTime(analysis) : analysis,
      ...(segments ? { segments } : {}),
      language,
      formatDuration: durationFormatter(parts.time, language),
      formatInstant: (ms) => formatInstant(ms, zone),
      // The summary's first block says what was read and how.
      sourceLines: summary
        .split('\n\n')[0]!
        .split('\n')
        .map((line) => line.trim()),
      charts: {
        echartsScript: readFileSync(
          createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'),
          'utf8',
        ),
        caseDurationsMs: computeCaseDurations(
          workingTime ? toWorkingTimeLog(log, workingTime) : log,
        ),
      },
    });
    try {
      (context.writeFile ?? writeFileSync)(values.report, html);
    } catch (error) {
      return inputError({
        reason: 'file-not-found',
        file: values.report,
        value: String((error as NodeJS.ErrnoException).code ?? error),
        expected: 'a report file that can be written',
      });
    }
  }
  context.stdout.write(values.json ? `${JSON.stringify(toJsonDocument(parts))}\n` : summary);
  return 0;
}
