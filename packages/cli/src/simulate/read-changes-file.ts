import { readFileSync } from 'node:fs';
import {
  type DurationEstimate,
  estimateToMs,
  parseDurationEstimate,
} from '@pipewise/engine/process-model';
import type { DeadlinePolicy, SimulationChange } from '@pipewise/engine/simulation';

/**
 * A change as a changes file states it (docs/simulation.md#a-changes-file):
 * steps by their activity name, durations as people write them ("48 working
 * hours", "2个工作日"), converted once the simulation's time basis is known.
 */
export type StatedChange =
  | { kind: 'remove'; step: string }
  | { kind: 'merge'; steps: string[]; name?: string }
  | { kind: 'scale'; step: string; factor: number }
  | { kind: 'parallel'; steps: string[] }
  | {
      kind: 'deadline';
      step: string;
      deadline: DurationEstimate;
      policy?: DeadlinePolicy;
      escalation?: DurationEstimate;
    };

export type ChangesFileResult =
  | { ok: true; changes: StatedChange[] }
  | { ok: false; message: string };

/** Reads and checks a changes file: a JSON array of changes; errors say the file and the change's number. */
export function readChangesFile(path: string): ChangesFileResult {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { ok: false, message: `${path}: cannot read it as JSON (${(error as Error).message})` };
  }
  if (!Array.isArray(data))
    return { ok: false, message: `${path}: expected a JSON array of changes` };
  const changes: StatedChange[] = [];
  for (let i = 0; i < data.length; i++) {
    const at = `${path}: change ${i + 1}`;
    const parsed = parseChange(data[i]);
    if (typeof parsed === 'string') return { ok: false, message: `${at}: ${parsed}` };
    changes.push(parsed);
  }
  return { ok: true, changes };
}

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** One change, or what is wrong with it. */
function parseChange(value: unknown): StatedChange | string {
  if (typeof value !== 'object' || value === null) return 'expected an object with a "kind"';
  const item = value as Record<string, unknown>;
  const duration = (field: string): DurationEstimate | string | undefined => {
    if (item[field] === undefined) return undefined;
    const estimate = isText(item[field]) ? parseDurationEstimate(item[field]) : undefined;
    return estimate ?? `"${field}" must be a duration such as "48 working hours" or "2个工作日"`;
  };
  switch (item.kind) {
    case 'remove':
      return isText(item.step) ? { kind: 'remove', step: item.step } : '"step" must name a step';
    case 'merge': {
      const steps = item.steps;
      if (!Array.isArray(steps) || steps.length < 2 || !steps.every(isText))
        return '"steps" must name at least two steps';
      if (item.name !== undefined && !isText(item.name)) return '"name" must be text';
      return { kind: 'merge', steps, ...(isText(item.name) ? { name: item.name } : {}) };
    }
    case 'parallel': {
      const steps = item.steps;
      if (!Array.isArray(steps) || new Set(steps).size < 2 || !steps.every(isText))
        return '"steps" must name at least two different steps';
      return { kind: 'parallel', steps };
    }
    case 'scale':
      if (!isText(item.step)) return '"step" must name a step';
      if (typeof item.factor !== 'number' || !(item.factor >= 0) || !Number.isFinite(item.factor))
        return '"factor" must be a number ≥ 0 (0.5: twice as fast)';
      return { kind: 'scale', step: item.step, factor: item.factor };
    case 'deadline': {
      if (!isText(item.step)) return '"step" must name a step';
      const deadline = duration('deadline');
      if (deadline === undefined) return '"deadline" is missing';
      if (typeof deadline === 'string') return deadline;
      if (!(deadline.value > 0)) return '"deadline" must be longer than 0';
      const escalation = duration('escalation');
      if (typeof escalation === 'string') return escalation;
      if (item.policy !== undefined && item.policy !== 'escalate' && item.policy !== 'meet')
        return '"policy" must be "escalate" or "meet"';
      return {
        kind: 'deadline',
        step: item.step,
        deadline,
        ...(item.policy !== undefined ? { policy: item.policy as DeadlinePolicy } : {}),
        ...(escalation ? { escalation } : {}),
      };
    }
    default:
      return '"kind" must be remove, merge, parallel, scale or deadline';
  }
}

/** Whether a change states a duration in working time (which needs the working-time basis). */
export function hasWorkingDuration(change: StatedChange): boolean {
  return (
    change.kind === 'deadline' &&
    (change.deadline.basis === 'working' || change.escalation?.basis === 'working')
  );
}

/**
 * The stated change as a simulation change in the time basis; a working
 * duration on a calendar-time simulation (or the reverse) is refused, as
 * working hours are not a fixed number of calendar hours.
 */
export function toSimulationChange(
  change: StatedChange,
  basis: 'working' | 'calendar',
  workingDayMs: number | undefined,
): SimulationChange | string {
  switch (change.kind) {
    case 'remove':
      return { kind: 'remove', activity: change.step };
    case 'merge':
      return {
        kind: 'merge',
        activities: change.steps,
        ...(change.name !== undefined ? { name: change.name } : {}),
      };
    case 'scale':
      return { kind: 'scale', activity: change.step, factor: change.factor };
    case 'parallel':
      return { kind: 'parallel', activities: change.steps };
    case 'deadline': {
      for (const estimate of [change.deadline, change.escalation])
        if (estimate && estimate.basis !== basis)
          return `"${estimate.text ?? estimate.value}" is in ${estimate.basis} time but the simulation runs in ${basis} time (--time ${estimate.basis})`;
      return {
        kind: 'deadline',
        activity: change.step,
        deadlineMs: estimateToMs(change.deadline, workingDayMs),
        ...(change.policy ? { policy: change.policy } : {}),
        ...(change.escalation
          ? { escalationMs: estimateToMs(change.escalation, workingDayMs) }
          : {}),
      };
    }
  }
}
