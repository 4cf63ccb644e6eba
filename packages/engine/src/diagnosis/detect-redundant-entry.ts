import {
  displayName,
  estimateToMs,
  type ProcessModel,
  type Step,
} from '../process-model/process-model.ts';
import type { Finding } from './finding.ts';

/** Words that name a step of typing data in (录入, 填写, 登记, enter, key in…). */
const ENTRY = /录入|填写|填报|登记|输入|enter|entry|key[\s-]*in|input|register/i;
/** Words with which notes say the same data is typed in again. */
const ENTERED_AGAIN =
  /重复录入|重复填写|各录一次|再录一次|录入两次|两次录入|多次录入|entered twice|re-?enter|double entry|duplicate (data )?entry/i;

/**
 * Redundant data entry (重复录入), read from the model:
 * - **the same input typed in more than once**: two or more steps named for
 *   entering data (录入, 填写, 登记, enter, key in…) take the same input
 *   artifact ("客户资料" into CRM, ERP and the quoting system) — severity 3
 *   for two entries, 4 for three or more;
 * - **one step typing the same data into several systems**: a step touching
 *   two or more systems whose notes say it is entered again ("报价需在ERP和
 *   CRM各录一次") — severity 3.
 *
 * Evidence: the artifact, the steps, the systems, and the time the extra
 * entries take per case (each entry's measured median, else its estimate, all
 * but the quickest) when known.
 */
export function detectRedundantEntry(model: ProcessModel): Finding[] {
  const findings: Finding[] = [];
  const entryStepsByInput = new Map<string, Step[]>();
  for (const step of model.steps) {
    if (!ENTRY.test(`${step.name.zh ?? ''} ${step.name.en ?? ''}`)) continue;
    for (const input of new Set(step.inputs)) {
      const steps = entryStepsByInput.get(input) ?? [];
      steps.push(step);
      entryStepsByInput.set(input, steps);
    }
  }
  const reported = new Set<string>();
  for (const [artifact, steps] of entryStepsByInput) {
    if (steps.length < 2) continue;
    for (const step of steps) reported.add(step.id);
    const names = steps.map((step) => displayName(step.name, 'zh'));
    const systems = [...new Set(steps.flatMap((step) => step.systems))];
    const extraMs = extraEntryMs(steps);
    findings.push({
      detector: 'redundant-entry',
      title: {
        zh: `“${artifact}”被录入 ${steps.length} 次（${names.join('、')}）`,
        en: `"${artifact}" is entered ${steps.length} times (${steps.map((step) => displayName(step.name, 'en')).join(', ')})`,
      },
      steps: names,
      severity: steps.length >= 3 ? 4 : 3,
      suggestedType: 'redundancy',
      evidence: {
        artifact,
        entries: steps.length,
        stepIds: steps.map((step) => step.id),
        systems,
        ...(extraMs === undefined ? {} : { extraPerCaseMs: extraMs }),
      },
    });
  }
  for (const step of model.steps) {
    if (reported.has(step.id) || step.systems.length < 2) continue;
    if (!ENTERED_AGAIN.test(step.notes ?? '')) continue;
    const name = displayName(step.name, 'zh');
    findings.push({
      detector: 'redundant-entry',
      title: {
        zh: `“${name}”要在 ${step.systems.join('、')} 各录入一次`,
        en: `"${displayName(step.name, 'en')}" is entered once in each of ${step.systems.join(', ')}`,
      },
      steps: [name],
      severity: 3,
      suggestedType: 'redundancy',
      evidence: {
        entries: step.systems.length,
        stepIds: [step.id],
        systems: step.systems,
        notes: step.notes,
      },
    });
  }
  return findings;
}

/**
 * The time of every entry but the quickest, per case: what entering once
 * would save. Each entry's measured median (working time when measured so),
 * else its estimate; undefined when any entry has neither.
 */
function extraEntryMs(steps: readonly Step[]): number | undefined {
  const times: number[] = [];
  for (const step of steps) {
    const measured = step.measured?.working ?? step.measured?.calendar;
    if (measured) times.push(measured.medianMs);
    else if (step.estimated) times.push(estimateToMs(step.estimated));
    else return undefined;
  }
  return times.reduce((sum, ms) => sum + ms, 0) - Math.min(...times);
}
