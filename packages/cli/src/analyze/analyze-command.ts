import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import {
  addProcessingTimes,
  addWorkingTime,
  analyzeLog,
  analyzeSegments,
  CALENDARS,
  collapseRepeats,
  computeCaseDurations,
  createWorkingTime,
  type EventLog,
  filterCases,
  resolveTimeZone,
  type SegmentBreakdown,
  toWorkingTimeLog,
  type WorkingTime,
  withDays,
} from '@pipewise/engine';
import {
  analyzeLogWithHelper,
  type CaseAttributeReport,
  describeInputError,
  type InputError,
  joinCaseAttributes,
  openFile,
  parseDelimiterOption,
  parseEventColumns,
  readCsvTable,
  readEventLogFile,
  readHolidayFile,
  renderHtmlReport,
} from '@pipewise/formats';
import type { CliContext } from '../cli-context.ts';
import { createProgressBar } from '../progress/progress-bar.ts';
import { formatInstant } from '../text/format.ts';
import { pickLanguage } from '../text/messages.ts';
import { parseFilters } from './parse-filters.ts';
import { durationFormatter, inWorkingTime, renderSummary } from './render-summary.ts';
import { toJsonDocument } from './to-json.ts';

export const ANALYZE_HELP = `Usage: pipewise analyze FILE [options]

Reads a CRM export or event log (CSV or Excel: one row per event; or XES) and prints the
process: variants, slowest hand-offs, bottlenecks, pass rates. Columns are
recognized from Salesforce, HubSpot, XES and Chinese CRM headers, or chosen.

Columns
  --case NAME            case (opportunity) id column
  --activity NAME        activity (stage) column
  --timestamp NAME       timestamp column
  --resource NAME        resource (owner, user) column
  --case-columns A,B     event columns to keep as case attributes (latest value per case)

Reading
  --format FORMAT        csv, xlsx, xes or ocel (default: by extension — .xlsx is
                         Excel, .xes/.xes.gz XES, .jsonocel/.xmlocel OCEL — else by content)
  --object-type TYPE     OCEL: the object type whose objects are the cases
  --sheet NAME           Excel: the sheet to read (default: the first)
  --event-columns SPEC   a deal table, one row per deal: its date columns are events,
                         e.g. "engage_date:Engaged,close_date:{deal_stage}" ({COL}: the
                         activity is that column's value); --case names the deal id
  --lifecycle complete|all
                         XES: keep only events whose lifecycle:transition is
                         complete (default), or all of them
  --encoding NAME        utf-8, utf-16, gbk/gb18030, latin1 (default: detected)
  --delimiter CHAR       , ; | or tab (default: detected)
  --tz ZONE              zone for timestamps without offset, e.g. Asia/Shanghai, +08:00,
                         UTC-05:00 (or --tz=-05:00)
                         (default: this machine's zone)
  --skip-invalid         skip bad rows (reported) instead of stopping at the first
  --cases FILE           CSV of case attributes (team, region, amount, owner, outcome)
  --case-key NAME        key column in --cases (default: the event file's case column,
                         else Id, OpportunityId, Deal ID, 商机编号, …)
  --cases-encoding NAME  encoding of --cases (default: detected)

Analysis
  --collapse-repeats     treat consecutive events with the same activity as one
                         (stage histories that log every amount change)
  --by ATTRIBUTE         every figure per value of a case attribute, e.g. --by Team

Working time
  --time calendar|working
                         durations in calendar time (default) or working time; JSON
                         then has ...WorkingMs beside every ...Ms
  --calendar NAME        mon-fri (default: Monday–Friday 09–17) or cn (mainland China:
                         09–12 and 13–18, public holidays and 调休 of 2025–2026)
  --holidays FILE        more days off and make-up workdays, from .ics or .csv

Filters (whole cases; applied in this order, after --collapse-repeats)
  --period FROM..TO      cases in a period, e.g. 2024-01-01..2024-07-01 (TO excluded;
                         either end may be left out)
  --period-mode MODE     active (default: some of the case is in it), starting,
                         ending, contained
  --where ATTR=V1,V2     cases whose attribute has one of the values (repeatable)
  --where-not ATTR=V     cases whose attribute has none of them (repeatable)
  --with ACTIVITY        cases that contain the activity (repeatable)
  --without ACTIVITY     cases that do not (repeatable)
  --starts-with A,B      cases whose first activity is one of these
  --ends-with A,B        cases whose last activity is one of these (e.g. drop open
                         deals: --ends-with "Closed Won,Closed Lost")
  --min-duration D       cases lasting at least D (30m, 48h, 3d, 2w)
  --max-duration D       cases lasting at most D
  --top-variants N       cases of the N most frequent variants
  --variant-coverage P%  cases of the most frequent variants that cover P% of cases

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
  case: { type: 'string' },
  activity: { type: 'string' },
  timestamp: { type: 'string' },
  resource: { type: 'string' },
  'case-columns': { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  tz: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  format: { type: 'string' },
  lifecycle: { type: 'string' },
  sheet: { type: 'string' },
  'event-columns': { type: 'string' },
  'object-type': { type: 'string' },
  cases: { type: 'string' },
  'case-key': { type: 'string' },
  'cases-encoding': { type: 'string' },
  'collapse-repeats': { type: 'boolean' },
  by: { type: 'string' },
  period: { type: 'string' },
  'period-mode': { type: 'string' },
  where: { type: 'string', multiple: true },
  'where-not': { type: 'string', multiple: true },
  with: { type: 'string', multiple: true },
  without: { type: 'string', multiple: true },
  'starts-with': { type: 'string' },
  'ends-with': { type: 'string' },
  'min-duration': { type: 'string' },
  'max-duration': { type: 'string' },
  'top-variants': { type: 'string' },
  'variant-coverage': { type: 'string' },
  time: { type: 'string' },
  calendar: { type: 'string' },
  holidays: { type: 'string' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  top: { type: 'string' },
  lang: { type: 'string' },
  'no-progress': { type: 'boolean' },
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
  const usage = (message: string): number => {
    context.stderr.write(
      `pipewise analyze: ${message}\nRun "pipewise analyze --help" for the options.\n`,
    );
    return 2;
  };
  if (positionals.length !== 1)
    return usage(positionals.length === 0 ? 'missing FILE' : 'give exactly one FILE');
  const file = positionals[0]!;

  const zoneName = values.tz ?? context.defaultTimeZone;
  const zoneResult = resolveTimeZone(zoneName);
  if (!zoneResult.ok)
    return usage(
      `unknown time zone "${zoneName}" (use an IANA name such as Asia/Shanghai, or an offset such as +08:00)`,
    );
  if (values.delimiter !== undefined && parseDelimiterOption(values.delimiter) === undefined) {
    return usage(`unknown delimiter "${values.delimiter}" (use , ; | or tab)`);
  }
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    return usage(`--top needs a positive whole number, not "${values.top}"`);
  if (values['case-key'] !== undefined && values.cases === undefined)
    return usage('--case-key needs --cases FILE');
  const language = pickLanguage(values.lang, context.locale);
  const inputError = (error: InputError): number => {
    context.stderr.write(`pipewise analyze: ${describeInputError(error)}\n`);
    return 1;
  };
  const time = values.time ?? 'calendar';
  if (time !== 'calendar' && time !== 'working')
    return usage(`--time takes calendar or working, not "${time}"`);
  if (time === 'calendar' && (values.calendar !== undefined || values.holidays !== undefined)) {
    return usage('--calendar and --holidays need --time working');
  }
  let workingTime: WorkingTime | undefined;
  if (time === 'working') {
    const base = CALENDARS[values.calendar ?? 'mon-fri'];
    if (!base)
      return usage(
        `unknown calendar "${values.calendar}" (use ${Object.keys(CALENDARS).join(' or ')})`,
      );
    let calendar = base;
    if (values.holidays !== undefined) {
      const days = readHolidayFile(values.holidays);
      if (!days.ok) return inputError(days.error);
      calendar = withDays(base, days.list, `${base.name} + ${values.holidays}`);
    }
    workingTime = createWorkingTime(calendar, zoneResult.zone);
  }
  const parsedFilters = parseFilters(values, zoneResult.zone);
  if (!parsedFilters.ok) return usage(parsedFilters.message);

  const progress = createProgressBar(
    values['no-progress'] ? { write: () => true } : context.stderr,
    'reading',
    context.now,
  );
  const columns = {
    ...(values.case !== undefined ? { case: values.case } : {}),
    ...(values.activity !== undefined ? { activity: values.activity } : {}),
    ...(values.timestamp !== undefined ? { timestamp: values.timestamp } : {}),
    ...(values.resource !== undefined ? { resource: values.resource } : {}),
    ...(values['case-columns'] !== undefined
      ? {
          caseColumns: values['case-columns']
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
        }
      : {}),
  };
  const formats = ['csv', 'xlsx', 'xes', 'ocel'] as const;
  const format = formats.find((name) => name === values.format);
  if (values.format !== undefined && format === undefined) {
    return usage(`unknown format "${values.format}" (use csv, xlsx, xes or ocel)`);
  }
  if (
    values.lifecycle !== undefined &&
    values.lifecycle !== 'complete' &&
    values.lifecycle !== 'all'
  ) {
    return usage(`--lifecycle takes complete or all, not "${values.lifecycle}"`);
  }
  const eventColumns =
    values['event-columns'] === undefined ? undefined : parseEventColumns(values['event-columns']);
  if (eventColumns && !eventColumns.ok) return usage(eventColumns.message);
  const read = await readEventLogFile(file, {
    ...(format !== undefined ? { format } : {}),
    ...(values['object-type'] !== undefined ? { objectType: values['object-type'] } : {}),
    ...(values.lifecycle !== undefined ? { lifecycle: values.lifecycle } : {}),
    ...(values.sheet !== undefined ? { sheet: values.sheet } : {}),
    ...(eventColumns ? { eventColumns: eventColumns.eventColumns } : {}),
    timeZone: zoneResult.zone,
    columns,
    ...(values.encoding !== undefined ? { encoding: values.encoding } : {}),
    ...(values.delimiter !== undefined ? { delimiter: values.delimiter } : {}),
    skipInvalid: values['skip-invalid'] ?? false,
    ...(context.helperThread ? { helperThread: context.helperThread } : {}),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.finish();
  if (!read.ok) return inputError(read.error);

  let log: EventLog = read.log;
  let caseFile: CaseAttributeReport | undefined;
  if (values.cases !== undefined) {
    const casesSource = openFile(values.cases);
    if (!casesSource.ok) return inputError(casesSource.error);
    const table = readCsvTable(casesSource.source, {
      ...(values['cases-encoding'] !== undefined ? { encoding: values['cases-encoding'] } : {}),
    });
    if (!table.ok) return inputError(table.error);
    const joined = joinCaseAttributes(
      log,
      table.table,
      values['case-key'],
      read.report.columns.case,
    );
    if (!joined.ok) return inputError(joined.error);
    log = joined.log;
    caseFile = joined.report;
    if (caseFile.rows > 0 && caseFile.matchedRows === 0) {
      context.stderr.write(
        `pipewise analyze: warning: no row of ${caseFile.file} matched a case by its column "${caseFile.key}"; choose the key column with --case-key\n`,
      );
    }
  }
  const isCollapsed = values['collapse-repeats'] ?? false;
  if (isCollapsed) log = collapseRepeats(log);

  const filtered = filterCases(log, parsedFilters.filters);
  if (!filtered.ok) {
    const available =
      filtered.available.length > 0
        ? filtered.available.map((name) => `"${name}"`).join(', ')
        : 'none';
    return usage(
      `no case attribute "${filtered.attribute}" to filter on; case attributes are: ${available}`,
    );
  }
  log = filtered.log;

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
    filters: filtered.steps,
    time: workingTime
      ? {
          kind: 'working' as const,
          calendar: workingTime.calendar.name,
          dayMs: workingTime.calendar.weeklyHours[0]!.reduce(
            (sum, [start, end]) => sum + (end - start) * 60_000,
            0,
          ),
        }
      : { kind: 'calendar' as const },
    analysis,
    report: read.report,
    isCollapsed,
    ...(caseFile ? { caseFile } : {}),
    ...(segments ? { segments } : {}),
  };

  // The summary is only made when shown or quoted by the report (it costs
  // ~10 ms on a log with tens of thousands of variants).
  const summary =
    !values.json || values.report !== undefined
      ? renderSummary({ ...parts, zone: zoneResult.zone, top, language })
      : '';
  if (values.report !== undefined) {
    const html = renderHtmlReport({
      title: `Pipewise — ${file}`,
      analysis: parts.time.kind === 'working' ? inWorkingTime(analysis) : analysis,
      ...(segments ? { segments } : {}),
      language,
      formatDuration: durationFormatter(parts.time, language),
      formatInstant: (ms) => formatInstant(ms, zoneResult.zone),
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
