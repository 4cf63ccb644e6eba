import { displayName, type ProcessModel } from './process-model.ts';

/** Something questionable in a model that does not stop it being used. */
export interface ModelWarning {
  kind: 'duplicate-name-in-lane' | 'no-start' | 'unreachable' | 'dead-end' | 'unknown-element';
  message: string;
  /** The steps concerned. */
  stepIds: string[];
}

/**
 * Warnings about a model's shape: two steps with the same name in one lane
 * (people cannot tell them apart), no start step, steps no start reaches
 * (for example a cycle that nothing enters), steps that lead nowhere and are
 * not an end, and elements kept from an import that the model does not
 * understand.
 */
export function checkProcessModel(model: ProcessModel): ModelWarning[] {
  const warnings: ModelWarning[] = [];
  const byLaneAndName = new Map<string, string[]>();
  for (const step of model.steps) {
    const key = `${step.laneId ?? ''}\u0000${displayName(step.name, 'en')}\u0000${displayName(step.name, 'zh')}`;
    byLaneAndName.set(key, [...(byLaneAndName.get(key) ?? []), step.id]);
  }
  for (const ids of byLaneAndName.values()) {
    if (ids.length < 2) continue;
    const step = model.steps.find((candidate) => candidate.id === ids[0])!;
    const lane = model.lanes.find((candidate) => candidate.id === step.laneId);
    warnings.push({
      kind: 'duplicate-name-in-lane',
      message: `${ids.length} steps are called "${displayName(step.name, 'en')}" in lane "${lane ? displayName(lane.name, 'en') : '(none)'}" (${ids.join(', ')})`,
      stepIds: ids,
    });
  }

  const next = new Map<string, string[]>();
  const incoming = new Map<string, number>();
  for (const flow of model.flows) {
    next.set(flow.from, [...(next.get(flow.from) ?? []), flow.to]);
    incoming.set(flow.to, (incoming.get(flow.to) ?? 0) + 1);
  }
  const starts = model.steps.filter((step) => step.kind === 'start');
  // Without start steps, steps nothing flows into are where cases begin.
  const roots =
    starts.length > 0 ? starts : model.steps.filter((step) => (incoming.get(step.id) ?? 0) === 0);
  if (starts.length === 0 && model.steps.length > 0) {
    warnings.push({
      kind: 'no-start',
      message: 'the model has no start step',
      stepIds: [],
    });
  }
  const reached = new Set<string>();
  const stack = roots.map((step) => step.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const to of next.get(id) ?? []) stack.push(to);
  }
  const unreachable = model.steps.filter((step) => !reached.has(step.id));
  if (unreachable.length > 0) {
    warnings.push({
      kind: 'unreachable',
      message: `no start leads to ${unreachable.map((step) => `"${displayName(step.name, 'en')}"`).join(', ')}${roots.length === 0 ? ' (every step is in a cycle that nothing enters)' : ''}`,
      stepIds: unreachable.map((step) => step.id),
    });
  }
  const deadEnds = model.steps.filter(
    (step) =>
      step.kind !== 'end' &&
      (next.get(step.id)?.length ?? 0) === 0 &&
      model.steps.some((candidate) => candidate.kind === 'end'),
  );
  if (deadEnds.length > 0) {
    warnings.push({
      kind: 'dead-end',
      message: `${deadEnds.map((step) => `"${displayName(step.name, 'en')}"`).join(', ')} lead${deadEnds.length === 1 ? 's' : ''} nowhere and ${deadEnds.length === 1 ? 'is' : 'are'} not an end`,
      stepIds: deadEnds.map((step) => step.id),
    });
  }
  for (const element of model.unknownElements) {
    warnings.push({
      kind: 'unknown-element',
      message: `kept but not understood: ${element.element}${element.id ? ` "${element.id}"` : ''}${element.name ? ` (${element.name})` : ''}${element.location ? ` at ${element.location}` : ''}`,
      stepIds: [],
    });
  }
  return warnings;
}
