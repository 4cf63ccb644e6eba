import { describe, expect, it } from 'vitest';
import { checkProcessModel } from './check-process-model.ts';
import { deriveVersion, toBeName } from './derive-version.ts';
import { diffModels } from './diff-models.ts';
import { applyCommand, type ModelCommand } from './edit-commands.ts';
import { migrateProcessModel, parseProcessModel } from './parse-process-model.ts';
import {
  createProcessModel,
  displayName,
  estimateToMs,
  makeStep,
  type ProcessModel,
} from './process-model.ts';

function asIs(): ProcessModel {
  return {
    ...createProcessModel('as-is', { zh: '销售流程' }),
    lanes: [
      { id: 'sales', name: { zh: '销售' } },
      { id: 'legal', name: { zh: '法务' } },
    ],
    steps: [
      makeStep('s', { zh: '开始' }, 'start'),
      makeStep('a', { zh: '录入客户信息' }, 'task', { laneId: 'sales', systems: ['CRM'] }),
      makeStep('b', { zh: '再次录入客户信息' }, 'task', { laneId: 'sales', systems: ['ERP'] }),
      makeStep('c', { zh: '合同审批' }, 'approval', { laneId: 'legal' }),
      makeStep('d', { zh: '签约' }, 'task', { laneId: 'sales' }),
      makeStep('e', { zh: '结束' }, 'end'),
    ],
    flows: [
      { id: 'f1', from: 's', to: 'a' },
      { id: 'f2', from: 'a', to: 'b' },
      { id: 'f3', from: 'b', to: 'c' },
      { id: 'f4', from: 'c', to: 'd' },
      { id: 'f5', from: 'd', to: 'e' },
    ],
  };
}

function applyAll(model: ProcessModel, commands: ModelCommand[]): ProcessModel {
  return commands.reduce((current, command) => {
    const result = applyCommand(current, command);
    if (!result.ok) throw new Error(result.message);
    return result.model;
  }, model);
}

describe('saving and loading a model', () => {
  it('reads back what it saved', () => {
    const model = asIs();
    expect(parseProcessModel(JSON.parse(JSON.stringify(model)))).toEqual({ ok: true, model });
  });

  it('names the JSON path of every problem', () => {
    const broken = JSON.parse(JSON.stringify(asIs()));
    broken.steps[1].kind = 'meeting';
    broken.steps[2].name = {};
    broken.flows[0].to = 'nowhere';
    const first = parseProcessModel(broken);
    expect(first.ok).toBe(false);
    expect(!first.ok && first.problems.map((problem) => problem.path)).toEqual([
      'steps.1.kind',
      'steps.2.name',
    ]);

    const references = JSON.parse(JSON.stringify(asIs()));
    references.flows[0].to = 'nowhere';
    references.steps[3].laneId = 'finance';
    references.flows[1].id = 'a';
    const second = parseProcessModel(references);
    expect(!second.ok && second.problems).toEqual([
      { path: 'flows.1.id', message: 'id "a" is already used at steps.1.id' },
      { path: 'steps.3.laneId', message: 'no lane "finance"' },
      { path: 'flows.0.to', message: 'no step "nowhere"' },
    ]);
  });

  it('migrates older saved versions in turn and refuses newer ones', () => {
    const migrations = [
      { from: 1, migrate: (doc: Record<string, unknown>) => ({ ...doc, title: doc.name }) },
      {
        from: 2,
        migrate: ({ title, ...doc }: Record<string, unknown>) => ({ ...doc, label: title }),
      },
    ];
    expect(migrateProcessModel({ schemaVersion: 1, name: 'x' }, migrations, 3)).toEqual({
      ok: true,
      document: { schemaVersion: 3, name: 'x', label: 'x' },
    });
    expect(migrateProcessModel({ schemaVersion: 2, name: 'x', title: 'y' }, migrations, 3)).toEqual(
      {
        ok: true,
        document: { schemaVersion: 3, name: 'x', label: 'y' },
      },
    );
    const newer = migrateProcessModel({ schemaVersion: 4 }, migrations, 3);
    expect(!newer.ok && newer.problems[0]!.message).toMatch(/newer Pipewise/);
    expect(migrateProcessModel({ name: 'x' }).ok).toBe(false);
    expect(migrateProcessModel([]).ok).toBe(false);
  });
});

describe('warnings about a model', () => {
  it('finds duplicate names in a lane, unreachable cycles and dead ends', () => {
    const model = asIs();
    model.steps.push(
      makeStep('x', { zh: '签约' }, 'task', { laneId: 'sales' }),
      makeStep('y', { zh: '回访' }, 'task', { laneId: 'sales' }),
    );
    // x ⇄ y: a cycle nothing enters; x is also a second 签约 in the sales lane.
    model.flows.push({ id: 'f6', from: 'x', to: 'y' }, { id: 'f7', from: 'y', to: 'x' });
    model.flows = model.flows.filter((flow) => flow.id !== 'f5');
    expect(checkProcessModel(model).map(({ kind, stepIds }) => ({ kind, stepIds }))).toEqual([
      { kind: 'duplicate-name-in-lane', stepIds: ['d', 'x'] },
      { kind: 'unreachable', stepIds: ['e', 'x', 'y'] },
      { kind: 'dead-end', stepIds: ['d'] },
    ]);
  });

  it('says when there is no start, and reports unknown elements', () => {
    const model = asIs();
    model.steps = model.steps.filter((step) => step.kind !== 'start');
    model.flows = model.flows.filter((flow) => flow.from !== 's');
    model.unknownElements.push({ element: 'bpmn:group', id: 'G1', location: 'x.bpmn:12' });
    expect(checkProcessModel(model).map((warning) => warning.kind)).toEqual([
      'no-start',
      'unknown-element',
    ]);
  });
});

describe('estimates', () => {
  it('count working days in the working day of the calendar, calendar days as 24 h', () => {
    expect(estimateToMs({ value: 3, unit: 'day', basis: 'working' })).toBe(3 * 8 * 3_600_000);
    expect(estimateToMs({ value: 3, unit: 'day', basis: 'working' }, 9 * 3_600_000)).toBe(
      27 * 3_600_000,
    );
    expect(estimateToMs({ value: 2, unit: 'day', basis: 'calendar' })).toBe(48 * 3_600_000);
    expect(estimateToMs({ value: 1, unit: 'week', basis: 'working' })).toBe(40 * 3_600_000);
    expect(estimateToMs({ value: 30, unit: 'minute', basis: 'calendar' })).toBe(1_800_000);
  });

  it('shows names in the chosen language, else the other', () => {
    expect(displayName({ zh: '签约', en: 'Sign' }, 'zh')).toBe('签约');
    expect(displayName({ zh: '签约' }, 'en')).toBe('签约');
    expect(displayName({ en: 'Sign' }, 'zh')).toBe('Sign');
  });
});

describe('versions and their diff', () => {
  it('a derived to-be version remembers its parent and starts out the same', () => {
    const toBe = deriveVersion(asIs(), { id: 'to-be', label: '2025 优化' });
    expect(toBe.version).toEqual({
      number: 2,
      stage: 'to-be',
      label: '2025 优化',
      derivedFrom: { modelId: 'as-is', number: 1 },
    });
    expect(diffModels(asIs(), toBe).isSame).toBe(true);
  });

  it('names a to-be derived from an as-is for what it is, and leaves other names alone', () => {
    const named = {
      ...asIs(),
      name: { zh: '销售流程（现状）', en: 'Sales process (as-is)' },
    };
    expect(deriveVersion(named, { id: 'to-be' }).name).toEqual({
      zh: '销售流程（优化后）',
      en: 'Sales process (to-be)',
    });
    expect(toBeName({ en: 'As-is sales' })).toEqual({ en: 'To-be sales' });
    expect(toBeName({ zh: '报价流程' })).toEqual({ zh: '报价流程' });
    // A version derived from a to-be keeps its name.
    const again = deriveVersion(deriveVersion(named, { id: 'b' }), { id: 'c' });
    expect(again.name.zh).toBe('销售流程（优化后）');
  });

  it('lists merged, removed, added, moved, reordered and changed steps and flows', () => {
    const before = asIs();
    const after = applyAll(deriveVersion(before, { id: 'to-be' }), [
      // The same customer data typed into two systems: one step.
      { type: 'merge-steps', keepId: 'a', mergeId: 'b', name: { zh: '录入客户信息（一次）' } },
      {
        type: 'add-step',
        step: makeStep('sig', { zh: '电子签章' }, 'task', { laneId: 'sales' }),
        index: 4,
      },
      { type: 'move-step-to-lane', stepId: 'd', laneId: 'legal' },
      {
        type: 'set-step-attributes',
        stepId: 'c',
        changes: { estimated: { value: 2, unit: 'day', basis: 'working' } },
      },
      { type: 'connect', flow: { id: 'f9', from: 'c', to: 'sig' } },
      { type: 'reorder-step', stepId: 'd', index: 1 },
    ]);
    const diff = diffModels(before, after);
    const names = (refs: { name: { zh?: string } }[]) => refs.map((ref) => ref.name.zh);
    expect(names(diff.steps.added)).toEqual(['电子签章']);
    expect(diff.steps.removed).toEqual([]);
    expect(diff.steps.merged).toEqual([
      {
        into: { id: 'a', name: { zh: '录入客户信息（一次）' } },
        from: [
          { id: 'a', name: { zh: '录入客户信息' } },
          { id: 'b', name: { zh: '再次录入客户信息' } },
        ],
      },
    ]);
    expect(diff.steps.moved).toEqual([
      { step: { id: 'd', name: { zh: '签约' } }, fromLane: { zh: '销售' }, toLane: { zh: '法务' } },
    ]);
    expect(diff.steps.reordered).toEqual([
      { step: { id: 'd', name: { zh: '签约' } }, fromIndex: 4, toIndex: 1 },
    ]);
    expect(
      diff.steps.changed.map(({ step, changes }) => [step.id, changes.map((c) => c.field)]),
    ).toEqual([
      ['a', ['name', 'systems']],
      ['c', ['estimated']],
    ]);
    // b's flows went with it: a → b inside the merged step, b → c now from a.
    expect(diff.flows.removed.map((flow) => `${flow.from.id}->${flow.to.id}`)).toEqual([
      'a->b',
      'b->c',
    ]);
    expect(diff.flows.added.map((flow) => `${flow.from.id}->${flow.to.id}`)).toEqual([
      'a->c',
      'c->sig',
    ]);
    expect(diff.isSame).toBe(false);
  });

  it('lists rules added, removed and changed, matched by id; a rule alone makes versions differ', () => {
    const gate = {
      id: 'gate',
      kind: 'stage-gate' as const,
      stepId: 'c',
      on: 'enter' as const,
      requiredFields: ['信用检查'],
      requiredArtifacts: [],
    };
    const sla = {
      id: 'sla',
      kind: 'hand-off-sla' as const,
      name: { zh: '法务 48 小时' },
      trigger: { kind: 'step-entered' as const, stepId: 'c' },
      deadline: { value: 48, unit: 'hour' as const, basis: 'working' as const },
      notify: [],
      escalations: [],
    };
    const before = { ...asIs(), rules: [gate, sla] };
    const after = {
      ...deriveVersion(before, { id: 'to-be' }),
      rules: [
        { ...sla, deadline: { value: 24, unit: 'hour' as const, basis: 'working' as const } },
        { ...gate, id: 'gate-2' },
      ],
    };
    const diff = diffModels(before, after);
    expect(diff.rules).toEqual({
      added: [{ id: 'gate-2', kind: 'stage-gate' }],
      removed: [{ id: 'gate', kind: 'stage-gate' }],
      changed: [{ id: 'sla', kind: 'hand-off-sla', name: { zh: '法务 48 小时' } }],
    });
    expect(diff.isSame).toBe(false);
    // The same rules with keys in another order are the same rules.
    const reordered = {
      ...before,
      rules: [gate, Object.fromEntries(Object.entries(sla).reverse()) as typeof sla].reverse(),
    };
    expect(diffModels(before, reordered).isSame).toBe(true);
  });

  it('reports a split, and a removal that was not a merge', () => {
    const before = asIs();
    const after = applyAll(deriveVersion(before, { id: 'to-be' }), [
      {
        type: 'split-step',
        stepId: 'c',
        newStep: { id: 'c2', name: { zh: '法务盖章' } },
        flowId: 'fc',
      },
      { type: 'remove-step', stepId: 'b', bridge: true },
    ]);
    const diff = diffModels(before, after);
    expect(diff.steps.split).toEqual([
      {
        from: { id: 'c', name: { zh: '合同审批' } },
        into: [
          { id: 'c', name: { zh: '合同审批' } },
          { id: 'c2', name: { zh: '法务盖章' } },
        ],
      },
    ]);
    expect(diff.steps.added).toEqual([]);
    expect(diff.steps.removed).toEqual([{ id: 'b', name: { zh: '再次录入客户信息' } }]);
  });

  it('matches steps by name when the two models were made apart, and condition changes are changes', () => {
    const before = asIs();
    const after = asIs();
    after.steps = after.steps.map((step) => ({ ...step, id: `new-${step.id}` }));
    after.flows = after.flows.map((flow) => ({
      ...flow,
      from: `new-${flow.from}`,
      to: `new-${flow.to}`,
      ...(flow.id === 'f4' ? { condition: '已批准' } : {}),
    }));
    after.lanes = [{ id: 'sales', name: { zh: '销售部' } }, ...after.lanes.slice(1)];
    const diff = diffModels(before, after);
    expect(diff.steps.added).toEqual([]);
    expect(diff.steps.removed).toEqual([]);
    expect(diff.flows.added).toEqual([]);
    expect(diff.flows.changed.map((change) => [change.flow.from.id, change.after])).toEqual([
      ['new-c', { condition: '已批准' }],
    ]);
    expect(diff.lanes.renamed).toEqual([{ before: { zh: '销售' }, after: { zh: '销售部' } }]);
  });
});
