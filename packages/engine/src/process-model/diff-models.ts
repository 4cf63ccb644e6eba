import type { Rule } from '../rules/rule.ts';
import type { Flow, Lane, LocalizedText, ProcessModel, Step } from './process-model.ts';

export interface StepRef {
  id: string;
  name: LocalizedText;
}

export interface FieldChange {
  field:
    | 'name'
    | 'kind'
    | 'gateway'
    | 'inputs'
    | 'outputs'
    | 'systems'
    | 'estimated'
    | 'deadline'
    | 'notes';
  before: unknown;
  after: unknown;
}

export interface FlowRef {
  id: string;
  from: StepRef;
  to: StepRef;
  condition?: string;
}

/** A rule of a model, as a diff names it. */
export interface RuleRef {
  id: string;
  kind: Rule['kind'];
  name?: LocalizedText;
}

/** What changed from model `a` (say the as-is process) to model `b` (the to-be). */
export interface ModelDiff {
  steps: {
    added: StepRef[];
    removed: StepRef[];
    /** Steps of `a` folded into one step of `b`. */
    merged: { into: StepRef; from: StepRef[] }[];
    /** A step of `a` split into several steps of `b`. */
    split: { from: StepRef; into: StepRef[] }[];
    /** Steps now in another lane (lanes by name). */
    moved: { step: StepRef; fromLane: LocalizedText | null; toLane: LocalizedText | null }[];
    /** Steps now at another place in the time order (the fewest that explain the new order). */
    reordered: { step: StepRef; fromIndex: number; toIndex: number }[];
    changed: { step: StepRef; changes: FieldChange[] }[];
  };
  flows: {
    added: FlowRef[];
    removed: FlowRef[];
    changed: { flow: FlowRef; before: { condition?: string }; after: { condition?: string } }[];
  };
  lanes: {
    added: LocalizedText[];
    removed: LocalizedText[];
    renamed: { before: LocalizedText; after: LocalizedText }[];
  };
  /** Rules (docs/rules.md) matched by id; `changed` when anything in them differs. */
  rules: { added: RuleRef[]; removed: RuleRef[]; changed: RuleRef[] };
  /** True when nothing above changed. */
  isSame: boolean;
}

const COMPARED_FIELDS: FieldChange['field'][] = [
  'name',
  'kind',
  'gateway',
  'inputs',
  'outputs',
  'systems',
  'estimated',
  'deadline',
  'notes',
];

/**
 * The differences between two versions of a process. Steps are matched by
 * id (a derived version keeps its parent's ids), then, for those left, by
 * name in either language (two models made apart, say from interviews and
 * from data). A merge or split made with the edit commands is reported as
 * such (the resulting steps remember their origin), not as removals and
 * additions. Flows are matched by their matched end steps and condition.
 */
export function diffModels(a: ProcessModel, b: ProcessModel): ModelDiff {
  const match = matchSteps(a.steps, b.steps);
  const aById = new Map(a.steps.map((step) => [step.id, step]));
  const bById = new Map(b.steps.map((step) => [step.id, step]));
  const matchedA = new Set(match.values());

  // Merges and splits recorded by the edit commands.
  const merged: ModelDiff['steps']['merged'] = [];
  const split: ModelDiff['steps']['split'] = [];
  const explainedA = new Set<string>();
  const explainedB = new Set<string>();
  for (const step of b.steps) {
    if (step.origin?.kind !== 'merge') continue;
    const from = step.origin.stepIds.filter((id) => aById.has(id));
    const gone = from.filter((id) => !matchedA.has(id));
    if (gone.length === 0) continue;
    merged.push({ into: ref(step), from: from.map((id) => ref(aById.get(id)!)) });
    for (const id of gone) explainedA.add(id);
  }
  const splitGroups = new Map<string, Step[]>();
  for (const step of b.steps) {
    if (step.origin?.kind !== 'split') continue;
    const parent = step.origin.stepIds[0];
    if (parent === undefined || !aById.has(parent)) continue;
    splitGroups.set(parent, [...(splitGroups.get(parent) ?? []), step]);
  }
  for (const [parent, parts] of splitGroups) {
    split.push({ from: ref(aById.get(parent)!), into: parts.map(ref) });
    explainedA.add(parent);
    for (const part of parts) if (!match.has(part.id)) explainedB.add(part.id);
  }

  const laneName = (model: ProcessModel, laneId: string | undefined) =>
    laneId === undefined ? null : (model.lanes.find((lane) => lane.id === laneId)?.name ?? null);
  const moved: ModelDiff['steps']['moved'] = [];
  const changed: ModelDiff['steps']['changed'] = [];
  for (const [bId, aId] of match) {
    const before = aById.get(aId)!;
    const after = bById.get(bId)!;
    const fromLane = laneName(a, before.laneId);
    const toLane = laneName(b, after.laneId);
    if (!isSameText(fromLane, toLane)) moved.push({ step: ref(after), fromLane, toLane });
    const changes = COMPARED_FIELDS.flatMap((field): FieldChange[] =>
      isEqualValue(before[field], after[field])
        ? []
        : [{ field, before: before[field] ?? null, after: after[field] ?? null }],
    );
    if (changes.length > 0) changed.push({ step: ref(after), changes });
  }

  // Flows, with b's step ids translated to a's where the steps match.
  const toA = (id: string) => match.get(id) ?? `b:${id}`;
  const key = (from: string, to: string, condition: string | undefined) =>
    `${from}\u0000${to}\u0000${condition ?? ''}`;
  const endsKey = (from: string, to: string) => `${from}\u0000${to}`;
  const aFlows = new Map(a.flows.map((flow) => [key(flow.from, flow.to, flow.condition), flow]));
  const bFlows = new Map(
    b.flows.map((flow) => [key(toA(flow.from), toA(flow.to), flow.condition), flow]),
  );
  const flowRef = (model: ProcessModel, flow: Flow): FlowRef => {
    const byId = model === a ? aById : bById;
    return {
      id: flow.id,
      from: ref(byId.get(flow.from) ?? missingStep(flow.from)),
      to: ref(byId.get(flow.to) ?? missingStep(flow.to)),
      ...(flow.condition !== undefined ? { condition: flow.condition } : {}),
    };
  };
  let addedFlows = [...bFlows].filter(([k]) => !aFlows.has(k)).map(([, flow]) => flow);
  let removedFlows = [...aFlows].filter(([k]) => !bFlows.has(k)).map(([, flow]) => flow);
  // A flow between the same steps whose condition changed is one change, not two.
  const changedFlows: ModelDiff['flows']['changed'] = [];
  for (const after of [...addedFlows]) {
    const before = removedFlows.find(
      (flow) => endsKey(flow.from, flow.to) === endsKey(toA(after.from), toA(after.to)),
    );
    if (!before) continue;
    changedFlows.push({
      flow: flowRef(b, after),
      before: before.condition !== undefined ? { condition: before.condition } : {},
      after: after.condition !== undefined ? { condition: after.condition } : {},
    });
    addedFlows = addedFlows.filter((flow) => flow !== after);
    removedFlows = removedFlows.filter((flow) => flow !== before);
  }

  const lanes = diffLanes(a.lanes, b.lanes);
  const diff: ModelDiff = {
    steps: {
      added: b.steps.filter((step) => !match.has(step.id) && !explainedB.has(step.id)).map(ref),
      removed: a.steps
        .filter((step) => !matchedA.has(step.id) && !explainedA.has(step.id))
        .map(ref),
      merged,
      split,
      moved,
      reordered: findReordered(a, b, match),
      changed,
    },
    flows: {
      added: addedFlows.map((flow) => flowRef(b, flow)),
      removed: removedFlows.map((flow) => flowRef(a, flow)),
      changed: changedFlows,
    },
    lanes,
    rules: diffRules(a.rules ?? [], b.rules ?? []),
    isSame: false,
  };
  diff.isSame =
    Object.values(diff.steps).every((list) => list.length === 0) &&
    Object.values(diff.flows).every((list) => list.length === 0) &&
    Object.values(diff.lanes).every((list) => list.length === 0) &&
    Object.values(diff.rules).every((list) => list.length === 0);
  return diff;
}

function diffRules(a: readonly Rule[], b: readonly Rule[]): ModelDiff['rules'] {
  const ruleRef = (rule: Rule): RuleRef => ({
    id: rule.id,
    kind: rule.kind,
    ...(rule.name !== undefined ? { name: rule.name } : {}),
  });
  const aById = new Map(a.map((rule) => [rule.id, rule]));
  const bIds = new Set(b.map((rule) => rule.id));
  return {
    added: b.filter((rule) => !aById.has(rule.id)).map(ruleRef),
    removed: a.filter((rule) => !bIds.has(rule.id)).map(ruleRef),
    changed: b
      .filter((rule) => aById.has(rule.id) && !isEqualValue(aById.get(rule.id), rule))
      .map(ruleRef),
  };
}

/** b's step id → a's step id, by id first, then by name. */
function matchSteps(aSteps: Step[], bSteps: Step[]): Map<string, string> {
  const match = new Map<string, string>();
  const aIds = new Set(aSteps.map((step) => step.id));
  for (const step of bSteps) if (aIds.has(step.id)) match.set(step.id, step.id);
  const taken = new Set(match.values());
  for (const step of bSteps) {
    if (match.has(step.id)) continue;
    const same = aSteps.find(
      (candidate) =>
        !taken.has(candidate.id) &&
        candidate.kind === step.kind &&
        ((step.name.en !== undefined && candidate.name.en === step.name.en) ||
          (step.name.zh !== undefined && candidate.name.zh === step.name.zh)),
    );
    if (same) {
      match.set(step.id, same.id);
      taken.add(same.id);
    }
  }
  return match;
}

/**
 * Steps kept in both whose place in the order changed: those outside a
 * longest common subsequence of the two orders, the fewest moves that turn
 * one order into the other.
 */
function findReordered(
  a: ProcessModel,
  b: ProcessModel,
  match: Map<string, string>,
): ModelDiff['steps']['reordered'] {
  const aIndex = new Map(a.steps.map((step, index) => [step.id, index]));
  const common = b.steps.filter((step) => match.has(step.id));
  // Positions in a of b's common steps, in b's order: the steps in a longest
  // increasing run of these kept their relative place.
  const positions = common.map((step) => aIndex.get(match.get(step.id)!)!);
  const keep = longestIncreasingSubsequence(positions);
  const result: ModelDiff['steps']['reordered'] = [];
  common.forEach((step, k) => {
    if (keep.has(k)) return;
    result.push({ step: ref(step), fromIndex: positions[k]!, toIndex: b.steps.indexOf(step) });
  });
  return result;
}

/** Indices (into `values`) of one longest strictly increasing subsequence. */
function longestIncreasingSubsequence(values: number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(values.length).fill(-1);
  for (let k = 0; k < values.length; k++) {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < values[k]!) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[k] = tails[low - 1]!;
    tails[low] = k;
  }
  const kept = new Set<number>();
  for (let k = tails.at(-1) ?? -1; k >= 0; k = previous[k]!) kept.add(k);
  return kept;
}

function diffLanes(aLanes: Lane[], bLanes: Lane[]): ModelDiff['lanes'] {
  const aById = new Map(aLanes.map((lane) => [lane.id, lane]));
  const bIds = new Set(bLanes.map((lane) => lane.id));
  const renamed: ModelDiff['lanes']['renamed'] = [];
  const added: LocalizedText[] = [];
  for (const lane of bLanes) {
    const before = aById.get(lane.id);
    if (!before) {
      if (!aLanes.some((other) => !bIds.has(other.id) && isSameText(other.name, lane.name)))
        added.push(lane.name);
    } else if (!isSameText(before.name, lane.name)) {
      renamed.push({ before: before.name, after: lane.name });
    }
  }
  const removed = aLanes
    .filter(
      (lane) =>
        !bIds.has(lane.id) &&
        !bLanes.some((other) => !aById.has(other.id) && isSameText(other.name, lane.name)),
    )
    .map((lane) => lane.name);
  return { added, removed, renamed };
}

function ref(step: Step): StepRef {
  return { id: step.id, name: step.name };
}

function missingStep(id: string): Step {
  return { id, name: { en: id }, kind: 'task', inputs: [], outputs: [], systems: [] };
}

function isSameText(a: LocalizedText | null, b: LocalizedText | null): boolean {
  if (a === null || b === null) return a === b;
  return (a.en ?? '') === (b.en ?? '') && (a.zh ?? '') === (b.zh ?? '');
}

function isEqualValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

/** JSON with object keys sorted, so that `{zh, en}` equals `{en, zh}`. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).toSorted(([x], [y]) => (x < y ? -1 : 1)))
      : inner,
  );
}
