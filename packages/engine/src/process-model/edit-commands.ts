import { laneReferencesOf, type Rule, stepReferencesOf } from '../rules/rule.ts';
import { findRuleProblems } from './parse-process-model.ts';
import {
  displayName,
  type Flow,
  type Lane,
  type LocalizedText,
  type ProcessModel,
  STEP_KINDS,
  type Step,
} from './process-model.ts';

/** Step attributes an edit may change; `null` clears an optional one. */
export interface StepAttributeChanges {
  kind?: Step['kind'];
  gateway?: Step['gateway'] | null;
  inputs?: string[];
  outputs?: string[];
  systems?: string[];
  estimated?: Step['estimated'] | null;
  deadline?: Step['deadline'] | null;
  notes?: string | null;
}

/**
 * The previous state of some steps, flows and lanes: what undoing an edit
 * that touched several of them puts back. Elements listed under `remove…`
 * are taken out first, then the others are put in at their index (replacing
 * any element with the same id).
 */
export interface ModelPatch {
  removeStepIds: string[];
  removeFlowIds: string[];
  removeLaneIds: string[];
  steps: { index: number; step: Step }[];
  flows: { index: number; flow: Flow }[];
  lanes: { index: number; lane: Lane }[];
}

/**
 * An edit of a model. Each is checked by a rule (`checkCommand`) and, when
 * applied, gives its inverse (`applyCommand`), so edits can be undone and
 * stored as a history.
 */
export type ModelCommand =
  | { type: 'add-step'; step: Step; index?: number }
  /** With `bridge`, every step before it is connected to every step after it. */
  | { type: 'remove-step'; stepId: string; bridge?: boolean }
  | { type: 'rename-step'; stepId: string; name: LocalizedText }
  | { type: 'move-step-to-lane'; stepId: string; laneId: string | null }
  /** Moves a step to another place in the time order (the order of `steps`). */
  | { type: 'reorder-step'; stepId: string; index: number }
  /** `mergeId` is folded into `keepId` (see docs/process-model.md#merge). */
  | { type: 'merge-steps'; keepId: string; mergeId: string; name?: LocalizedText }
  /** The step keeps its first half; `newStep` follows it and takes its outgoing flows. */
  | {
      type: 'split-step';
      stepId: string;
      newStep: { id: string; name: LocalizedText };
      flowId: string;
    }
  | { type: 'connect'; flow: Flow }
  | { type: 'disconnect'; flowId: string }
  | { type: 'set-step-attributes'; stepId: string; changes: StepAttributeChanges }
  | { type: 'add-lane'; lane: Lane; index?: number }
  | { type: 'remove-lane'; laneId: string }
  | { type: 'rename-lane'; laneId: string; name: LocalizedText }
  /**
   * Adds a rule (docs/rules.md), or replaces the rule with its id in place;
   * `index` places a new one (default: last).
   */
  | { type: 'set-rule'; rule: Rule; index?: number }
  | { type: 'remove-rule'; ruleId: string }
  | { type: 'restore'; patch: ModelPatch };

/** Why an edit is refused: a stable code and a sentence for people. */
export interface RefusedEdit {
  ok: false;
  code:
    | 'no-such-step'
    | 'no-such-flow'
    | 'no-such-lane'
    | 'no-such-rule'
    | 'id-taken'
    | 'empty-name'
    | 'duplicate-name'
    | 'last-start-or-end'
    | 'not-mergeable'
    | 'not-splittable'
    | 'duplicate-flow'
    | 'flow-direction'
    | 'no-change'
    | 'lane-not-empty'
    | 'out-of-range'
    | 'invalid-value'
    | 'used-by-rule';
  message: string;
}

export type EditCheck = { ok: true } | RefusedEdit;

export type EditResult = { ok: true; model: ProcessModel; inverse: ModelCommand } | RefusedEdit;

/** Whether `command` may be applied to `model`, and if not, why. */
export function checkCommand(model: ProcessModel, command: ModelCommand): EditCheck {
  const step = (id: string) => model.steps.find((candidate) => candidate.id === id);
  const missingStep = (id: string): RefusedEdit => refuse('no-such-step', `no step "${id}"`);
  switch (command.type) {
    case 'add-step': {
      const { step: added } = command;
      return firstRefusal(
        isIdFree(model, added.id),
        isNameGiven(added.name),
        () =>
          STEP_KINDS.includes(added.kind)
            ? OK
            : refuse('invalid-value', `no step kind "${added.kind}"`),
        () => laneExists(model, added.laneId ?? null),
        () => isNameFreeInLane(model, added.name, added.laneId ?? null, undefined),
        () => isIndexInRange(command.index, model.steps.length + 1),
      );
    }
    case 'remove-step': {
      const removed = step(command.stepId);
      if (!removed) return missingStep(command.stepId);
      if (
        (removed.kind === 'start' || removed.kind === 'end') &&
        model.steps.filter((candidate) => candidate.kind === removed.kind).length === 1 &&
        model.steps.length > 1
      ) {
        return refuse(
          'last-start-or-end',
          `"${label(removed)}" is the process's only ${removed.kind}; add another ${removed.kind} first`,
        );
      }
      return isStepFreeOfRules(model, removed);
    }
    case 'rename-step': {
      const renamed = step(command.stepId);
      if (!renamed) return missingStep(command.stepId);
      return firstRefusal(isNameGiven(command.name), () =>
        isNameFreeInLane(model, command.name, renamed.laneId ?? null, renamed.id),
      );
    }
    case 'move-step-to-lane': {
      const moved = step(command.stepId);
      if (!moved) return missingStep(command.stepId);
      if ((moved.laneId ?? null) === command.laneId)
        return refuse('no-change', `"${label(moved)}" is already in that lane`);
      return firstRefusal(laneExists(model, command.laneId), () =>
        isNameFreeInLane(model, moved.name, command.laneId, moved.id),
      );
    }
    case 'reorder-step': {
      const index = model.steps.findIndex((candidate) => candidate.id === command.stepId);
      if (index < 0) return missingStep(command.stepId);
      if (index === command.index) return refuse('no-change', 'the step is already there');
      return isIndexInRange(command.index, model.steps.length);
    }
    case 'merge-steps': {
      const keep = step(command.keepId);
      const merged = step(command.mergeId);
      if (!keep) return missingStep(command.keepId);
      if (!merged) return missingStep(command.mergeId);
      if (keep.id === merged.id)
        return refuse('not-mergeable', 'a step cannot be merged with itself');
      for (const candidate of [keep, merged]) {
        if (
          candidate.kind === 'start' ||
          candidate.kind === 'end' ||
          candidate.kind === 'decision'
        ) {
          return refuse(
            'not-mergeable',
            `"${label(candidate)}" is a ${candidate.kind}: only work steps can be merged`,
          );
        }
      }
      if (command.name) {
        return firstRefusal(
          isNameGiven(command.name),
          () => isNameFreeInLane(model, command.name!, keep.laneId ?? null, keep.id, merged.id),
          () => isStepFreeOfRules(model, merged),
        );
      }
      return isStepFreeOfRules(model, merged);
    }
    case 'split-step': {
      const split = step(command.stepId);
      if (!split) return missingStep(command.stepId);
      if (split.kind === 'start' || split.kind === 'end' || split.kind === 'decision') {
        return refuse(
          'not-splittable',
          `"${label(split)}" is a ${split.kind}: only work steps can be split`,
        );
      }
      if (command.newStep.id === command.flowId)
        return refuse('id-taken', `the new step and flow need different ids`);
      return firstRefusal(
        isIdFree(model, command.newStep.id),
        isIdFree(model, command.flowId),
        isNameGiven(command.newStep.name),
        () => isNameFreeInLane(model, command.newStep.name, split.laneId ?? null, undefined),
      );
    }
    case 'connect': {
      const { flow } = command;
      const from = step(flow.from);
      const to = step(flow.to);
      if (!from) return missingStep(flow.from);
      if (!to) return missingStep(flow.to);
      if (from.kind === 'end')
        return refuse('flow-direction', `nothing flows out of the end "${label(from)}"`);
      if (to.kind === 'start')
        return refuse('flow-direction', `nothing flows into the start "${label(to)}"`);
      if (
        model.flows.some(
          (existing) =>
            existing.from === flow.from &&
            existing.to === flow.to &&
            (existing.condition ?? '') === (flow.condition ?? ''),
        )
      ) {
        return refuse('duplicate-flow', `"${label(from)}" already flows to "${label(to)}"`);
      }
      return isIdFree(model, flow.id);
    }
    case 'disconnect':
      return model.flows.some((flow) => flow.id === command.flowId)
        ? OK
        : refuse('no-such-flow', `no flow "${command.flowId}"`);
    case 'set-step-attributes': {
      const changed = step(command.stepId);
      if (!changed) return missingStep(command.stepId);
      const { kind, estimated, deadline } = command.changes;
      if (kind !== undefined && !STEP_KINDS.includes(kind))
        return refuse('invalid-value', `no step kind "${kind}"`);
      if (estimated && !(estimated.value >= 0))
        return refuse('invalid-value', 'an estimated duration is zero or more');
      if (deadline && !(deadline.value > 0))
        return refuse('invalid-value', 'a deadline is more than zero');
      return OK;
    }
    case 'add-lane':
      return firstRefusal(
        isIdFree(model, command.lane.id),
        isNameGiven(command.lane.name),
        () => isLaneNameFree(model, command.lane.name, undefined),
        () => isIndexInRange(command.index, model.lanes.length + 1),
      );
    case 'remove-lane': {
      if (!model.lanes.some((lane) => lane.id === command.laneId))
        return refuse('no-such-lane', `no lane "${command.laneId}"`);
      const inLane = model.steps.filter((candidate) => candidate.laneId === command.laneId);
      if (inLane.length > 0)
        return refuse(
          'lane-not-empty',
          `the lane still holds ${inLane.length} step${inLane.length === 1 ? '' : 's'}; move or remove ${inLane.length === 1 ? 'it' : 'them'} first`,
        );
      const notifying = (model.rules ?? []).filter((rule) =>
        laneReferencesOf(rule).some((ref) => ref.laneId === command.laneId),
      );
      return notifying.length > 0
        ? refuse(
            'used-by-rule',
            `rule ${notifying.map((rule) => `"${rule.id}"`).join(', ')} notifies this lane; change the rule first`,
          )
        : OK;
    }
    case 'rename-lane':
      if (!model.lanes.some((lane) => lane.id === command.laneId))
        return refuse('no-such-lane', `no lane "${command.laneId}"`);
      return firstRefusal(isNameGiven(command.name), () =>
        isLaneNameFree(model, command.name, command.laneId),
      );
    case 'set-rule': {
      const problem = findRuleProblems(model, command.rule)[0];
      if (problem) {
        const code = problem.message.startsWith('no step')
          ? 'no-such-step'
          : problem.message.startsWith('no lane')
            ? 'no-such-lane'
            : problem.message.startsWith('id ')
              ? 'id-taken'
              : 'invalid-value';
        return refuse(code, `${problem.path}: ${problem.message}`);
      }
      const replacing = (model.rules ?? []).some((rule) => rule.id === command.rule.id);
      return replacing ? OK : isIndexInRange(command.index, (model.rules ?? []).length + 1);
    }
    case 'remove-rule':
      return (model.rules ?? []).some((rule) => rule.id === command.ruleId)
        ? OK
        : refuse('no-such-rule', `no rule "${command.ruleId}"`);
    case 'restore':
      return OK;
  }
}

/**
 * Applies an edit if its rule allows it: the new model and the command that
 * undoes it. The model given is not changed.
 */
export function applyCommand(model: ProcessModel, command: ModelCommand): EditResult {
  const check = checkCommand(model, command);
  if (!check.ok) return check;
  switch (command.type) {
    case 'add-step': {
      const steps = [...model.steps];
      steps.splice(command.index ?? steps.length, 0, command.step);
      return done({ ...model, steps }, { type: 'remove-step', stepId: command.step.id });
    }
    case 'remove-step': {
      const touching = model.flows.filter(
        (flow) => flow.from === command.stepId || flow.to === command.stepId,
      );
      const bridges = command.bridge ? bridgeFlows(model, command.stepId) : [];
      const inverse = snapshot(model, {
        stepIds: [command.stepId],
        flowIds: touching.map((flow) => flow.id),
        addedFlowIds: bridges.map((flow) => flow.id),
      });
      return done(
        {
          ...model,
          steps: model.steps.filter((step) => step.id !== command.stepId),
          flows: [...model.flows.filter((flow) => !touching.includes(flow)), ...bridges],
        },
        inverse,
      );
    }
    case 'rename-step': {
      const before = model.steps.find((step) => step.id === command.stepId)!;
      return done(updateStep(model, command.stepId, { name: command.name }), {
        type: 'rename-step',
        stepId: command.stepId,
        name: before.name,
      });
    }
    case 'move-step-to-lane': {
      const before = model.steps.find((step) => step.id === command.stepId)!;
      return done(updateStep(model, command.stepId, { laneId: command.laneId ?? undefined }), {
        type: 'move-step-to-lane',
        stepId: command.stepId,
        laneId: before.laneId ?? null,
      });
    }
    case 'reorder-step': {
      const from = model.steps.findIndex((step) => step.id === command.stepId);
      const steps = [...model.steps];
      const [moved] = steps.splice(from, 1);
      steps.splice(command.index, 0, moved!);
      return done(
        { ...model, steps },
        { type: 'reorder-step', stepId: command.stepId, index: from },
      );
    }
    case 'merge-steps':
      return mergeSteps(model, command);
    case 'split-step':
      return splitStep(model, command);
    case 'connect':
      return done(
        { ...model, flows: [...model.flows, command.flow] },
        { type: 'disconnect', flowId: command.flow.id },
      );
    case 'disconnect': {
      const inverse = snapshot(model, { flowIds: [command.flowId] });
      return done(
        { ...model, flows: model.flows.filter((flow) => flow.id !== command.flowId) },
        inverse,
      );
    }
    case 'set-step-attributes': {
      const before = model.steps.find((step) => step.id === command.stepId)!;
      const undo: StepAttributeChanges = {};
      const next: Step = { ...before };
      for (const key of Object.keys(command.changes) as (keyof StepAttributeChanges)[]) {
        const value = command.changes[key];
        (undo as Record<string, unknown>)[key] = before[key] ?? null;
        if (value === null || value === undefined) delete (next as Partial<Step>)[key];
        else (next as unknown as Record<string, unknown>)[key] = value;
      }
      return done(
        { ...model, steps: model.steps.map((step) => (step.id === command.stepId ? next : step)) },
        { type: 'set-step-attributes', stepId: command.stepId, changes: undo },
      );
    }
    case 'add-lane': {
      const lanes = [...model.lanes];
      lanes.splice(command.index ?? lanes.length, 0, command.lane);
      return done({ ...model, lanes }, { type: 'remove-lane', laneId: command.lane.id });
    }
    case 'remove-lane': {
      const inverse = snapshot(model, { laneIds: [command.laneId] });
      return done(
        { ...model, lanes: model.lanes.filter((lane) => lane.id !== command.laneId) },
        inverse,
      );
    }
    case 'rename-lane': {
      const before = model.lanes.find((lane) => lane.id === command.laneId)!;
      return done(
        {
          ...model,
          lanes: model.lanes.map((lane) =>
            lane.id === command.laneId ? { ...lane, name: command.name } : lane,
          ),
        },
        { type: 'rename-lane', laneId: command.laneId, name: before.name },
      );
    }
    case 'set-rule': {
      const rules = [...(model.rules ?? [])];
      const at = rules.findIndex((rule) => rule.id === command.rule.id);
      if (at >= 0) {
        const before = rules[at]!;
        rules[at] = command.rule;
        return done({ ...model, rules }, { type: 'set-rule', rule: before });
      }
      rules.splice(command.index ?? rules.length, 0, command.rule);
      return done({ ...model, rules }, { type: 'remove-rule', ruleId: command.rule.id });
    }
    case 'remove-rule': {
      const rules = model.rules ?? [];
      const index = rules.findIndex((rule) => rule.id === command.ruleId);
      const remaining = rules.filter((rule) => rule.id !== command.ruleId);
      const { rules: _, ...withoutRules } = model;
      return done(remaining.length > 0 ? { ...model, rules: remaining } : withoutRules, {
        type: 'set-rule',
        rule: rules[index]!,
        index,
      });
    }
    case 'restore':
      return applyPatch(model, command.patch);
  }
}

function mergeSteps(
  model: ProcessModel,
  command: Extract<ModelCommand, { type: 'merge-steps' }>,
): EditResult {
  const keep = model.steps.find((step) => step.id === command.keepId)!;
  const merged = model.steps.find((step) => step.id === command.mergeId)!;
  const ids = new Set([keep.id, merged.id]);
  const touching = model.flows.filter((flow) => ids.has(flow.from) || ids.has(flow.to));
  // The merged step's flows now start or end at the kept one; flows between
  // the two disappear inside it, and two flows that become the same are one.
  // Flows keep their places in the list.
  const flows: Flow[] = [];
  for (const flow of model.flows) {
    if (!touching.includes(flow)) {
      flows.push(flow);
      continue;
    }
    const isBetweenTheTwo = flow.from !== flow.to && ids.has(flow.from) && ids.has(flow.to);
    if (isBetweenTheTwo) continue;
    const from = flow.from === merged.id ? keep.id : flow.from;
    const to = flow.to === merged.id ? keep.id : flow.to;
    const same = flows.find(
      (other) =>
        other.from === from &&
        other.to === to &&
        (other.condition ?? '') === (flow.condition ?? ''),
    );
    if (same) {
      if (flow.count !== undefined) {
        flows[flows.indexOf(same)] = { ...same, count: (same.count ?? 0) + flow.count };
      }
      continue;
    }
    flows.push(from === flow.from && to === flow.to ? flow : { ...flow, from, to });
  }
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  const combined: Step = {
    ...keep,
    name: command.name ?? keep.name,
    inputs: union(keep.inputs, merged.inputs),
    outputs: union(keep.outputs, merged.outputs),
    systems: union(keep.systems, merged.systems),
    origin: {
      kind: 'merge',
      stepIds: [
        ...(keep.origin?.kind === 'merge' ? keep.origin.stepIds : [keep.id]),
        ...(merged.origin?.kind === 'merge' ? merged.origin.stepIds : [merged.id]),
      ],
    },
  };
  const estimate = addEstimates(keep.estimated, merged.estimated);
  if (estimate) combined.estimated = estimate;
  else delete combined.estimated;
  // A measurement of the two apart says nothing exact about the merged step.
  delete combined.measured;
  delete combined.cases;
  const notes = [keep.notes, merged.notes].filter(Boolean).join('\n');
  if (notes) combined.notes = notes;

  const inverse = snapshot(model, {
    stepIds: [keep.id, merged.id],
    flowIds: touching.map((flow) => flow.id),
  });
  return done(
    {
      ...model,
      steps: model.steps
        .filter((step) => step.id !== merged.id)
        .map((step) => (step.id === keep.id ? combined : step)),
      flows,
    },
    inverse,
  );
}

/** The sum of two estimates in the same basis and unit-convertible terms; undefined when either is missing or the bases differ. */
function addEstimates(a: Step['estimated'], b: Step['estimated']): Step['estimated'] {
  if (!a) return b;
  if (!b) return a;
  if (a.basis !== b.basis) return undefined;
  const minutes = { minute: 1, hour: 60, day: 0, week: 0 } as const;
  if (a.unit === b.unit) return { value: a.value + b.value, unit: a.unit, basis: a.basis };
  // Minutes and hours add exactly; days do not (a working day's length depends on the calendar).
  if (minutes[a.unit] && minutes[b.unit]) {
    return {
      value: (a.value * minutes[a.unit] + b.value * minutes[b.unit]) / 60,
      unit: 'hour',
      basis: a.basis,
    };
  }
  return undefined;
}

function splitStep(
  model: ProcessModel,
  command: Extract<ModelCommand, { type: 'split-step' }>,
): EditResult {
  const split = model.steps.find((step) => step.id === command.stepId)!;
  const outgoing = model.flows.filter((flow) => flow.from === split.id);
  const origin = { kind: 'split' as const, stepIds: [split.id] };
  const first: Step = { ...split, outputs: [], origin };
  delete first.measured;
  delete first.cases;
  const second: Step = {
    id: command.newStep.id,
    name: command.newStep.name,
    kind: split.kind,
    ...(split.laneId !== undefined ? { laneId: split.laneId } : {}),
    inputs: [],
    outputs: split.outputs,
    systems: split.systems,
    origin,
  };
  const index = model.steps.indexOf(split);
  const steps = [...model.steps];
  steps.splice(index, 1, first, second);
  const inverse = snapshot(model, {
    stepIds: [split.id],
    flowIds: outgoing.map((flow) => flow.id),
    addedStepIds: [second.id],
    addedFlowIds: [command.flowId],
  });
  return done(
    {
      ...model,
      steps,
      flows: [
        ...model.flows.map((flow) =>
          flow.from === split.id ? { ...flow, from: second.id } : flow,
        ),
        { id: command.flowId, from: split.id, to: second.id },
      ],
    },
    inverse,
  );
}

/** Flows from every predecessor of a step to every successor, for removing it without a gap. */
function bridgeFlows(model: ProcessModel, stepId: string): Flow[] {
  const before = model.flows.filter((flow) => flow.to === stepId && flow.from !== stepId);
  const after = model.flows.filter((flow) => flow.from === stepId && flow.to !== stepId);
  const taken = new Set(
    [...model.steps, ...model.flows, ...model.lanes].map((element) => element.id),
  );
  const bridges: Flow[] = [];
  for (const incoming of before) {
    for (const outgoing of after) {
      // A loop through the removed step (rework) does not become a loop on its neighbour.
      if (incoming.from === outgoing.to) continue;
      const exists =
        model.flows.some((flow) => flow.from === incoming.from && flow.to === outgoing.to) ||
        bridges.some((flow) => flow.from === incoming.from && flow.to === outgoing.to);
      if (exists) continue;
      let id = `${incoming.from}->${outgoing.to}`;
      for (let k = 2; taken.has(id); k++) id = `${incoming.from}->${outgoing.to}#${k}`;
      taken.add(id);
      bridges.push({
        id,
        from: incoming.from,
        to: outgoing.to,
        ...(outgoing.condition !== undefined ? { condition: outgoing.condition } : {}),
      });
    }
  }
  return bridges;
}

/** A `restore` command that puts back the listed elements as they are now and takes out those an edit will add. */
function snapshot(
  model: ProcessModel,
  touched: {
    stepIds?: string[];
    flowIds?: string[];
    laneIds?: string[];
    addedStepIds?: string[];
    addedFlowIds?: string[];
  },
): ModelCommand {
  const pick = <T extends { id: string }>(list: T[], ids: string[] = []) =>
    list.flatMap((element, index) => (ids.includes(element.id) ? [{ index, element }] : []));
  return {
    type: 'restore',
    patch: {
      removeStepIds: [...(touched.stepIds ?? []), ...(touched.addedStepIds ?? [])],
      removeFlowIds: [...(touched.flowIds ?? []), ...(touched.addedFlowIds ?? [])],
      removeLaneIds: touched.laneIds ?? [],
      steps: pick(model.steps, touched.stepIds).map(({ index, element }) => ({
        index,
        step: element,
      })),
      flows: pick(model.flows, touched.flowIds).map(({ index, element }) => ({
        index,
        flow: element,
      })),
      lanes: pick(model.lanes, touched.laneIds).map(({ index, element }) => ({
        index,
        lane: element,
      })),
    },
  };
}

function applyPatch(model: ProcessModel, patch: ModelPatch): EditResult {
  // The inverse of a restore is the state of what it touches, taken now.
  const stepIds = [...new Set([...patch.removeStepIds, ...patch.steps.map(({ step }) => step.id)])];
  const flowIds = [...new Set([...patch.removeFlowIds, ...patch.flows.map(({ flow }) => flow.id)])];
  const laneIds = [...new Set([...patch.removeLaneIds, ...patch.lanes.map(({ lane }) => lane.id)])];
  const exists = <T extends { id: string }>(list: T[], id: string) =>
    list.some((element) => element.id === id);
  const inverse = snapshot(model, {
    stepIds: stepIds.filter((id) => exists(model.steps, id)),
    flowIds: flowIds.filter((id) => exists(model.flows, id)),
    laneIds: laneIds.filter((id) => exists(model.lanes, id)),
    addedStepIds: stepIds.filter((id) => !exists(model.steps, id)),
    addedFlowIds: flowIds.filter((id) => !exists(model.flows, id)),
  });
  if (inverse.type === 'restore') {
    inverse.patch.removeLaneIds.push(...laneIds.filter((id) => !exists(model.lanes, id)));
  }
  const put = <T extends { id: string }>(
    list: T[],
    remove: string[],
    added: { index: number; element: T }[],
  ) => {
    const removed = new Set([...remove, ...added.map(({ element }) => element.id)]);
    const result = list.filter((element) => !removed.has(element.id));
    for (const { index, element } of added.toSorted((a, b) => a.index - b.index))
      result.splice(Math.min(index, result.length), 0, element);
    return result;
  };
  return done(
    {
      ...model,
      steps: put(
        model.steps,
        patch.removeStepIds,
        patch.steps.map(({ index, step }) => ({ index, element: step })),
      ),
      flows: put(
        model.flows,
        patch.removeFlowIds,
        patch.flows.map(({ index, flow }) => ({ index, element: flow })),
      ),
      lanes: put(
        model.lanes,
        patch.removeLaneIds,
        patch.lanes.map(({ index, lane }) => ({ index, element: lane })),
      ),
    },
    inverse,
  );
}

function updateStep(model: ProcessModel, stepId: string, changes: Partial<Step>): ProcessModel {
  return {
    ...model,
    steps: model.steps.map((step) => {
      if (step.id !== stepId) return step;
      const next = { ...step, ...changes };
      if ('laneId' in changes && changes.laneId === undefined) delete next.laneId;
      return next;
    }),
  };
}

const OK: EditCheck = { ok: true };

/** A step that rules name cannot go away under them: the saved model would not load. */
function isStepFreeOfRules(model: ProcessModel, step: Step): EditCheck {
  const using = (model.rules ?? []).filter((rule) =>
    stepReferencesOf(rule).some((ref) => ref.stepId === step.id),
  );
  return using.length > 0
    ? refuse(
        'used-by-rule',
        `rule ${using.map((rule) => `"${rule.id}"`).join(', ')} names "${label(step)}"; change or remove the rule first`,
      )
    : OK;
}

function refuse(code: RefusedEdit['code'], message: string): RefusedEdit {
  return { ok: false, code, message };
}

function done(model: ProcessModel, inverse: ModelCommand): EditResult {
  return { ok: true, model, inverse };
}

/** The first refusal among the checks (later ones are evaluated only if earlier ones pass). */
function firstRefusal(...checks: (EditCheck | (() => EditCheck))[]): EditCheck {
  for (const check of checks) {
    const result = typeof check === 'function' ? check() : check;
    if (!result.ok) return result;
  }
  return OK;
}

function label(step: Step): string {
  return displayName(step.name, 'en');
}

function isIdFree(model: ProcessModel, id: string): EditCheck {
  if (id.trim() === '') return refuse('invalid-value', 'an id is needed');
  const taken = [...model.steps, ...model.flows, ...model.lanes, ...(model.rules ?? [])].some(
    (element) => element.id === id,
  );
  return taken ? refuse('id-taken', `id "${id}" is already used`) : OK;
}

function isNameGiven(name: LocalizedText): EditCheck {
  return (name.zh ?? '').trim() === '' && (name.en ?? '').trim() === ''
    ? refuse('empty-name', 'a name in Chinese or English is needed')
    : OK;
}

function laneExists(model: ProcessModel, laneId: string | null): EditCheck {
  return laneId === null || model.lanes.some((lane) => lane.id === laneId)
    ? OK
    : refuse('no-such-lane', `no lane "${laneId}"`);
}

function isIndexInRange(index: number | undefined, length: number): EditCheck {
  return index === undefined || (Number.isInteger(index) && index >= 0 && index < length)
    ? OK
    : refuse('out-of-range', `position ${index} is outside 0…${length - 1}`);
}

/** Two steps of one lane may not share a name in either language: people could not tell them apart. */
function isNameFreeInLane(
  model: ProcessModel,
  name: LocalizedText,
  laneId: string | null,
  ...exceptIds: (string | undefined)[]
): EditCheck {
  const clash = model.steps.find(
    (step) =>
      !exceptIds.includes(step.id) &&
      (step.laneId ?? null) === laneId &&
      ((name.en !== undefined && step.name.en === name.en) ||
        (name.zh !== undefined && step.name.zh === name.zh)),
  );
  return clash
    ? refuse('duplicate-name', `this lane already has a step called "${label(clash)}"`)
    : OK;
}

function isLaneNameFree(
  model: ProcessModel,
  name: LocalizedText,
  exceptId: string | undefined,
): EditCheck {
  const clash = model.lanes.find(
    (lane) =>
      lane.id !== exceptId &&
      ((name.en !== undefined && lane.name.en === name.en) ||
        (name.zh !== undefined && lane.name.zh === name.zh)),
  );
  return clash
    ? refuse('duplicate-name', `there is already a lane "${displayName(clash.name, 'en')}"`)
    : OK;
}
