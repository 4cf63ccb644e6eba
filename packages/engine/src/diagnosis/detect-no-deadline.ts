import { displayName, type ProcessModel } from '../process-model/process-model.ts';
import type { Finding } from './finding.ts';

export interface NoDeadlineOptions {
  /** A long tail: the 90th percentile at least this many times the median (default 2). */
  tailFactor?: number;
  /** Steps measured fewer times are not judged (default 5). */
  minCount?: number;
}

/** Steps where work waits on someone else's answer: where a deadline matters. */
const DEADLINE_KINDS = new Set(['approval', 'hand-off']);

/**
 * No deadline (无时限): an approval or hand-off step of the model with no
 * response deadline (`deadline`), whose measured durations (put on the model
 * by `attachMeasurements`) have a long tail — the 90th percentile at least
 * `tailFactor` times the median: most cases go through in the usual time,
 * some wait far longer, and nobody is held to a time. Judged in working time
 * when the measurements carry it. Severity by the tail's ratio: 3 from
 * `tailFactor`, 4 from 3×, 5 from 5×.
 */
export function detectNoDeadline(model: ProcessModel, options: NoDeadlineOptions = {}): Finding[] {
  const tailFactor = options.tailFactor ?? 2;
  const minCount = options.minCount ?? 5;
  const findings: Finding[] = [];
  for (const step of model.steps) {
    if (!DEADLINE_KINDS.has(step.kind) || step.deadline || !step.measured) continue;
    if (step.measured.count < minCount) continue;
    const basis = step.measured.working ? 'working' : 'calendar';
    const figures = step.measured.working ?? step.measured.calendar;
    if (!(figures.medianMs > 0)) continue;
    const ratio = figures.p90Ms / figures.medianMs;
    if (ratio < tailFactor) continue;
    const zh = displayName(step.name, 'zh');
    findings.push({
      detector: 'no-deadline',
      title: {
        zh: `“${zh}”没有处理时限：一成的案例要等中位数的 ${ratio.toFixed(1)} 倍以上`,
        en: `"${displayName(step.name, 'en')}" has no deadline: one case in ten takes ${ratio.toFixed(1)}× the median or more`,
      },
      steps: [zh],
      severity: ratio >= 5 ? 5 : ratio >= 3 ? 4 : 3,
      suggestedType: 'low-efficiency',
      evidence: {
        stepId: step.id,
        kind: step.kind,
        count: step.measured.count,
        measure: step.measured.measure,
        basis,
        medianMs: figures.medianMs,
        p90Ms: figures.p90Ms,
        ratio,
        ...(step.estimated?.text ? { estimated: step.estimated.text } : {}),
      },
    });
  }
  return findings;
}
