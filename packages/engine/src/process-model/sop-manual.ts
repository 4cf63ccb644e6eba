import { describeRecipient, describeRule } from '../rules/describe-rule.ts';
import { type HandOffSlaRule, type Rule, stepReferencesOf } from '../rules/rule.ts';
import { formatDurationEstimate } from './format-duration-estimate.ts';
import { type DurationEstimate, displayName, type ProcessModel } from './process-model.ts';

/** What people wrote for a step of the SOP manual (标准作业程序): free text, a Markdown subset. */
export interface SopEntry {
  stepId: string;
  instructions: string;
  script: string;
  exceptions: string;
}

/** One step's section of the manual: what the model says and what people wrote. */
export interface SopSection {
  stepId: string;
  number: number;
  name: string;
  kind: string;
  owner: string | null;
  department: string | null;
  /** The steps whose completion starts this one ("after 报价"), or none for the first. */
  after: string[];
  /** The steps that follow, with their conditions. */
  next: { name: string; condition?: string }[];
  inputs: string[];
  outputs: string[];
  systems: string[];
  estimated: DurationEstimate | null;
  /** The response deadline: a hand-off rule's clocked from entering the step, else the step's. */
  deadline: DurationEstimate | null;
  /** That rule's escalation chain, in words ("超过 48 工作小时 升级至 法务经理（邮件）"), or none. */
  escalation: string | null;
  /** What the step's stage gates require, in words, or none. */
  required: string | null;
  /** The other rules naming the step (tasks, reminders, tool steps), a sentence each. */
  otherRules: string[];
  instructions: string;
  script: string;
  exceptions: string;
}

export interface SopManual {
  title: string;
  version: { number: number; stage: string; label?: string };
  sections: SopSection[];
}

const NOT_STEPS = new Set(['start', 'end', 'decision', 'event']);

/**
 * The SOP manual of a model version: per step that does work (not start,
 * end, decisions or events), in the model's order, its owner (lane and
 * department), trigger (the steps before it, through decisions), what it takes
 * in and gives out, systems, estimated duration, deadline and escalation
 * (from its hand-off rule), what its stage gates require, the other rules
 * naming it, the steps after it, and the instructions, scripts and exception
 * handling people wrote.
 */
export function buildSopManual(
  model: ProcessModel,
  entries: readonly SopEntry[],
  language: 'zh' | 'en',
): SopManual {
  const byId = new Map(model.steps.map((step) => [step.id, step]));
  const laneOf = new Map(model.lanes.map((lane) => [lane.id, lane]));
  const entryOf = new Map(entries.map((entry) => [entry.stepId, entry]));
  const sequence = model.flows.filter((flow) => flow.kind !== 'message');
  const nameOf = (id: string) => {
    const step = byId.get(id);
    return step ? displayName(step.name, language) : id;
  };
  /** Work steps reached from `id` along `direction`, through steps that do no work. */
  const neighbours = (id: string, direction: 'before' | 'after') => {
    const found: { id: string; condition?: string }[] = [];
    const seen = new Set<string>([id]);
    const visit = (from: string, condition?: string) => {
      for (const flow of sequence) {
        const [here, there] = direction === 'after' ? [flow.from, flow.to] : [flow.to, flow.from];
        if (here !== from || seen.has(there)) continue;
        seen.add(there);
        const step = byId.get(there);
        const when = condition ?? flow.condition;
        if (step && NOT_STEPS.has(step.kind) && step.kind !== 'end') visit(there, when);
        else if (step && step.kind !== 'start' && step.kind !== 'end')
          found.push({ id: there, ...(when ? { condition: when } : {}) });
      }
    };
    visit(id);
    return found;
  };
  const rules = model.rules ?? [];
  const zh = language === 'zh';
  const separator = zh ? '；' : '; ';
  const slaOf = (stepId: string) =>
    rules.find(
      (rule): rule is HandOffSlaRule =>
        rule.kind === 'hand-off-sla' &&
        rule.trigger.kind === 'step-entered' &&
        rule.trigger.stepId === stepId,
    );
  const escalationOf = (sla: HandOffSlaRule | undefined) =>
    sla && sla.escalations.length > 0
      ? sla.escalations
          .map((level) => {
            const after = formatDurationEstimate(level.after, language);
            const who = level.notify
              .map((recipient) => describeRecipient(recipient, model, language))
              .join(zh ? '、' : ', ');
            return zh ? `超过 ${after} 升级至 ${who}` : `after ${after}: ${who}`;
          })
          .join(separator)
      : null;
  const requiredOf = (stepId: string) => {
    const parts = rules.flatMap((rule) => {
      if (rule.kind !== 'stage-gate' || rule.stepId !== stepId) return [];
      const needed = [...rule.requiredFields, ...rule.requiredArtifacts].join(zh ? '、' : ', ');
      const when = rule.on === 'enter' ? (zh ? '进入前' : 'to enter') : zh ? '离开前' : 'to leave';
      return needed === '' ? [] : [`${when}${zh ? '：' : ': '}${needed}`];
    });
    return parts.length > 0 ? parts.join(separator) : null;
  };
  const otherRulesOf = (stepId: string, sla: Rule | undefined) =>
    rules
      .filter(
        (rule) =>
          rule !== sla &&
          rule.kind !== 'stage-gate' &&
          stepReferencesOf(rule).some((ref) => ref.stepId === stepId),
      )
      .map((rule) => describeRule(rule, model, language));
  const sections = model.steps
    .filter((step) => !NOT_STEPS.has(step.kind))
    .map((step, index): SopSection => {
      const lane = step.laneId ? laneOf.get(step.laneId) : undefined;
      const entry = entryOf.get(step.id);
      const sla = slaOf(step.id);
      return {
        stepId: step.id,
        number: index + 1,
        name: displayName(step.name, language),
        kind: step.kind,
        owner: lane ? displayName(lane.name, language) : null,
        department: lane?.department ?? null,
        after: neighbours(step.id, 'before').map((found) => nameOf(found.id)),
        next: neighbours(step.id, 'after').map((found) => ({
          name: nameOf(found.id),
          ...(found.condition ? { condition: found.condition } : {}),
        })),
        inputs: step.inputs,
        outputs: step.outputs,
        systems: step.systems,
        estimated: step.estimated ?? null,
        deadline: sla?.deadline ?? step.deadline ?? null,
        escalation: escalationOf(sla),
        required: requiredOf(step.id),
        otherRules: otherRulesOf(step.id, sla),
        instructions: entry?.instructions ?? '',
        script: entry?.script ?? '',
        exceptions: entry?.exceptions ?? '',
      };
    });
  return {
    title: displayName(model.name, language),
    version: {
      number: model.version.number,
      stage: model.version.stage,
      ...(model.version.label ? { label: model.version.label } : {}),
    },
    sections,
  };
}

/** A block of SOP text: a paragraph or a list, each a run of plain and bold spans. */
export type TextBlock =
  | { kind: 'paragraph'; spans: TextSpan[] }
  | { kind: 'list'; ordered: boolean; items: TextSpan[][] };

export interface TextSpan {
  text: string;
  bold: boolean;
}

/**
 * SOP text as blocks: lines starting "- " or "* " are a bulleted list,
 * "1. ", "1) " or "1、" a numbered one; other lines are paragraphs (a blank line between
 * paragraphs, consecutive lines joined); **text** is bold. The subset every
 * output (Word, print) can keep, with no markup left in the text.
 */
export function parseSopText(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0)
      blocks.push({ kind: 'paragraph', spans: spansOf(paragraph.join(' ')) });
    paragraph = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    const bullet = /^[-*•]\s+(.*)$/.exec(line);
    // "1. ", "1) " and "1、" start an item; "1.5 days" does not.
    const numbered = /^\d+(?:[.)]\s+|、\s*)(.*)$/.exec(line);
    if (bullet || numbered) {
      flush();
      const ordered = !bullet;
      const item = spansOf((bullet ?? numbered)![1]!);
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item);
      else blocks.push({ kind: 'list', ordered, items: [item] });
    } else if (line === '') flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

function spansOf(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const parts = text.split('**');
  // An odd number of parts means every ** was closed; otherwise the last one is literal.
  const closed = parts.length % 2 === 1;
  parts.forEach((part, k) => {
    const bold = k % 2 === 1 && (closed || k < parts.length - 1);
    const shown = !closed && k === parts.length - 1 && k % 2 === 1 ? `**${part}` : part;
    if (shown !== '') spans.push({ text: shown, bold });
  });
  return spans;
}
