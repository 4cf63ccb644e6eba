import {
  type CaseFilter,
  findSlowestHandOff,
  type ProcessAnalysis,
  rankBottlenecks,
  type TimeZone,
} from '@pipewise/engine';
import {
  formatCount,
  formatDuration,
  formatInstant,
  formatPercent,
  formatWorkingDuration,
  renderTable,
  truncate,
} from '../text/format.ts';
import { type Language, MESSAGES } from '../text/messages.ts';
import type { AnalyzeOutcome, TimeBasis } from './to-json.ts';

export interface SummaryInput extends AnalyzeOutcome {
  /** The chosen time zone, to print instants in. */
  zone: TimeZone;
  /** Rows per list. */
  top: number;
  language: Language;
}

const PRESET_NAMES: Record<string, string> = {
  xes: 'XES (case:concept:name / concept:name / time:timestamp)',
  'salesforce-opportunity-history': 'Salesforce OpportunityHistory',
  'salesforce-opportunity-field-history': 'Salesforce OpportunityFieldHistory (Field = StageName)',
  'hubspot-deal-stage-history': 'HubSpot deal stage history',
  chinese: 'Chinese CRM export',
  generic: 'common column names',
  manual: 'columns chosen on the command line',
  'deal-snapshot': 'a deal table (--event-columns)',
  ocel: 'an object-centric log (OCEL)',
};

/** The readable summary `pipewise analyze` prints without `--json`. */
export function renderSummary(input: SummaryInput): string {
  const { report, language, top } = input;
  // With --time working every duration shown is the working-time one.
  const a = input.time.kind === 'working' ? inWorkingTime(input.analysis) : input.analysis;
  const all = input.time.kind === 'working' ? a : input.analysis;
  const t = MESSAGES[language];
  const n = (value: number): string => formatCount(value, language);
  const d = durationFormatter(input.time, language);
  const out: string[] = [];

  out.push(`${t.title} ${report.file}`);
  const columns = report.columns;
  const resource = columns.resource === null ? '' : `, resource=${columns.resource}`;
  if (report.format === 'csv' || report.format === 'xlsx') {
    out.push(
      report.format === 'xlsx'
        ? `  ${t.read}: ${n(report.rows)} ${t.rows} · Excel ${t.sheet} "${report.sheet}" · ${t.timeZone} ${report.timeZone}`
        : `  ${t.read}: ${n(report.rows)} ${t.rows} · ${t.encoding} ${report.encoding} · ${t.delimiter} "${report.delimiter}" · ${t.timeZone} ${report.timeZone}`,
    );
    out.push(
      `  ${t.columns}: case=${columns.case}, activity=${columns.activity}, timestamp=${columns.timestamp}${resource} (${t.preset} ${PRESET_NAMES[report.preset]})`,
    );
    if (report.filteredRows > 0) out.push(`  ${n(report.filteredRows)} ${t.filtered}`);
  } else if (report.objectType !== undefined) {
    out.push(
      `  ${t.read}: ${n(report.rows)} ${t.xesEvents} (OCEL) · ${t.objectType} "${report.objectType}" · ${t.timeZone} ${report.timeZone}`,
    );
  } else {
    out.push(
      `  ${t.read}: ${n(report.rows)} ${t.xesEvents} (${report.format.toUpperCase()}) · ${t.timeZone} ${report.timeZone}`,
    );
    if (report.filteredRows > 0) out.push(`  ${n(report.filteredRows)} ${t.lifecycleFiltered}`);
  }
  if (report.skipped.rows > 0) {
    out.push(`  ${t.skipped}: ${n(report.skipped.rows)}`);
    for (const example of report.skipped.examples) {
      out.push(
        `    line ${example.line}: ${example.reason}${example.value !== undefined ? ` "${example.value}"` : ''}`,
      );
    }
  }
  if (input.caseFile) {
    const c = input.caseFile;
    out.push(
      `  ${t.caseFile} ${c.file} (key ${c.key}): ${n(c.matchedRows)}/${n(c.rows)} ${t.matched}; ${n(c.casesWithoutRow)} ${t.casesWithout}`,
    );
  }
  if (input.isCollapsed) out.push(`  ${t.collapsed}`);
  if (input.time.kind === 'working') out.push(`  ${t.workingTime} (${input.time.calendar})`);
  for (const { filter, casesBefore, casesAfter } of input.filters) {
    out.push(
      `  ${t.filter} ${describeFilter(filter, input.zone)}: ${n(casesAfter)} ${t.of} ${n(casesBefore)} ${t.cases}`,
    );
  }
  const pairs = a.events - a.cases;
  const repeats = a.dfg.reduce((sum, arc) => sum + (arc.from === arc.to ? arc.count : 0), 0);
  if (!input.isCollapsed && pairs > 0 && repeats / pairs >= 0.3) {
    out.push(`  ${formatPercent(repeats / pairs)} ${t.repeatsHint}`);
  }

  out.push('', t.overview);
  out.push(
    `  ${n(a.events)} ${t.events} · ${n(a.cases)} ${t.cases} · ${n(a.activities)} ${t.activities} · ${n(a.resources)} ${t.resources}`,
  );
  out.push(
    `  ${t.period}: ${formatInstant(a.firstEventMs, input.zone)} → ${formatInstant(a.lastEventMs, input.zone)}`,
  );
  const cd = a.caseDuration;
  out.push(
    `  ${t.caseDuration}: ${t.mean} ${d(cd.meanMs)} · ${t.median} ${d(cd.medianMs)} · ${t.p90} ${d(cd.p90Ms)} · ${t.max} ${d(cd.maxMs)}`,
  );

  const listCounts = (items: { activity: string; count: number }[]): string =>
    items
      .slice(0, top)
      .map((item) => `${item.activity} ${n(item.count)}`)
      .join(' · ') + (items.length > top ? ` · … (+${items.length - top})` : '');
  out.push('', `${t.start}: ${listCounts(a.start)}`, `${t.end}: ${listCounts(a.end)}`);

  out.push(
    '',
    `${t.variants} (${n(Math.min(top, a.variants.length))} ${t.of} ${n(a.variants.length)})`,
  );
  out.push(
    ...renderTable(
      ['#', t.cases, '%', t.activities],
      a.variants
        .slice(0, top)
        .map((variant, k) => [
          String(k + 1),
          n(variant.cases),
          formatPercent(variant.cases / a.cases),
          truncate(variant.activities.join(' → '), 110),
        ]),
      [true, true, true, false],
    ),
  );

  const handOffs = a.dfg
    .filter((arc) => arc.from !== arc.to)
    .sort((x, y) => y.medianMs - x.medianMs || y.count - x.count)
    .slice(0, top);
  out.push('', t.slowest);
  out.push(
    ...renderTable(
      [`${t.from} → ${t.to}`, t.count, t.median, t.mean, t.p90, t.max],
      handOffs.map((arc) => [
        `${arc.from} → ${arc.to}`,
        n(arc.count),
        d(arc.medianMs),
        d(arc.meanMs),
        d(arc.p90Ms),
        d(arc.maxMs),
      ]),
      [false, true, true, true, true, true],
    ),
  );

  out.push('', t.bottlenecks);
  out.push(
    ...renderTable(
      ['#', `${t.from} → ${t.to}`, t.total, t.count, t.mean, t.median],
      a.bottlenecks.byTotal
        .slice(0, top)
        .map((arc, k) => [
          String(k + 1),
          `${arc.from} → ${arc.to}`,
          d(arc.totalMs),
          n(arc.count),
          d(arc.meanMs),
          d(arc.medianMs),
        ]),
      [true, false, true, true, true, true],
    ),
  );

  const origin = a.start[0];
  if (origin) {
    const rates = a.passRates
      .filter((rate) => rate.from === origin.activity)
      .sort((x, y) => y.rate - x.rate);
    out.push(
      '',
      `${t.passRates} ${origin.activity} (${n(rates[0]?.cases ?? origin.count)} ${t.cases})`,
    );
    out.push(
      ...renderTable(
        [t.to, t.cases, '%'],
        rates.slice(0, top).map((rate) => [rate.to, n(rate.reached), formatPercent(rate.rate)]),
        [false, true, true],
      ),
    );
  }

  // A process has a handful of stages: list them all unless there are many.
  const shownActivities = a.activityStats.length <= 30 ? a.activityStats.length : top;
  out.push('', t.activityTable);
  const hasProcessing = a.activityStats.some((stats) => stats.processing !== undefined);
  out.push(
    ...renderTable(
      [t.activity, t.events, t.cases, t.rework, ...(hasProcessing ? [t.processing] : [])],
      a.activityStats
        .slice(0, shownActivities)
        .map((s) => [
          s.activity,
          n(s.events),
          n(s.cases),
          n(s.reworkCases),
          ...(hasProcessing ? [s.processing ? d(s.processing.medianMs) : '–'] : []),
        ]),
      [false, true, true, true, true],
    ),
  );
  if (a.activityStats.length > shownActivities) {
    out.push(`  … (+${n(a.activityStats.length - shownActivities)} ${t.more})`);
  }

  if (input.segments) {
    out.push('', `${t.segments} ${input.segments.attribute}`);
    out.push(
      ...renderTable(
        [t.segment, t.cases, t.events, t.medianCaseDuration, t.topBottleneck, t.slowerThanAll],
        input.segments.segments.map(({ value, analysis: segment }) => {
          const shown = input.time.kind === 'working' ? inWorkingTime(segment) : segment;
          const worst = shown.bottlenecks.byTotal[0];
          const slower = findSlowestHandOff(shown.dfg, all.dfg);
          return [
            value ?? t.none,
            n(segment.cases),
            n(segment.events),
            d(shown.caseDuration.medianMs),
            worst ? `${worst.from} → ${worst.to} (${d(worst.totalMs)})` : '–',
            slower
              ? `${slower.from} → ${slower.to}: ${d(slower.medianMs)} ${t.versus} ${d(slower.overallMedianMs)} (×${slower.ratio.toFixed(1)})`
              : '–',
          ];
        }),
        [false, true, true, true, false, false],
      ),
    );
  }
  return `${out.join('\n')}\n`;
}

/** A filter as the options that made it. */
function describeFilter(filter: CaseFilter, zone: TimeZone): string {
  switch (filter.kind) {
    case 'period':
      return `--period ${formatInstant(filter.fromMs, zone)}..${formatInstant(filter.toMs, zone)} (${filter.mode})`;
    case 'attribute':
      return `--${filter.isExcluded ? 'where-not' : 'where'} ${filter.name}=${filter.values.join(',')}`;
    case 'activity':
      return `--${filter.isPresent ? 'with' : 'without'} ${filter.activity}`;
    case 'start-activity':
      return `--starts-with ${filter.activities.join(',')}`;
    case 'end-activity':
      return `--ends-with ${filter.activities.join(',')}`;
    case 'top-variants':
      return `--top-variants ${filter.count}`;
    case 'variant-coverage':
      return `--variant-coverage ${Math.round(filter.share * 1000) / 10}%`;
    case 'case-duration':
      return [
        filter.minMs > 0 ? `--min-duration ${formatDuration(filter.minMs, 'en')}` : '',
        Number.isFinite(filter.maxMs) ? `--max-duration ${formatDuration(filter.maxMs, 'en')}` : '',
      ]
        .filter(Boolean)
        .join(' ');
  }
}

/** Durations as the summary and the report show them: working days with --time working. */
export function durationFormatter(time: TimeBasis, language: Language): (ms: number) => string {
  return time.kind === 'working'
    ? (ms) => formatWorkingDuration(ms, time.dayMs, language)
    : (ms) => formatDuration(ms, language);
}

/** The analysis with its working-time durations in place of the calendar ones. */
export function inWorkingTime(analysis: ProcessAnalysis): ProcessAnalysis {
  const dfg = analysis.dfg.map((arc) => (arc.working ? { ...arc, ...arc.working } : arc));
  return {
    ...analysis,
    dfg,
    caseDuration: analysis.caseDuration.working ?? analysis.caseDuration,
    bottlenecks: rankBottlenecks(dfg),
  };
}
