import {
  CALENDARS,
  collapseRepeats,
  createWorkingTime,
  type EventLog,
  type FilterStep,
  filterCases,
  resolveTimeZone,
  type TimeZone,
  type WorkingTime,
  withDays,
} from '@pipewise/engine';
import {
  type CaseAttributeReport,
  describeInputError,
  type ImportReport,
  type InputError,
  joinCaseAttributes,
  openFile,
  parseDelimiterOption,
  parseEventColumns,
  readCsvTable,
  readEventLogFile,
  readHolidayFile,
} from '@pipewise/formats';
import { type FilterOptions, parseFilters } from '../analyze/parse-filters.ts';
import { type CliContext, usageOf } from '../cli-context.ts';
import { createProgressBar } from '../progress/progress-bar.ts';

/**
 * The options that say how to read an event log, shared by every command
 * that reads one (`analyze`, `model discover`, `model compare-estimates`):
 * columns, format, encoding, time zone, case attributes, working time and
 * filters. Their help is `LOG_INPUT_HELP`.
 */
export const LOG_INPUT_OPTIONS = {
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
  'no-progress': { type: 'boolean' },
} as const;

export const LOG_INPUT_HELP = {
  columns: `Columns
  --case NAME            case (opportunity) id column
  --activity NAME        activity (stage) column
  --timestamp NAME       timestamp column
  --resource NAME        resource (owner, user) column
  --case-columns A,B     event columns to keep as case attributes (latest value per case)`,
  reading: `Reading
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
  --collapse-repeats     treat consecutive events with the same activity as one
                         (stage histories that log every amount change)`,
  workingTime: `Working time
  --time calendar|working
                         durations in calendar time (default) or working time
  --calendar NAME        mon-fri (default: Monday–Friday 09–17) or cn (mainland China:
                         09–12 and 13–18, public holidays and 调休 of 2025–2026)
  --holidays FILE        more days off and make-up workdays, from .ics or .csv`,
  filters: `Filters (whole cases; applied in this order, after --collapse-repeats)
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
  --variant-coverage P%  cases of the most frequent variants that cover P% of cases`,
};

/** The parsed values of `LOG_INPUT_OPTIONS` (node:util's parseArgs). */
export type LogInputValues = FilterOptions & {
  case?: string;
  activity?: string;
  timestamp?: string;
  resource?: string;
  'case-columns'?: string;
  encoding?: string;
  delimiter?: string;
  tz?: string;
  'skip-invalid'?: boolean;
  format?: string;
  lifecycle?: string;
  sheet?: string;
  'event-columns'?: string;
  'object-type'?: string;
  cases?: string;
  'case-key'?: string;
  'cases-encoding'?: string;
  'collapse-repeats'?: boolean;
  time?: string;
  calendar?: string;
  holidays?: string;
  'no-progress'?: boolean;
};

/** A log read, joined, collapsed and filtered as the options say. */
export interface LogInput {
  log: EventLog;
  report: ImportReport;
  zone: TimeZone;
  workingTime: WorkingTime | undefined;
  filters: FilterStep[];
  isCollapsed: boolean;
  caseFile?: CaseAttributeReport;
}

/**
 * Reads the event log `file` as `values` say. On bad usage or bad input it
 * writes the message (prefixed `pipewise COMMAND:`) and gives the exit code
 * (2 or 1) instead.
 */
export async function readLogInput(
  file: string,
  values: LogInputValues,
  context: CliContext,
  command: string,
  needs: { resources: boolean } = { resources: true },
): Promise<{ ok: true; input: LogInput } | { ok: false; exitCode: number }> {
  const usage = (message: string) => ({
    ok: false as const,
    exitCode: usageOf(command, context)(message),
  });
  const inputError = (error: InputError) => {
    context.stderr.write(`pipewise ${command}: ${describeInputError(error)}\n`);
    return { ok: false as const, exitCode: 1 };
  };

  const zoneName = values.tz ?? context.defaultTimeZone;
  const zoneResult = resolveTimeZone(zoneName);
  if (!zoneResult.ok)
    return usage(
      `unknown time zone "${zoneName}" (use an IANA name such as Asia/Shanghai, or an offset such as +08:00)`,
    );
  if (values.delimiter !== undefined && parseDelimiterOption(values.delimiter) === undefined) {
    return usage(`unknown delimiter "${values.delimiter}" (use , ; | or tab)`);
  }
  if (values['case-key'] !== undefined && values.cases === undefined)
    return usage('--case-key needs --cases FILE');
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

  const columns = {
    ...(values.case !== undefined ? { case: values.case } : {}),
    ...(values.activity !== undefined ? { activity: values.activity } : {}),
    ...(values.timestamp !== undefined ? { timestamp: values.timestamp } : {}),
    ...(values.resource !== undefined ? { resource: values.resource } : {}),
    ...(needs.resources ? {} : { withoutResource: true }),
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

  const progress = createProgressBar(
    values['no-progress'] ? { write: () => true } : context.stderr,
    'reading',
    context.now,
  );
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
        `pipewise ${command}: warning: no row of ${caseFile.file} matched a case by its column "${caseFile.key}"; choose the key column with --case-key\n`,
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
  return {
    ok: true,
    input: {
      log: filtered.log,
      report: read.report,
      zone: zoneResult.zone,
      workingTime,
      filters: filtered.steps,
      isCollapsed,
      ...(caseFile ? { caseFile } : {}),
    },
  };
}
