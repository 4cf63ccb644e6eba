import type { EventLog } from '../event-log/index.ts';
import { displayName, type ProcessModel, type Step } from '../process-model/process-model.ts';
import { LOSING } from './deal-words.ts';
import type { Finding } from './finding.ts';

export interface SkippedStepOptions {
  /** Skipped by fewer cases than this: no finding (default 3). */
  minCases?: number;
  /** Skipped by less than this share of the cases that should have passed it: no finding (default 0.02). */
  share?: number;
}

const NOT_WORK = new Set(['start', 'end', 'decision', 'event']);

/**
 * Skipped mandatory step (跳过必经环节): a step every path of the model
 * passes through on the way to some later step (it dominates it in the
 * model's flows from the start), which cases of the log reach that later step
 * without having gone through. Steps are matched with activities by name (in
 * either language) or source, as `attachMeasurements` does. Steps named for
 * losing the deal (输单, lost, cancelled…) are not judged as behind another:
 * deals are lost at every stage, whatever the model draws. A case counts
 * once per step it skipped; the share is of the cases that reached a step
 * behind it. Severity 3 from `share`, 4 from 10%, 5 from 25%.
 */
export function detectSkippedSteps(
  model: ProcessModel,
  log: EventLog,
  options: SkippedStepOptions = {},
): Finding[] {
  const minCases = options.minCases ?? 3;
  const minShare = options.share ?? 0.02;
  const activityIndex = new Map(log.activities.map((activity, a) => [activity, a]));
  const activityOf = (step: Step) =>
    [step.name.en, step.name.zh, step.source]
      .map((name) => (name === undefined ? undefined : activityIndex.get(name)))
      .find((a) => a !== undefined);
  const dominators = findDominators(model);
  const findings: Finding[] = [];
  for (const step of model.steps) {
    if (NOT_WORK.has(step.kind)) continue;
    const mandatory = activityOf(step);
    if (mandatory === undefined) continue;
    // The activities of the steps behind it: reaching one means having passed it.
    const behind = new Set<number>();
    for (const later of model.steps) {
      if (later.id === step.id || NOT_WORK.has(later.kind)) continue;
      if (LOSING.test(`${later.name.zh ?? ''} ${later.name.en ?? ''}`)) continue;
      if (!dominators.get(later.id)?.has(step.id)) continue;
      const a = activityOf(later);
      if (a !== undefined) behind.add(a);
    }
    if (behind.size === 0) continue;
    let reached = 0;
    const skippedCases: string[] = [];
    for (let c = 0; c < log.caseCount; c++) {
      let passed = false;
      for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
        const a = log.activityOf[i]!;
        if (a === mandatory) passed = true;
        else if (behind.has(a)) {
          reached++;
          if (!passed) skippedCases.push(log.caseIds[c]!);
          break;
        }
      }
    }
    const share = reached === 0 ? 0 : skippedCases.length / reached;
    if (skippedCases.length < minCases || share < minShare) continue;
    const zh = displayName(step.name, 'zh');
    findings.push({
      detector: 'skipped-step',
      title: {
        zh: `${skippedCases.length} 个案例跳过了必经环节“${zh}”（${formatShare(share)}）`,
        en: `${skippedCases.length} cases skipped "${displayName(step.name, 'en')}", which every path goes through (${formatShare(share)})`,
      },
      steps: [zh],
      severity: share >= 0.25 ? 5 : share >= 0.1 ? 4 : 3,
      suggestedType: 'non-compliance',
      evidence: {
        stepId: step.id,
        reached,
        skipped: skippedCases.length,
        share,
        cases: skippedCases.slice(0, 20),
      },
    });
  }
  return findings;
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/**
 * For each step reachable from the start, the steps every path from the
 * start to it passes through (itself included): the classic iterative
 * data-flow solution, small models need nothing faster. The start is the
 * model's start steps, or the steps nothing flows into when it has none.
 * Message flows (between organisations) are not paths of the process.
 */
export function findDominators(model: ProcessModel): Map<string, Set<string>> {
  const sequence = model.flows.filter((flow) => flow.kind !== 'message');
  const predecessors = new Map<string, string[]>();
  for (const flow of sequence) {
    const list = predecessors.get(flow.to) ?? [];
    list.push(flow.from);
    predecessors.set(flow.to, list);
  }
  const starts = model.steps.filter((step) => step.kind === 'start');
  const roots = new Set(
    (starts.length > 0 ? starts : model.steps.filter((step) => !predecessors.has(step.id))).map(
      (step) => step.id,
    ),
  );
  const reachable = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const flow of sequence) {
      if (reachable.has(flow.from) && !reachable.has(flow.to)) {
        reachable.add(flow.to);
        grew = true;
      }
    }
  }
  const all = [...reachable];
  const dominators = new Map<string, Set<string>>(
    all.map((id) => [id, roots.has(id) ? new Set([id]) : new Set(all)]),
  );
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of all) {
      if (roots.has(id)) continue;
      let meet: Set<string> | undefined;
      for (const from of predecessors.get(id) ?? []) {
        const of = dominators.get(from);
        if (!of) continue;
        meet = meet ? new Set([...meet].filter((d) => of.has(d))) : new Set(of);
      }
      const next = meet ?? new Set<string>();
      next.add(id);
      if (next.size !== dominators.get(id)!.size) {
        dominators.set(id, next);
        changed = true;
      }
    }
  }
  return dominators;
}
