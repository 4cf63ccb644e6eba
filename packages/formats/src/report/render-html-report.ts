import type { DirectlyFollowsArc, ProcessAnalysis, SegmentBreakdown } from '@pipewise/engine';
import { findSlowestHandOff } from '@pipewise/engine';

export type ReportLanguage = 'en' | 'zh';

export interface ReportInput {
  title: string;
  analysis: ProcessAnalysis;
  segments?: SegmentBreakdown;
  language: ReportLanguage;
  /** Formats a duration for people (the CLI's formatter, in calendar or working time). */
  formatDuration: (ms: number) => string;
  /** Formats an instant (in the chosen time zone). */
  formatInstant: (utcMs: number) => string;
  /** Lines saying what was read and how (file, columns, filters…). */
  sourceLines: string[];
  /**
   * Charts (Apache ECharts, inlined so the page needs no network): the source
   * of `echarts.min.js`, and each case's duration for the distribution chart.
   */
  charts?: { echartsScript: string; caseDurationsMs: ArrayLike<number> };
}

const TEXT = {
  en: {
    overview: 'Overview',
    events: 'events',
    cases: 'cases',
    activities: 'activities',
    period: 'period',
    caseDuration: 'Case duration',
    mean: 'mean',
    median: 'median',
    p90: 'p90',
    max: 'max',
    map: 'Process map',
    mapHelp:
      'Boxes are activities; an arrow A → B means B came right after A in a case. Thicker: more often. Redder: longer median time.',
    detail: 'Show hand-offs seen at least',
    times: 'times',
    bottlenecks: 'Bottleneck ranking',
    variants: 'Most frequent variants',
    passRates: 'Stage pass rates from',
    activityTable: 'Activities',
    segments: 'Segments by',
    from: 'from',
    to: 'to',
    count: 'count',
    total: 'total',
    rework: 'rework cases',
    share: 'share',
    reached: 'reached',
    segment: 'segment',
    slowest: 'slowest hand-off vs. all cases (median)',
    source: 'What was read',
    defCount: 'How many times B came right after A in a case.',
    defMedian:
      'Median time from A to B: half of the hand-offs took less (linear interpolation, as numpy).',
    defTotal: 'Total waiting time = count × mean: where the most time goes.',
    defPass: 'Of the cases that reach the first activity, the share that reach this one later.',
    defRework: 'Cases in which the activity happens more than once.',
    defCaseDuration: 'From the first to the last event of a case.',
    defMean: 'Total of the durations divided by their number.',
    defVariant: 'A variant is the sequence of activities of a case.',
    defVariantCases: 'Cases that followed exactly this sequence.',
    defVariantShare: 'Cases of the variant ÷ all cases.',
    defEvents: 'Events of the activity.',
    defAllEvents: 'Events in the log after the filters: one row (or XES event) each.',
    defAllCases: 'Cases (deals) in the log after the filters.',
    defAllActivities: 'Distinct activity names.',
    defCaseMedian:
      'Median: half of the cases take less (linear interpolation between the two middle values, as numpy).',
    defP90: '90th percentile: 9 cases in 10 take at most this long (linear interpolation).',
    defReached: 'Cases that reach this activity after their first event of the first activity.',
    defSegmentCases: 'Cases with this value of the attribute.',
    defActivityCases: 'Cases with at least one event of the activity.',
    defSlowest:
      'Among hand-offs seen at least 5 times in the segment: the highest ratio of its median to the same hand-off’s median in all cases.',
    generated: 'Figures are defined in docs/metrics.md of Pipewise.',
    distribution: 'Distribution of case durations',
  },
  zh: {
    overview: '概览',
    events: '事件',
    cases: '案例',
    activities: '活动',
    period: '时间范围',
    caseDuration: '案例耗时',
    mean: '平均',
    median: '中位数',
    p90: 'P90',
    max: '最大',
    map: '流程图',
    mapHelp:
      '方框是活动;箭头 A → B 表示在同一案例中 B 紧接在 A 之后。线越粗越频繁,颜色越红中位耗时越长。',
    detail: '只显示出现次数不少于',
    times: '次的交接',
    bottlenecks: '瓶颈排名',
    variants: '主要流程变体',
    passRates: '阶段通过率,起点:',
    activityTable: '活动',
    segments: '分组:',
    from: '从',
    to: '到',
    count: '次数',
    total: '总计',
    rework: '返工案例',
    share: '占比',
    reached: '到达',
    segment: '分组',
    slowest: '相对全部案例最慢的交接(中位数)',
    source: '数据来源',
    defCount: '在同一案例中 B 紧接在 A 之后的次数。',
    defMedian: '从 A 到 B 的中位耗时:一半的交接用时更短(线性插值,同 numpy)。',
    defTotal: '总等待时间 = 次数 × 平均耗时:时间主要花在哪里。',
    defPass: '到达起始活动的案例中,之后到达该活动的比例。',
    defRework: '该活动出现不止一次的案例数。',
    defCaseDuration: '从案例的第一个事件到最后一个事件。',
    defMean: '耗时总和除以个数。',
    defVariant: '变体是一个案例所经历的活动序列。',
    defVariantCases: '恰好按此序列进行的案例数。',
    defVariantShare: '该变体的案例数 ÷ 全部案例数。',
    defEvents: '该活动的事件数。',
    defAllEvents: '筛选后日志中的事件数：每行（或每个 XES 事件）一个。',
    defAllCases: '筛选后日志中的案例（商机）数。',
    defAllActivities: '不同活动名称的个数。',
    defCaseMedian: '中位数：一半案例用时更短（两个中间值之间线性插值，同 numpy）。',
    defP90: '第 90 百分位：每 10 个案例中有 9 个不超过此时长（线性插值）。',
    defReached: '在首次出现起始活动之后到达该活动的案例数。',
    defSegmentCases: '该属性取此值的案例数。',
    defActivityCases: '至少有一个该活动事件的案例数。',
    defSlowest:
      '在该分组中出现至少 5 次的交接里,其中位耗时与全部案例中同一交接中位耗时之比最高者。',
    generated: '各指标的定义见 Pipewise 的 docs/metrics.md。',
    distribution: '案例耗时分布',
  },
} as const;

/** Text for HTML: `<`, `&`, quotes escaped (activity names come from user data). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * One self-contained HTML page (no network needed to open it) with the
 * process map, the bottleneck ranking, variants, pass rates, activities and
 * segments, in English or Chinese, printable on A4 landscape. Every figure
 * has its definition in a tooltip.
 */
export function renderHtmlReport(input: ReportInput): string {
  const t = TEXT[input.language];
  const a = input.analysis;
  const d = input.formatDuration;
  const n = (value: number): string =>
    value.toLocaleString(input.language === 'zh' ? 'zh-CN' : 'en-US');
  const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
  const cell = (text: string, title?: string): string =>
    `<td${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(text)}</td>`;
  const head = (...titles: [string, string?][]): string =>
    `<tr>${titles.map(([text, title]) => `<th${title ? ` title="${escapeHtml(title)}"` : ''}>${escapeHtml(text)}</th>`).join('')}</tr>`;
  /** A table whose figures carry their column's definition, so each is one hover away. */
  const table = (columns: [string, string?][], rows: (string | { html: string })[][]): string =>
    `<table>${head(...columns)}${rows
      .map(
        (row) =>
          `<tr>${row.map((value, k) => (typeof value === 'string' ? cell(value, columns[k]?.[1]) : value.html)).join('')}</tr>`,
      )
      .join('')}</table>`;
  const bar = (ratio: number) => ({
    html: `<td class="bar"><span style="width:${(ratio * 100).toFixed(1)}%"></span></td>`,
  });
  const figure = (html: string, title: string) =>
    `<span title="${escapeHtml(title)}">${html}</span>`;
  const arcName = (arc: DirectlyFollowsArc): string => `${arc.from} → ${arc.to}`;

  const sections: string[] = [];
  sections.push(`<section><h2>${t.overview}</h2><p class="figures">
    ${figure(`<b>${n(a.events)}</b> ${t.events}`, t.defAllEvents)} · ${figure(`<b>${n(a.cases)}</b> ${t.cases}`, t.defAllCases)} · ${figure(`<b>${n(a.activities)}</b> ${t.activities}`, t.defAllActivities)} ·
    ${t.period} ${escapeHtml(input.formatInstant(a.firstEventMs))} → ${escapeHtml(input.formatInstant(a.lastEventMs))}</p>
    <p title="${escapeHtml(t.defCaseDuration)}">${t.caseDuration}: ${figure(`${t.mean} <b>${escapeHtml(d(a.caseDuration.meanMs))}</b>`, `${t.defCaseDuration} ${t.defMean}`)} ·
    ${figure(`${t.median} <b>${escapeHtml(d(a.caseDuration.medianMs))}</b>`, `${t.defCaseDuration} ${t.defCaseMedian}`)} · ${figure(`${t.p90} ${escapeHtml(d(a.caseDuration.p90Ms))}`, `${t.defCaseDuration} ${t.defP90}`)} · ${figure(`${t.max} ${escapeHtml(d(a.caseDuration.maxMs))}`, t.defCaseDuration)}</p></section>`);

  const chartData: Record<string, unknown> = {};
  if (input.charts) {
    chartData.durations = durationHistogram(input.charts.caseDurationsMs, d);
    sections.push(
      `<section><h2 title="${escapeHtml(t.defCaseDuration)}">${t.distribution}</h2><div class="chart" id="chart-durations"></div></section>`,
    );
  }

  const maxCount = Math.max(1, ...a.dfg.map((arc) => arc.count));
  const minCount = initialMinimumCount(a.dfg);
  sections.push(`<section class="map"><h2>${t.map}</h2><p class="help">${t.mapHelp}</p>
    <label class="no-print">${t.detail} <input id="detail" type="range" min="1" max="${maxCount}" value="${minCount}"> <output id="detail-value">${minCount}</output> ${t.times}</label>
    ${renderProcessMap(a, d, minCount)}</section>`);

  const bottlenecks = a.bottlenecks.byTotal.slice(0, 15);
  const maxTotal = Math.max(1, ...bottlenecks.map((arc) => arc.totalMs));
  sections.push(`<section><h2 title="${escapeHtml(t.defTotal)}">${t.bottlenecks}</h2>
    ${table(
      [
        ['#'],
        [`${t.from} → ${t.to}`],
        [t.total, t.defTotal],
        [t.count, t.defCount],
        [t.mean, t.defMean],
        [t.median, t.defMedian],
        [''],
      ],
      bottlenecks.map((arc, k) => [
        String(k + 1),
        arcName(arc),
        d(arc.totalMs),
        n(arc.count),
        d(arc.meanMs),
        d(arc.medianMs),
        bar(arc.totalMs / maxTotal),
      ]),
    )}</section>`);

  sections.push(
    `<section><h2>${t.variants}</h2>${table(
      [
        ['#'],
        [t.cases, t.defVariantCases],
        [t.share, t.defVariantShare],
        [t.activities, t.defVariant],
      ],
      a.variants
        .slice(0, 10)
        .map((variant, k) => [
          String(k + 1),
          n(variant.cases),
          pct(variant.cases / a.cases),
          variant.activities.join(' → '),
        ]),
    )}</section>`,
  );

  const origin = a.start[0];
  if (origin) {
    const rates = a.passRates
      .filter((rate) => rate.from === origin.activity)
      .sort((x, y) => y.rate - x.rate);
    sections.push(`<section><h2 title="${escapeHtml(t.defPass)}">${t.passRates} ${escapeHtml(origin.activity)}</h2>
      ${table(
        [[t.to], [t.reached, t.defReached], [t.share, t.defPass], ['']],
        rates.map((rate) => [rate.to, n(rate.reached), pct(rate.rate), bar(rate.rate)]),
      )}</section>`);
  }

  sections.push(
    `<section><h2>${t.activityTable}</h2>${table(
      [
        [t.activities],
        [t.events, t.defEvents],
        [t.cases, t.defActivityCases],
        [t.rework, t.defRework],
      ],
      a.activityStats.map((s) => [s.activity, n(s.events), n(s.cases), n(s.reworkCases)]),
    )}</section>`,
  );

  if (input.segments) {
    sections.push(`<section><h2>${t.segments} ${escapeHtml(input.segments.attribute)}</h2>
      ${table(
        [
          [t.segment],
          [t.cases, t.defSegmentCases],
          [`${t.median} ${t.caseDuration}`, `${t.defCaseDuration} ${t.defCaseMedian}`],
          [t.bottlenecks, t.defTotal],
          [t.slowest, t.defSlowest],
        ],
        input.segments.segments.map(({ value, analysis }) => {
          const worst = analysis.bottlenecks.byTotal[0];
          const slower = findSlowestHandOff(analysis.dfg, a.dfg);
          return [
            value ?? '—',
            n(analysis.cases),
            d(analysis.caseDuration.medianMs),
            worst ? `${arcName(worst)} (${d(worst.totalMs)})` : '—',
            slower
              ? `${slower.from} → ${slower.to}: ${d(slower.medianMs)} / ${d(slower.overallMedianMs)} (×${slower.ratio.toFixed(1)})`
              : '—',
          ];
        }),
      )}</section>`);
  }

  if (input.charts && input.segments) {
    chartData.segments = input.segments.segments.map(({ value, analysis }) => ({
      name: value ?? '—',
      medianMs: analysis.caseDuration.medianMs,
      label: d(analysis.caseDuration.medianMs),
    }));
    sections.push(
      `<section><h2>${t.median} ${t.caseDuration}: ${t.segments} ${escapeHtml(input.segments.attribute)}</h2><div class="chart" id="chart-segments"></div></section>`,
    );
  }

  sections.push(
    `<section class="source"><h2>${t.source}</h2><ul>${input.sourceLines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul><p>${t.generated}</p></section>`,
  );

  return `<!doctype html>
<html lang="${input.language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(input.title)}</h1></header>
<main>${sections.join('\n')}</main>
<script>${SCRIPT}</script>
${input.charts ? chartScripts(input.charts.echartsScript, chartData) : ''}
</body></html>
`;
}

const STYLE = `
@page { size: A4 landscape; margin: 12mm; }
body { font: 14px/1.45 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2933; margin: 0 auto; max-width: 1200px; padding: 16px; }
h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 17px; margin: 24px 0 8px; border-bottom: 1px solid #d9e2ec; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eef2f6; vertical-align: top; }
th { color: #52606d; font-weight: 600; } [title] { cursor: help; }
td.bar { width: 25%; } td.bar span { display: block; height: 10px; background: #f0b429; border-radius: 2px; }
.help { color: #52606d; margin: 0 0 6px; } .map svg { width: 100%; height: auto; border: 1px solid #eef2f6; }
.source { color: #52606d; font-size: 12px; }
.chart { width: 100%; height: 320px; }
@media print { .no-print { display: none; } section { break-inside: avoid; } body { max-width: none; } }
`;

/** The detail slider: hides hand-offs seen fewer times than chosen. */
const SCRIPT = `
(function () {
  var slider = document.getElementById('detail');
  var output = document.getElementById('detail-value');
  if (!slider) return;
  slider.addEventListener('input', function () {
    var min = Number(slider.value);
    output.textContent = String(min);
    document.querySelectorAll('[data-count]').forEach(function (el) {
      el.style.display = Number(el.getAttribute('data-count')) >= min ? '' : 'none';
    });
  });
})();
`;

/**
 * The process map as SVG: activities in columns by where they usually come in
 * a case (their mean relative position), left to right; each arc a curve
 * whose width grows with its count and whose colour goes from green to red
 * with its median duration; labelled with count and median.
 */
function renderProcessMap(
  analysis: ProcessAnalysis,
  formatDuration: (ms: number) => string,
  minCount: number,
): string {
  const names = analysis.activityStats.map((s) => s.activity);
  const position = meanPositions(analysis);
  const columns = new Map<number, string[]>();
  const columnCount = Math.min(8, Math.max(1, names.length));
  for (const name of names) {
    const column = Math.min(columnCount - 1, Math.floor((position.get(name) ?? 0) * columnCount));
    if (!columns.has(column)) columns.set(column, []);
    columns.get(column)!.push(name);
  }
  const usedColumns = [...columns.keys()].sort((x, y) => x - y);
  const boxWidth = 150;
  const boxHeight = 40;
  const columnGap = 110;
  const rowGap = 34;
  const place = new Map<string, { x: number; y: number }>();
  usedColumns.forEach((column, c) => {
    columns.get(column)!.forEach((name, row) => {
      place.set(name, { x: 20 + c * (boxWidth + columnGap), y: 30 + row * (boxHeight + rowGap) });
    });
  });
  const width = 40 + usedColumns.length * (boxWidth + columnGap);
  const height =
    60 +
    Math.max(...usedColumns.map((column) => columns.get(column)!.length)) * (boxHeight + rowGap);
  const maxCount = Math.max(1, ...analysis.dfg.map((arc) => arc.count));
  const medians = analysis.dfg.map((arc) => arc.medianMs).filter(Number.isFinite);
  const maxMedian = Math.max(1, ...medians);

  const arcs = analysis.dfg
    .filter((arc) => arc.from !== arc.to)
    .map((arc) => {
      const from = place.get(arc.from)!;
      const to = place.get(arc.to)!;
      const isForward = to.x > from.x;
      const x1 = isForward ? from.x + boxWidth : from.x + boxWidth / 2;
      const y1 = isForward ? from.y + boxHeight / 2 : from.y + boxHeight;
      const x2 = isForward ? to.x : to.x + boxWidth / 2;
      const y2 = isForward ? to.y + boxHeight / 2 : to.y + boxHeight;
      const bend = isForward
        ? `C${x1 + 50},${y1} ${x2 - 50},${y2}`
        : `C${x1},${y1 + 60} ${x2},${y2 + 60}`;
      const strokeWidth = 1 + 7 * Math.sqrt(arc.count / maxCount);
      const heat = Math.min(1, Math.sqrt(arc.medianMs / maxMedian) || 0);
      const colour = `hsl(${Math.round(120 - 120 * heat)}, 70%, 42%)`;
      const labelX = (x1 + x2) / 2;
      const labelY = (y1 + y2) / 2 + (isForward ? -6 : 36);
      const label = `${arc.count} · ${formatDuration(arc.medianMs)}`;
      const hidden = arc.count < minCount ? ' style="display:none"' : '';
      return `<g data-count="${arc.count}"${hidden}><title>${escapeHtml(`${arc.from} → ${arc.to}: ${arc.count}, median ${formatDuration(arc.medianMs)}`)}</title>
        <path d="M${x1},${y1} ${bend} ${x2},${y2}" fill="none" stroke="${colour}" stroke-width="${strokeWidth.toFixed(1)}" stroke-opacity="0.75" marker-end="url(#arrow)"/>
        <text x="${labelX}" y="${labelY}" font-size="11" text-anchor="middle" fill="#334e68">${escapeHtml(label)}</text></g>`;
    })
    .join('\n');
  const boxes = names
    .map((name) => {
      const { x, y } = place.get(name)!;
      const stats = analysis.activityStats.find((s) => s.activity === name)!;
      return `<g class="activity"><title>${escapeHtml(`${name}: ${stats.events} events, ${stats.cases} cases`)}</title>
        <rect x="${x}" y="${y}" width="${boxWidth}" height="${boxHeight}" rx="6" fill="#e8f1fb" stroke="#2f6fad"/>
        <text x="${x + boxWidth / 2}" y="${y + 17}" font-size="12" text-anchor="middle" fill="#102a43">${escapeHtml(shorten(name, 20))}</text>
        <text x="${x + boxWidth / 2}" y="${y + 32}" font-size="10" text-anchor="middle" fill="#52606d">${stats.cases}</text></g>`;
    })
    .join('\n');
  return `<svg viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg" role="img">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#486581"/></marker></defs>
    ${arcs}
    ${boxes}
  </svg>`;
}

/** ECharts inlined, then the charts drawn from their data; `</script` and `<` escaped. */
function chartScripts(echartsScript: string, data: Record<string, unknown>): string {
  const library = echartsScript.replaceAll('</script', '<\\/script');
  const json = JSON.stringify(data).replaceAll('<', '\\u003c');
  return `<script>${library}</script>\n<script>var PIPEWISE_CHARTS = ${json};${CHART_SCRIPT}</script>`;
}

/** Draws the charts from PIPEWISE_CHARTS (SVG renderer, no animation: it prints). */
const CHART_SCRIPT = `
(function () {
  if (typeof echarts === 'undefined') return;
  var data = PIPEWISE_CHARTS;
  var durations = document.getElementById('chart-durations');
  if (durations && data.durations) {
    echarts.init(durations, null, { renderer: 'svg' }).setOption({
      animation: false,
      grid: { left: 50, right: 20, top: 20, bottom: 70 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.durations.labels, axisLabel: { rotate: 30 } },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: data.durations.counts, itemStyle: { color: '#2f6fad' } }]
    });
  }
  var segments = document.getElementById('chart-segments');
  if (segments && data.segments) {
    echarts.init(segments, null, { renderer: 'svg' }).setOption({
      animation: false,
      grid: { left: 130, right: 90, top: 20, bottom: 30 },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', data: data.segments.map(function (s) { return s.name; }) },
      series: [{ type: 'bar', data: data.segments.map(function (s) { return s.medianMs; }), itemStyle: { color: '#f0b429' },
        label: { show: true, position: 'right', formatter: function (p) { return data.segments[p.dataIndex].label; } } }]
    });
  }
})();
`;

/**
 * Case durations in 20 bins of equal width from 0 to the 99th percentile
 * (longer ones go to the last bin, so one outlier does not flatten the rest).
 */
export function durationHistogram(
  durationsMs: ArrayLike<number>,
  formatDuration: (ms: number) => string,
): { labels: string[]; counts: number[] } {
  const sorted = Float64Array.from(durationsMs).sort();
  const top =
    sorted.length === 0
      ? 0
      : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
  const bins = 20;
  const width = top > 0 ? top / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) counts[Math.min(bins - 1, Math.floor(value / width))]!++;
  const labels = counts.map(
    (_, k) => `${formatDuration(k * width)}–${formatDuration((k + 1) * width)}`,
  );
  return { labels, counts };
}

/** Hand-offs shown at first: the 30 most frequent, so a large map opens readable (the slider shows the rest). */
const ARCS_SHOWN_AT_FIRST = 30;

function initialMinimumCount(arcs: readonly DirectlyFollowsArc[]): number {
  const counts = arcs
    .filter((arc) => arc.from !== arc.to)
    .map((arc) => arc.count)
    .sort((x, y) => y - x);
  return counts.length <= ARCS_SHOWN_AT_FIRST ? 1 : counts[ARCS_SHOWN_AT_FIRST - 1]!;
}

function shorten(text: string, length: number): string {
  return [...text].length > length ? `${[...text].slice(0, length - 1).join('')}…` : text;
}

/**
 * Each activity's mean relative position in the variants that contain it
 * (0 first … 1 last), weighted by cases: where it usually comes in a case.
 */
function meanPositions(analysis: ProcessAnalysis): Map<string, number> {
  const sum = new Map<string, number>();
  const weight = new Map<string, number>();
  for (const variant of analysis.variants) {
    const last = Math.max(1, variant.activities.length - 1);
    variant.activities.forEach((activity, k) => {
      sum.set(activity, (sum.get(activity) ?? 0) + (k / last) * variant.cases);
      weight.set(activity, (weight.get(activity) ?? 0) + variant.cases);
    });
  }
  return new Map([...sum].map(([activity, total]) => [activity, total / weight.get(activity)!]));
}
