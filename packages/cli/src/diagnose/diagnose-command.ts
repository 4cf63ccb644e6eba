import { parseArgs } from 'node:util';
import { workingDayMs } from '@pipewise/engine';
import { diagnose, type Finding } from '@pipewise/engine/diagnosis';
import { displayName } from '@pipewise/engine/process-model';
import { describeInputError } from '@pipewise/formats';
import { type CliContext, usageOf } from '../cli-context.ts';
import { LOG_INPUT_HELP, LOG_INPUT_OPTIONS, readLogInput } from '../log-input/read-log-input.ts';
import { loadModel } from '../model/load-model.ts';
import { formatDuration, formatWorkingDuration } from '../text/format.ts';
import { type Language, pickLanguage } from '../text/messages.ts';

export const DIAGNOSE_HELP = `Usage: pipewise diagnose FILE [--model MODEL] [options]

Finds where the sales process breaks: runs Pipewise's problem detectors on a CRM
export or event log (and on the as-is process model, if given) and prints their
findings, most severe first, each with the figures behind it. The detectors and
their thresholds are defined in docs/diagnosis.md.

  On the log:     bottleneck, broken hand-off, rework loop, and with --by a
                  segment's hand-offs slower than everyone's
  On the model:   unowned step, missing after-sales hand-off, redundant data entry
  On both:        approval or hand-off with no deadline, skipped mandatory step

Model
  --model FILE           the as-is process: a saved model (.json), BPMN (.bpmn) or a
                         step table (.csv, .xlsx), as pipewise model reads them;
                         its steps are matched with the log's activities by name

${LOG_INPUT_HELP.columns}

${LOG_INPUT_HELP.reading}

Analysis
  --by ATTRIBUTE         compare each value of a case attribute (a team, a region)
                         with the whole, e.g. --by Team

${LOG_INPUT_HELP.workingTime}

${LOG_INPUT_HELP.filters}

Output
  --limit N              at most N findings per detector, those that weigh most
                         (time held, cases affected; default 5, 0 for all)
  --json                 print {"findings":[{"detector","title","steps","segment",
                         "severity","suggestedType","evidence"}],"leftOut":{…}}, most
                         severe first
  --lang en|zh           language of titles and the summary (default: from LANG)
  --no-progress          no progress bar on stderr
  -h, --help             this help

Exit codes: 0 success (findings or none), 1 bad input, 2 bad usage.`;

const OPTIONS = {
  ...LOG_INPUT_OPTIONS,
  model: { type: 'string' },
  by: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `pipewise diagnose`: returns the exit code. */
export async function runDiagnose(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    context.stdout.write(`${DIAGNOSE_HELP}\n`);
    return 0;
  }
  const usage = usageOf('diagnose', context);
  if (positionals.length !== 1)
    return usage(positionals.length === 0 ? 'missing FILE' : 'give exactly one FILE');
  const language = pickLanguage(values.lang, context.locale);
  const limit = values.limit === undefined ? 5 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0)
    return usage(`--limit needs a whole number, 0 for all, not "${values.limit}"`);

  let model: Awaited<ReturnType<typeof loadModel>> | undefined;
  if (values.model !== undefined) {
    model = await loadModel(values.model);
    if (!model.ok) {
      context.stderr.write(`pipewise diagnose: ${describeInputError(model.error)}\n`);
      return 1;
    }
  }
  const read = await readLogInput(positionals[0]!, values, context, 'diagnose');
  if (!read.ok) return read.exitCode;
  const { log, workingTime } = read.input;
  const result = diagnose({
    log,
    ...(model?.ok ? { model: model.model } : {}),
    ...(values.by !== undefined ? { segmentBy: values.by } : {}),
    ...(workingTime ? { workingTime } : {}),
    limit: limit === 0 ? Number.POSITIVE_INFINITY : limit,
  });
  if (!result.ok) {
    const available =
      result.available.length > 0
        ? result.available.map((name) => `"${name}"`).join(', ')
        : 'none (add --cases FILE or --case-columns)';
    return usage(`no case attribute "${result.attribute}"; case attributes are: ${available}`);
  }
  if (model?.ok && result.unmatchedSteps.length > 0) {
    const names = result.unmatchedSteps.map((id) =>
      displayName(model.model.steps.find((step) => step.id === id)!.name, language),
    );
    context.stderr.write(
      `pipewise diagnose: warning: no activity in the log is called ${names.map((name) => `"${name}"`).join(', ')}; the data says nothing about ${names.length === 1 ? 'that step' : 'those steps'}\n`,
    );
  }
  const dayMs = workingTime ? workingDayMs(workingTime.calendar) : undefined;
  const duration = (ms: number) =>
    dayMs === undefined ? formatDuration(ms, language) : formatWorkingDuration(ms, dayMs, language);
  if (values.json) {
    const findings = result.findings.map((finding) => ({
      detector: finding.detector,
      title: displayText(finding, language),
      steps: finding.steps,
      segment: finding.segment ?? null,
      severity: finding.severity,
      suggestedType: finding.suggestedType,
      evidence: finding.evidence,
    }));
    const time = workingTime
      ? { kind: 'working', calendar: workingTime.calendar.name, dayMs }
      : { kind: 'calendar' };
    context.stdout.write(`${JSON.stringify({ time, findings, leftOut: result.leftOut })}\n`);
    return 0;
  }
  context.stdout.write(
    renderFindings(result.findings, result.leftOut, positionals[0]!, language, duration),
  );
  return 0;
}

function displayText(finding: Finding, language: Language): string {
  return displayName(finding.title, language);
}

const WORDS = {
  en: {
    title: 'Pipewise diagnosis of',
    none: 'No detector found a problem.',
    found: (n: number) => `${n} finding${n === 1 ? '' : 's'}, most severe first:`,
    severity: 'severity',
    segment: 'in',
    evidence: 'evidence',
    more: (n: number) => `and ${n} more`,
    definitions: 'Detectors and thresholds: docs/diagnosis.md',
    leftOut: (list: string) =>
      `Left out (lighter findings of the same detector): ${list}; --limit 0 shows all.`,
  },
  zh: {
    title: 'Pipewise 问题诊断：',
    none: '检测器没有发现问题。',
    found: (n: number) => `发现 ${n} 个问题，按严重程度排列：`,
    severity: '严重度',
    segment: '分组',
    evidence: '依据',
    more: (n: number) => `等 ${n} 个`,
    definitions: '检测规则与阈值见 docs/diagnosis.md',
    leftOut: (list: string) => `同一检测器中影响较小、未列出的：${list}；--limit 0 显示全部。`,
  },
} as const;

/** The findings as a numbered list, each with its figures on the line below. */
export function renderFindings(
  findings: readonly Finding[],
  leftOut: Record<string, number>,
  file: string,
  language: Language,
  duration: (ms: number) => string,
): string {
  const words = WORDS[language];
  const lines = [`${words.title} ${file}`, ''];
  if (findings.length === 0) lines.push(words.none);
  else {
    lines.push(words.found(findings.length), '');
    findings.forEach((finding, k) => {
      const segment = finding.segment
        ? ` [${words.segment} ${finding.segment.attribute}=${finding.segment.value}]`
        : '';
      lines.push(
        `${k + 1}. ${'●'.repeat(finding.severity)}${'○'.repeat(5 - finding.severity)} ${displayText(finding, language)}${segment}`,
        `   ${finding.detector} · ${words.severity} ${finding.severity} · ${words.evidence}: ${formatEvidence(finding.evidence, language, duration)}`,
      );
    });
  }
  const omitted = Object.entries(leftOut);
  if (omitted.length > 0)
    lines.push('', words.leftOut(omitted.map(([detector, n]) => `${detector} ${n}`).join(', ')));
  lines.push('', words.definitions, '');
  return lines.join('\n');
}

/** Names of the evidence's figures (docs/diagnosis.md); others show as their key. */
const EVIDENCE_LABELS: Record<Language, Record<string, string>> = {
  en: {
    cases: 'cases',
    reworkCases: 'rework cases',
    share: 'share',
    medianMs: 'median',
    p90Ms: '90th percentile',
    typicalMs: 'typical hand-off',
    ratio: 'ratio',
    totalMs: 'total',
    overallMedianMs: 'median overall',
    overallCount: 'times overall',
    handOffs: 'hand-offs',
    typicalSameOwnerMs: 'typical same-owner step',
    kind: 'kind',
    count: 'times measured',
    measure: 'measured as',
    basis: 'time',
    estimated: 'estimated',
    reached: 'cases reaching a later step',
    skipped: 'skipped',
    artifact: 'artifact',
    entries: 'entries',
    systems: 'systems',
    extraPerCaseMs: 'extra time per case',
    notes: 'notes',
    lanes: 'lanes',
  },
  zh: {
    cases: '案例数',
    reworkCases: '返工案例',
    share: '占比',
    medianMs: '中位数',
    p90Ms: '90分位',
    typicalMs: '典型交接',
    ratio: '倍数',
    totalMs: '合计',
    overallMedianMs: '整体中位数',
    overallCount: '整体次数',
    handOffs: '交接次数',
    typicalSameOwnerMs: '同一人连续处理',
    kind: '类型',
    count: '测量次数',
    measure: '口径',
    basis: '时间',
    estimated: '预计',
    reached: '到达后续环节的案例',
    skipped: '跳过',
    artifact: '资料',
    entries: '录入次数',
    systems: '系统',
    extraPerCaseMs: '每个案例多花',
    notes: '备注',
    lanes: '泳道',
  },
};

/** Evidence as `name value` pairs: durations (…Ms) readable, shares in %, ratios with ×, lists shortened. */
export function formatEvidence(
  evidence: Record<string, unknown>,
  language: Language,
  duration: (ms: number) => string,
): string {
  const words = WORDS[language];
  return Object.entries(evidence)
    .filter(([key]) => key !== 'stepId' && key !== 'stepIds')
    .map(([key, value]) => {
      let shown: string;
      if (typeof value === 'number' && key.endsWith('Ms')) shown = duration(value);
      else if (typeof value === 'number' && key === 'share') shown = `${(value * 100).toFixed(1)}%`;
      else if (typeof value === 'number' && key === 'ratio') shown = `${value.toFixed(1)}×`;
      else if (Array.isArray(value))
        shown =
          value.length > 5
            ? `${value.slice(0, 5).join(', ')} ${words.more(value.length)}`
            : value.join(', ');
      else shown = String(value);
      return `${EVIDENCE_LABELS[language][key] ?? key} ${shown}`;
    })
    .join(language === 'zh' ? '；' : '; ');
}
