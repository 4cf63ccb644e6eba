import { parseArgs } from 'node:util';
import { type TimeZone, workingDayMs } from '@pipewise/engine';
import { displayName, type LocalizedText, type ProcessModel } from '@pipewise/engine/process-model';
import { describeRecipient, effectiveRules, type RulesReplay } from '@pipewise/engine/rules';
import { describeInputError, replayRulesWithHelper } from '@pipewise/formats';
import { type CliContext, usageOf } from '../cli-context.ts';
import { LOG_INPUT_HELP, LOG_INPUT_OPTIONS, readLogInput } from '../log-input/read-log-input.ts';
import { loadModel } from '../model/load-model.ts';
import { formatCount, formatInstant, formatPercent, renderTable } from '../text/format.ts';
import { type Language, pickLanguage } from '../text/messages.ts';

const CHECK_HELP = `Usage: pipewise rules check --model MODEL --log LOG [options]

Replays the rules of a process model over an event log's history: the hand-off
deadlines each case started and whether they were answered in time, the
escalations and reminders that would have gone out, and SLA adherence (hand-offs
answered within the deadline ÷ hand-offs decided; docs/metrics.md#sla-adherence-交接及时率).
Steps are matched with the log's activities by name (zh or en) or source; a
step's deadline counts as a hand-off SLA without escalation. Rules: docs/rules.md.

  --model FILE           the model with its rules (saved JSON, e.g.
                         packages/cli/demo/to-be-rules.json)
  --log FILE             the event log (a CRM stage history)
  --now ISO              replay as of this instant, e.g. 2024-12-27T18:00+08:00 (without
                         an offset: in --tz); default: the log's last event
  --examples N           list the first N escalations and reminders (default 10, 0: none)
  --json                 print the replay as JSON
  --lang zh|en           language of the report (default: from LANG)

${LOG_INPUT_HELP.columns}

${LOG_INPUT_HELP.reading}

Working time (rules count in working time; --time calendar is refused)
  --calendar NAME        mon-fri (default: Monday–Friday 09–17) or cn (mainland China:
                         09–12 and 13–18, public holidays and 调休 of 2025–2026)
  --holidays FILE        more days off and make-up workdays, from .ics or .csv

${LOG_INPUT_HELP.filters}

Exit codes: 0 success, 1 bad input (located message on stderr), 2 bad usage.`;

export const RULES_HELP = `Usage: pipewise rules <command> [options]

Rules on a process model: hand-off SLAs with escalation chains, reminders, tasks
created on entering a step, stage gates, tool steps (docs/rules.md).

Commands
  check              replay a model's rules over an event log: reminders,
                     escalations and SLA adherence

Run "pipewise rules check --help" for its options.`;

/** `pipewise rules …`: returns the exit code. */
export async function runRules(args: string[], context: CliContext): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? context.stderr : context.stdout).write(`${RULES_HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name !== 'check') {
    context.stderr.write(`pipewise rules: unknown command "${name}"\n\n${RULES_HELP}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout.write(`${CHECK_HELP}\n`);
    return 0;
  }
  return check(rest, context);
}

const OPTIONS = {
  ...LOG_INPUT_OPTIONS,
  model: { type: 'string' },
  log: { type: 'string' },
  now: { type: 'string' },
  examples: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
} as const;

async function check(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
  const usage = usageOf('rules check', context);
  if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
  if (values.model === undefined) return usage('--model FILE is needed: the model with its rules');
  if (values.log === undefined) return usage('--log FILE is needed: the history to replay');
  if (values.time !== undefined && values.time !== 'working')
    return usage('rules check counts in working time; leave out --time or give --time working');
  const examples = values.examples === undefined ? 10 : Number(values.examples);
  if (!Number.isInteger(examples) || examples < 0)
    return usage(`--examples needs a whole number, not "${values.examples}"`);
  const language = pickLanguage(values.lang, context.locale);

  const loaded = await loadModel(values.model);
  if (!loaded.ok) {
    context.stderr.write(`pipewise rules check: ${describeInputError(loaded.error)}\n`);
    return 1;
  }
  const model = loaded.model;
  if (effectiveRules(model).length === 0) {
    context.stderr.write(
      `pipewise rules check: ${values.model}: the model has no rules ("rules": […]) and no step with a deadline; nothing to check (docs/rules.md)\n`,
    );
    return 1;
  }
  // Rules name steps and recipients, never the log's resources: their column is not read.
  const read = await readLogInput(
    values.log,
    { ...values, time: 'working' },
    context,
    'rules check',
    { resources: false },
  );
  if (!read.ok) return read.exitCode;
  const { log, zone } = read.input;
  const workingTime = read.input.workingTime!;

  let nowMs = lastEventMs(log.timestampMs);
  if (values.now !== undefined) {
    const parsed = parseInstant(values.now, zone);
    if (parsed === undefined)
      return usage(
        `--now needs an ISO date and time such as 2024-12-27T18:00+08:00, not "${values.now}"`,
      );
    nowMs = parsed;
  }
  const replay = await replayRulesWithHelper(
    model,
    log,
    { workingTime, zone, nowMs, sampleSize: examples },
    context.helperThread,
  );
  if (replay.unmatchedSteps.length > 0) {
    const names = replay.unmatchedSteps.map((id) =>
      displayName(model.steps.find((step) => step.id === id)!.name, language),
    );
    context.stderr.write(
      `pipewise rules check: warning: no activity in the log is called ${names.map((n) => `"${n}"`).join(', ')}; rules on ${names.length === 1 ? 'that step' : 'those steps'} never start\n`,
    );
  }
  const time = {
    calendar: workingTime.calendar.name,
    zone: zone.name,
    workingDayMs: workingDayMs(workingTime.calendar),
  };
  if (values.json) {
    context.stdout.write(
      // A log left empty by filters has no last event: no instant to replay at.
      `${JSON.stringify({ now: Number.isFinite(nowMs) ? new Date(nowMs).toISOString() : null, time, ...replay })}\n`,
    );
    return 0;
  }
  context.stdout.write(
    renderReplay(replay, model, { file: values.log, zone, language, calendar: time.calendar }),
  );
  return 0;
}

/** The latest timestamp of the log: the moment it was exported, as far as the data tells. */
function lastEventMs(timestamps: Float64Array): number {
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < timestamps.length; i++) if (timestamps[i]! > last) last = timestamps[i]!;
  return last;
}

/** An ISO date or date-time; without an offset it is wall-clock time in `zone`. */
export function parseInstant(text: string, zone: TimeZone): number | undefined {
  const match =
    /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const iso = text.trim().replace(' ', 'T');
  if (match[1] !== undefined) {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const localMs = Date.parse(`${iso.length === 10 ? `${iso}T00:00` : iso}Z`);
  return Number.isNaN(localMs) ? undefined : zone.localToUtc(localMs);
}

const WORDS = {
  en: {
    title: 'Pipewise rules check of',
    asOf: 'as of',
    workingTime: 'working time, calendar',
    cases: 'cases',
    adherence: 'SLA adherence',
    adherenceDetail: (onTime: string, decided: string) =>
      `${onTime} of ${decided} hand-offs with a decided deadline answered in time`,
    noneDecided: 'no hand-off deadline decided yet',
    header: [
      'rule',
      'kind',
      'started',
      'in time',
      'late',
      'open',
      'at risk',
      'open, late',
      'adherence',
      'escalated',
      'reminders',
      'tasks',
    ],
    escalations: 'Escalations that would have fired',
    reminders: 'Reminders that would have gone out',
    level: 'level',
    examples: 'First escalations and reminders',
    escalation: 'escalation',
    reminder: 'reminder',
    notChecked: 'Not replayed (need fields, artifacts or a simulation)',
    unmatched: 'Activities no step names (count as activity, not moves)',
    definitions: 'Definitions: docs/rules.md, docs/metrics.md#sla-adherence-交接及时率',
  },
  zh: {
    title: 'Pipewise 规则回放：',
    asOf: '截至',
    workingTime: '工作时间，日历',
    cases: '个案例',
    adherence: '交接及时率（SLA 达成率）',
    adherenceDetail: (onTime: string, decided: string) =>
      `已有结论的 ${decided} 次交接中 ${onTime} 次按时响应`,
    noneDecided: '尚无已有结论的交接时限',
    header: [
      '规则',
      '类型',
      '启动',
      '按时',
      '超时',
      '未完成',
      '临近超时',
      '未完成且超时',
      '达成率',
      '升级',
      '提醒',
      '任务',
    ],
    escalations: '本应触发的超时升级',
    reminders: '本应发出的提醒',
    level: '级',
    examples: '前几条升级与提醒',
    escalation: '升级',
    reminder: '提醒',
    notChecked: '未回放（需要字段、资料或仿真）',
    unmatched: '没有对应环节的活动（视为跟进活动，不算阶段变化）',
    definitions: '定义见 docs/rules.md、docs/metrics.md#sla-adherence-交接及时率',
  },
} as const;

const KIND_NAMES: Record<Language, Record<string, string>> = {
  en: {
    'hand-off-sla': 'hand-off SLA',
    'inactivity-reminder': 'inactivity reminder',
    'follow-up-reminder': 'follow-up reminder',
    'task-on-entry': 'task on entry',
    'stage-gate': 'stage gate',
    'tool-step': 'tool step',
  },
  zh: {
    'hand-off-sla': '交接时限',
    'inactivity-reminder': '无跟进提醒',
    'follow-up-reminder': '跟进提醒',
    'task-on-entry': '进入时建任务',
    'stage-gate': '阶段准入',
    'tool-step': '工具环节',
  },
};

/** The replay as a report people read: adherence first, a row per rule, then examples. */
export function renderReplay(
  replay: RulesReplay,
  model: ProcessModel,
  options: { file: string; zone: TimeZone; language: Language; calendar: string },
): string {
  const { language, zone } = options;
  const words = WORDS[language];
  const count = (n: number) => formatCount(n, language);
  const nameOf = (id: string, name?: LocalizedText) => (name ? displayName(name, language) : id);
  const lines = [
    `${words.title} ${options.file}`,
    `${words.asOf} ${formatInstant(replay.nowMs, zone)} (${zone.name}); ${words.workingTime} ${options.calendar}; ${count(replay.cases)} ${words.cases}`,
    '',
  ];
  const { onTime, decided, rate } = replay.slaAdherence;
  lines.push(
    `${words.adherence}: ${rate === null ? '–' : formatPercent(rate)} (${decided === 0 ? words.noneDecided : words.adherenceDetail(count(onTime), count(decided))})`,
    '',
  );
  const replayed = replay.rules.filter(
    (row) => row.kind !== 'stage-gate' && row.kind !== 'tool-step',
  );
  const cell = (n: number | undefined) => (n === undefined ? '' : count(n));
  lines.push(
    ...renderTable(
      [...words.header],
      replayed.map((row) => [
        nameOf(row.ruleId, row.name),
        KIND_NAMES[language][row.kind] ?? row.kind,
        cell(row.clocks?.started),
        cell(row.clocks?.answeredOnTime),
        cell(row.clocks?.answeredLate),
        cell(row.clocks && row.clocks.openOnTime + row.clocks.openAtRisk),
        cell(row.clocks?.openAtRisk),
        cell(row.clocks?.openBreached),
        row.adherence === undefined
          ? ''
          : row.adherence === null
            ? '–'
            : formatPercent(row.adherence),
        row.escalationsByLevel === undefined ? '' : row.escalationsByLevel.map(count).join(' / '),
        cell(row.reminders),
        cell(row.tasks),
      ]),
      [false, false, true, true, true, true, true, true, true, true, true, true],
    ),
    '',
    `${words.escalations}: ${count(replay.escalations)}`,
    `${words.reminders}: ${count(replay.reminders)}`,
  );
  const examples = [
    ...replay.sampleEscalations.map((e) => ({
      atMs: e.firedAtMs,
      text: `${e.caseId}  ${words.escalation} ${e.level}${language === 'zh' ? words.level : ''}  ${nameOf(e.ruleId, replay.rules.find((r) => r.ruleId === e.ruleId)?.name)} → ${e.notify.map((r) => describeRecipient(r, model, language)).join(', ')}`,
    })),
    ...replay.sampleReminders.map((r) => ({
      atMs: r.dueAtMs,
      text: `${r.caseId}  ${words.reminder}  ${nameOf(r.ruleId, replay.rules.find((row) => row.ruleId === r.ruleId)?.name)} → ${r.notify.map((x) => describeRecipient(x, model, language)).join(', ')}`,
    })),
  ].sort((a, b) => a.atMs - b.atMs);
  if (examples.length > 0) {
    lines.push('', `${words.examples}:`);
    for (const example of examples)
      lines.push(`  ${formatInstant(example.atMs, zone)}  ${example.text}`);
  }
  const skipped = replay.rules.filter(
    (row) => row.kind === 'stage-gate' || row.kind === 'tool-step',
  );
  if (skipped.length > 0)
    lines.push(
      '',
      `${words.notChecked}: ${skipped.map((row) => nameOf(row.ruleId, row.name)).join(', ')}`,
    );
  if (replay.unmatchedActivities.length > 0)
    lines.push(`${words.unmatched}: ${replay.unmatchedActivities.join(', ')}`);
  lines.push('', words.definitions, '');
  return lines.join('\n');
}
