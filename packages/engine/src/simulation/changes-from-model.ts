import {
  displayName,
  estimateToMs,
  type ProcessModel,
  type Step,
} from '../process-model/process-model.ts';
import { responseDeadlineOf } from '../rules/rule.ts';
import type { DeadlinePolicy, SimulationChange } from './simulation-plan.ts';

export interface ModelChanges {
  changes: SimulationChange[];
  /** Steps of the to-be model with no activity in the log (added steps): nothing to simulate them from. */
  notSimulated: string[];
  /** Deadlines left out: working-time deadlines on a calendar-time simulation, or the reverse. */
  skippedDeadlines: { step: string; reason: 'needs-working-time' | 'needs-calendar-time' }[];
  /** Tool steps whose effect is a fixed duration: the simulation scales measured times only. */
  skippedTools: { step: string; tool: string }[];
}

export interface ModelChangeOptions {
  /** The as-is model the to-be was derived from: resolves the steps a merged step came from. */
  asIs?: ProcessModel;
  /** The simulation's time basis, and the calendar's working day for working deadlines. */
  basis: 'working' | 'calendar';
  workingDayMs?: number;
  deadlinePolicy?: DeadlinePolicy;
}

/**
 * The simulation changes a to-be model stands for, against the log's
 * `activities`. A step matches the activity named like it (English or
 * Chinese name, or its `source`), as `attachMeasurements` matches them.
 * - an activity no to-be step matches (nor a merged step's origin) is removed;
 * - a step merged from several (`origin.kind === 'merge'`, resolved through
 *   `asIs`) merges its activities;
 * - a step with a `deadline` gets it (on every activity of a merged step),
 *   and so does a step a hand-off SLA rule clocks from its entry until the
 *   case moves on (the rule's deadline wins, as in `effectiveRules`);
 * - a tool-step rule with a factor scales its step's times (a fixed
 *   duration is listed in `skippedTools`);
 * - the steps a parallel gateway splits into are a parallel block.
 * Steps without an activity (added ones) are listed in `notSimulated`.
 */
export function changesFromModel(
  toBe: ProcessModel,
  activities: readonly string[],
  options: ModelChangeOptions,
): ModelChanges {
  const known = new Set(activities);
  const activityOf = (step: Step): string | undefined =>
    [step.name.en, step.name.zh, step.source].find((name) => name !== undefined && known.has(name));
  const asIsById = new Map((options.asIs?.steps ?? []).map((step) => [step.id, step]));
  const used = new Set<string>();
  const changes: SimulationChange[] = [];
  const deadlines: SimulationChange[] = [];
  const notSimulated: string[] = [];
  const skippedDeadlines: ModelChanges['skippedDeadlines'] = [];
  const skippedTools: ModelChanges['skippedTools'] = [];
  const scaled: SimulationChange[] = [];
  const membersOf = new Map<string, Set<string>>();
  const rules = toBe.rules ?? [];

  for (const step of toBe.steps) {
    if (step.kind === 'start' || step.kind === 'end') continue;
    const own = activityOf(step);
    const members = new Set(own === undefined ? [] : [own]);
    if (step.origin?.kind === 'merge') {
      for (const id of step.origin.stepIds) {
        const origin = asIsById.get(id);
        const activity = origin && activityOf(origin);
        if (activity !== undefined) members.add(activity);
      }
    }
    if (members.size === 0) {
      if (step.kind !== 'decision') notSimulated.push(displayName(step.name, 'en'));
      continue;
    }
    for (const member of members) used.add(member);
    membersOf.set(step.id, members);
    const name = displayName(step.name, 'zh');
    if (members.size > 1) changes.push({ kind: 'merge', activities: [...members], name });
    for (const rule of rules) {
      if (rule.kind !== 'tool-step' || rule.stepId !== step.id) continue;
      if (rule.effect.kind === 'fixed') skippedTools.push({ step: name, tool: rule.tool });
      else
        for (const activity of members)
          scaled.push({ kind: 'scale', activity, factor: rule.effect.factor });
    }
    const deadline = responseDeadlineOf(toBe, step);
    if (deadline) {
      const basis = deadline.basis;
      if (basis === 'working' && options.basis !== 'working') {
        skippedDeadlines.push({ step: name, reason: 'needs-working-time' });
        continue;
      }
      if (basis === 'calendar' && options.basis !== 'calendar') {
        skippedDeadlines.push({ step: name, reason: 'needs-calendar-time' });
        continue;
      }
      const deadlineMs = estimateToMs(deadline, options.workingDayMs);
      for (const activity of members)
        deadlines.push({
          kind: 'deadline',
          activity,
          deadlineMs,
          ...(options.deadlinePolicy ? { policy: options.deadlinePolicy } : {}),
        });
    }
  }
  // A parallel split: the steps it leads to are done side by side.
  const parallels: SimulationChange[] = [];
  for (const step of toBe.steps) {
    if (step.kind !== 'decision' || step.gateway !== 'parallel') continue;
    const branches = toBe.flows.filter((flow) => flow.from === step.id && flow.kind !== 'message');
    if (branches.length < 2) continue;
    const together = new Set(branches.flatMap((flow) => [...(membersOf.get(flow.to) ?? [])]));
    if (together.size >= 2) parallels.push({ kind: 'parallel', activities: [...together] });
  }
  const removed: SimulationChange[] = activities
    .filter((activity) => !used.has(activity))
    .map((activity) => ({ kind: 'remove', activity }));
  return {
    changes: [...removed, ...changes, ...parallels, ...scaled, ...deadlines],
    notSimulated,
    skippedDeadlines,
    skippedTools,
  };
}
