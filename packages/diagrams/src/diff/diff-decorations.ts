import type {
  FieldChange,
  LocalizedText,
  ModelDiff,
  ProcessModel,
} from '@pipewise/engine/process-model';
import { displayName } from '@pipewise/engine/process-model';
import type { Language } from '../swimlane/duration-badges.ts';
import type { FlowDecoration, StepDecoration } from '../swimlane/render-swimlane-svg.ts';

/** The kinds of change a diff drawing marks, in the order a step's marks are listed. */
export type ChangeMark =
  | 'added'
  | 'removed'
  | 'merged'
  | 'split'
  | 'moved'
  | 'reordered'
  | 'changed';

export const CHANGE_COLORS: Record<ChangeMark, string> = {
  added: '#2f9e44',
  removed: '#e03131',
  merged: '#7048e8',
  split: '#7048e8',
  moved: '#1971c2',
  reordered: '#1971c2',
  changed: '#f08c00',
};

/** Light fills for steps that are new or gone, so they stand out at a glance. */
const CHANGE_FILLS: Partial<Record<ChangeMark, string>> = {
  added: '#ebfbee',
  removed: '#fff5f5',
};

export const CHANGE_WORDS: Record<Language, Record<ChangeMark, string>> = {
  en: {
    added: 'added',
    removed: 'removed',
    merged: 'merged',
    split: 'split',
    moved: 'other lane',
    reordered: 'reordered',
    changed: 'changed',
  },
  zh: {
    added: '新增',
    removed: '删除',
    merged: '合并',
    split: '拆分',
    moved: '换泳道',
    reordered: '调整顺序',
    changed: '修改',
  },
};

const FIELD_WORDS: Record<Language, Record<FieldChange['field'], string>> = {
  en: {
    name: 'name',
    kind: 'kind',
    gateway: 'gateway',
    inputs: 'inputs',
    outputs: 'outputs',
    systems: 'systems',
    estimated: 'estimate',
    deadline: 'deadline',
    notes: 'notes',
  },
  zh: {
    name: '名称',
    kind: '类型',
    gateway: '网关',
    inputs: '输入',
    outputs: '输出',
    systems: '系统',
    estimated: '预计时长',
    deadline: '处理时限',
    notes: '备注',
  },
};

/** What the drawing marks on each side: decorations by step id and flow id, lane colours by lane id. */
export interface SideDecorations {
  steps: Map<string, StepDecoration>;
  flows: Map<string, FlowDecoration>;
  lanes: Map<string, string>;
}

export interface DiffDecorations {
  /** The as-is side (`a`): removed steps and flows, steps merged away or split. */
  before: SideDecorations;
  /** The to-be side (`b`): added, changed, moved, reordered steps, merge and split results, added and changed flows. */
  after: SideDecorations;
}

/** A step's marks, gathered before they become one decoration. */
type MarkList = Map<string, { mark: ChangeMark; detail?: string }[]>;

function addMark(list: MarkList, stepId: string, mark: ChangeMark, detail?: string): void {
  const marks = list.get(stepId) ?? [];
  marks.push(detail === undefined ? { mark } : { mark, detail });
  list.set(stepId, marks);
}

const ORDER: ChangeMark[] = [
  'added',
  'removed',
  'merged',
  'split',
  'moved',
  'reordered',
  'changed',
];

/** One decoration per step: the first mark's colour, every mark named in the tag. */
function toDecorations(list: MarkList, language: Language): Map<string, StepDecoration> {
  const decorations = new Map<string, StepDecoration>();
  for (const [stepId, marks] of list) {
    marks.sort((x, y) => ORDER.indexOf(x.mark) - ORDER.indexOf(y.mark));
    const first = marks[0]!.mark;
    const tag = marks
      .map(({ mark, detail }) => `${CHANGE_WORDS[language][mark]}${detail ? `: ${detail}` : ''}`)
      .join(' · ');
    const fill = CHANGE_FILLS[first];
    decorations.set(stepId, {
      stroke: CHANGE_COLORS[first],
      ...(fill ? { fill } : {}),
      tag,
      mark: marks.map(({ mark }) => mark).join(' '),
    });
  }
  return decorations;
}

/** At most `count` items, then "…": tags stay short. */
function shortList(items: readonly string[], count: number): string {
  return items.length > count ? `${items.slice(0, count).join(', ')}…` : items.join(', ');
}

function laneIdsByName(model: ProcessModel, names: readonly LocalizedText[]): string[] {
  return model.lanes
    .filter((lane) =>
      names.some(
        (name) =>
          (name.en !== undefined && name.en === lane.name.en) ||
          (name.zh !== undefined && name.zh === lane.name.zh),
      ),
    )
    .map((lane) => lane.id);
}

/**
 * Turns a diff of `a` (as-is) and `b` (to-be) into marks on both drawings:
 * steps and flows by id (the diff names b's steps for everything but
 * removals and the origins of merges and splits), lanes by name.
 */
export function diffDecorations(
  a: ProcessModel,
  b: ProcessModel,
  diff: ModelDiff,
  language: Language,
): DiffDecorations {
  const before: MarkList = new Map();
  const after: MarkList = new Map();
  const name = (text: LocalizedText | null) =>
    text === null ? (language === 'zh' ? '无' : 'none') : displayName(text, language);
  for (const step of diff.steps.removed) addMark(before, step.id, 'removed');
  for (const step of diff.steps.added) addMark(after, step.id, 'added');
  for (const merge of diff.steps.merged) {
    addMark(
      after,
      merge.into.id,
      'merged',
      shortList(
        merge.from.map((from) => name(from.name)),
        2,
      ),
    );
    // The step that absorbed the others is the same step on the left: only those folded in are marked.
    for (const from of merge.from)
      if (from.id !== merge.into.id)
        addMark(before, from.id, 'merged', `→ ${name(merge.into.name)}`);
  }
  for (const split of diff.steps.split) {
    addMark(
      before,
      split.from.id,
      'split',
      shortList(
        split.into.map((into) => name(into.name)),
        2,
      ),
    );
    for (const into of split.into) addMark(after, into.id, 'split', `← ${name(split.from.name)}`);
  }
  for (const move of diff.steps.moved)
    addMark(after, move.step.id, 'moved', `← ${name(move.fromLane)}`);
  for (const reorder of diff.steps.reordered) addMark(after, reorder.step.id, 'reordered');
  for (const change of diff.steps.changed)
    addMark(
      after,
      change.step.id,
      'changed',
      shortList(
        change.changes.map((field) => FIELD_WORDS[language][field.field]),
        2,
      ),
    );

  const flowMark = (mark: ChangeMark): FlowDecoration => ({ stroke: CHANGE_COLORS[mark], mark });
  const beforeFlows = new Map(diff.flows.removed.map((flow) => [flow.id, flowMark('removed')]));
  const afterFlows = new Map<string, FlowDecoration>([
    ...diff.flows.added.map((flow): [string, FlowDecoration] => [flow.id, flowMark('added')]),
    ...diff.flows.changed.map((change): [string, FlowDecoration] => [
      change.flow.id,
      flowMark('changed'),
    ]),
  ]);

  const laneColors = (model: ProcessModel, names: LocalizedText[], mark: ChangeMark) =>
    laneIdsByName(model, names).map((id): [string, string] => [id, CHANGE_COLORS[mark]]);
  return {
    before: {
      steps: toDecorations(before, language),
      flows: beforeFlows,
      lanes: new Map(laneColors(a, diff.lanes.removed, 'removed')),
    },
    after: {
      steps: toDecorations(after, language),
      flows: afterFlows,
      lanes: new Map([
        ...laneColors(b, diff.lanes.added, 'added'),
        ...laneColors(
          b,
          diff.lanes.renamed.map((rename) => rename.after),
          'changed',
        ),
      ]),
    },
  };
}
