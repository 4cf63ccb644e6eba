import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCommand, checkCommand, type ModelCommand } from './edit-commands.ts';
import { edit, redo, startHistory, undo } from './edit-history.ts';
import { createProcessModel, makeStep, type ProcessModel } from './process-model.ts';

/** Lead → Qualify → Proposal → (Legal review | Contract) → Closed, in two lanes. */
function salesProcess(): ProcessModel {
  return {
    ...createProcessModel('p', { en: 'Sales', zh: '销售流程' }),
    lanes: [
      { id: 'sales', name: { en: 'Sales rep', zh: '销售' }, department: 'Sales' },
      { id: 'legal', name: { en: 'Legal', zh: '法务' } },
    ],
    steps: [
      makeStep('start', { en: 'Start' }, 'start'),
      makeStep('lead', { en: 'Lead', zh: '线索' }, 'task', {
        laneId: 'sales',
        outputs: ['需求表'],
      }),
      makeStep('qualify', { en: 'Qualify', zh: '需求确认' }, 'task', {
        laneId: 'sales',
        inputs: ['需求表'],
        systems: ['CRM'],
        estimated: { value: 2, unit: 'hour', basis: 'working' },
      }),
      makeStep('proposal', { en: 'Proposal', zh: '方案' }, 'task', {
        laneId: 'sales',
        systems: ['Excel'],
        estimated: { value: 30, unit: 'minute', basis: 'working' },
      }),
      makeStep('review', { en: 'Legal review', zh: '法务审核' }, 'approval', { laneId: 'legal' }),
      makeStep('end', { en: 'Closed' }, 'end'),
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'lead' },
      { id: 'f2', from: 'lead', to: 'qualify' },
      { id: 'f3', from: 'qualify', to: 'proposal' },
      { id: 'f4', from: 'proposal', to: 'review', condition: 'amount > 1M' },
      { id: 'f5', from: 'proposal', to: 'end' },
      { id: 'f6', from: 'review', to: 'end' },
      { id: 'f7', from: 'proposal', to: 'qualify' },
    ],
  };
}

function applied(model: ProcessModel, command: ModelCommand) {
  const result = applyCommand(model, command);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result;
}

function expectUndone(model: ProcessModel, command: ModelCommand): void {
  const { model: after, inverse } = applied(model, command);
  expect(applied(after, inverse).model).toEqual(model);
}

describe('edit commands', () => {
  it('adds a step at a position and removes it again', () => {
    const model = salesProcess();
    const step = makeStep('sign', { zh: '电子签约' }, 'task', { laneId: 'sales' });
    const { model: after } = applied(model, { type: 'add-step', step, index: 4 });
    expect(after.steps.map((s) => s.id)).toEqual([
      'start',
      'lead',
      'qualify',
      'proposal',
      'sign',
      'review',
      'end',
    ]);
    expectUndone(model, { type: 'add-step', step, index: 4 });
  });

  it('removes a step with its flows, or bridges its predecessors to its successors', () => {
    const model = salesProcess();
    const plain = applied(model, { type: 'remove-step', stepId: 'review' }).model;
    expect(plain.flows.map((f) => f.id)).toEqual(['f1', 'f2', 'f3', 'f5', 'f7']);

    const bridged = applied(model, { type: 'remove-step', stepId: 'qualify', bridge: true }).model;
    // lead → qualify → proposal becomes lead → proposal; proposal → qualify (rework) goes.
    expect(bridged.flows.map((f) => `${f.from}->${f.to}`)).toEqual([
      'start->lead',
      'proposal->review',
      'proposal->end',
      'review->end',
      'lead->proposal',
    ]);
    expectUndone(model, { type: 'remove-step', stepId: 'qualify', bridge: true });
  });

  it('renames, moves to another lane and reorders, each undone by its inverse', () => {
    const model = salesProcess();
    for (const command of [
      { type: 'rename-step', stepId: 'lead', name: { en: 'New lead', zh: '新线索' } },
      { type: 'move-step-to-lane', stepId: 'proposal', laneId: 'legal' },
      { type: 'move-step-to-lane', stepId: 'proposal', laneId: null },
      { type: 'reorder-step', stepId: 'review', index: 1 },
      { type: 'connect', flow: { id: 'f8', from: 'lead', to: 'end' } },
      { type: 'disconnect', flowId: 'f4' },
      {
        type: 'set-step-attributes',
        stepId: 'review',
        changes: { estimated: { value: 3, unit: 'day', basis: 'working' }, systems: ['OA'] },
      },
      { type: 'set-step-attributes', stepId: 'qualify', changes: { estimated: null, notes: 'x' } },
      { type: 'add-lane', lane: { id: 'finance', name: { en: 'Finance' } }, index: 0 },
      { type: 'rename-lane', laneId: 'legal', name: { en: 'Legal team' } },
    ] satisfies ModelCommand[]) {
      expectUndone(model, command);
    }
  });

  it('merges two steps: flows re-pointed, the flow between them gone, lists united, estimates added', () => {
    const model = salesProcess();
    const { model: after } = applied(model, {
      type: 'merge-steps',
      keepId: 'qualify',
      mergeId: 'proposal',
      name: { en: 'Qualify and propose' },
    });
    const merged = after.steps.find((s) => s.id === 'qualify')!;
    expect(merged.name).toEqual({ en: 'Qualify and propose' });
    expect(merged.systems).toEqual(['CRM', 'Excel']);
    expect(merged.inputs).toEqual(['需求表']);
    // 2 working hours + 30 working minutes
    expect(merged.estimated).toEqual({ value: 2.5, unit: 'hour', basis: 'working' });
    expect(merged.origin).toEqual({ kind: 'merge', stepIds: ['qualify', 'proposal'] });
    expect(after.steps.some((s) => s.id === 'proposal')).toBe(false);
    expect(
      after.flows.map((f) => `${f.from}->${f.to}${f.condition ? `[${f.condition}]` : ''}`),
    ).toEqual([
      'start->lead',
      'lead->qualify',
      'qualify->review[amount > 1M]',
      'qualify->end',
      'review->end',
    ]);
    expectUndone(model, { type: 'merge-steps', keepId: 'qualify', mergeId: 'proposal' });
  });

  it('splits a step: the second part takes the outgoing flows and the outputs', () => {
    const model = salesProcess();
    const { model: after } = applied(model, {
      type: 'split-step',
      stepId: 'lead',
      newStep: { id: 'lead-2', name: { en: 'Lead follow-up' } },
      flowId: 'f-split',
    });
    expect(after.steps.map((s) => s.id).slice(0, 4)).toEqual([
      'start',
      'lead',
      'lead-2',
      'qualify',
    ]);
    expect(after.flows.filter((f) => f.from === 'lead' || f.from === 'lead-2')).toEqual([
      { id: 'f2', from: 'lead-2', to: 'qualify' },
      { id: 'f-split', from: 'lead', to: 'lead-2' },
    ]);
    expect(after.steps[2]).toMatchObject({
      laneId: 'sales',
      outputs: ['需求表'],
      origin: { kind: 'split' },
    });
    expect(after.steps[1]!.outputs).toEqual([]);
    expectUndone(model, {
      type: 'split-step',
      stepId: 'lead',
      newStep: { id: 'lead-2', name: { en: 'Lead follow-up' } },
      flowId: 'f-split',
    });
  });

  it('refuses edits that would break the model, and says why', () => {
    const model = salesProcess();
    const refusals: [ModelCommand, string][] = [
      [{ type: 'rename-step', stepId: 'nope', name: { en: 'x' } }, 'no-such-step'],
      [{ type: 'rename-step', stepId: 'lead', name: { en: '  ' } }, 'empty-name'],
      [{ type: 'rename-step', stepId: 'lead', name: { zh: '方案' } }, 'duplicate-name'],
      [{ type: 'add-step', step: makeStep('f1', { en: 'X' }) }, 'id-taken'],
      [
        { type: 'add-step', step: makeStep('x', { en: 'X' }, 'task', { laneId: 'hr' }) },
        'no-such-lane',
      ],
      [{ type: 'remove-step', stepId: 'start' }, 'last-start-or-end'],
      [{ type: 'merge-steps', keepId: 'start', mergeId: 'lead' }, 'not-mergeable'],
      [{ type: 'merge-steps', keepId: 'lead', mergeId: 'lead' }, 'not-mergeable'],
      [
        {
          type: 'split-step',
          stepId: 'end',
          newStep: { id: 'e2', name: { en: 'E' } },
          flowId: 'fe',
        },
        'not-splittable',
      ],
      [{ type: 'connect', flow: { id: 'f9', from: 'lead', to: 'qualify' } }, 'duplicate-flow'],
      [{ type: 'connect', flow: { id: 'f9', from: 'end', to: 'lead' } }, 'flow-direction'],
      [{ type: 'connect', flow: { id: 'f9', from: 'lead', to: 'start' } }, 'flow-direction'],
      [{ type: 'disconnect', flowId: 'f99' }, 'no-such-flow'],
      [{ type: 'remove-lane', laneId: 'legal' }, 'lane-not-empty'],
      [{ type: 'move-step-to-lane', stepId: 'lead', laneId: 'sales' }, 'no-change'],
      [{ type: 'reorder-step', stepId: 'lead', index: 9 }, 'out-of-range'],
    ];
    for (const [command, code] of refusals) {
      const check = checkCommand(model, command);
      expect(check.ok ? 'allowed' : check.code, JSON.stringify(command)).toBe(code);
      expect(applyCommand(model, command).ok).toBe(false);
    }
  });
});

describe('edit history', () => {
  it('undoes and redoes in order, and a new edit forgets what was undone', () => {
    const model = salesProcess();
    let history = startHistory(model);
    const commands: ModelCommand[] = [
      { type: 'rename-step', stepId: 'lead', name: { en: 'Inbound lead' } },
      { type: 'merge-steps', keepId: 'qualify', mergeId: 'proposal' },
      { type: 'remove-step', stepId: 'review', bridge: true },
    ];
    const states = [model];
    for (const command of commands) {
      const result = edit(history, command);
      if (!result.ok) throw new Error(result.message);
      history = result.history;
      states.push(history.model);
    }
    for (let k = states.length - 2; k >= 0; k--) {
      history = undo(history);
      expect(history.model).toEqual(states[k]);
    }
    expect(undo(history)).toBe(history);
    for (let k = 1; k < states.length; k++) {
      history = redo(history);
      expect(history.model).toEqual(states[k]);
    }
    history = undo(undo(history));
    const result = edit(history, { type: 'add-lane', lane: { id: 'ops', name: { en: 'Ops' } } });
    expect(result.ok && result.history.undone).toEqual([]);
  });

  it('any sequence of allowed edits is undone back to the start (property)', () => {
    const model = salesProcess();
    const stepIds = model.steps.map((s) => s.id);
    const command = fc.oneof(
      fc.record({
        type: fc.constant('rename-step'),
        stepId: fc.constantFrom(...stepIds),
        name: fc.record({ en: fc.string({ minLength: 1, maxLength: 4 }) }),
      }),
      fc.record({
        type: fc.constant('remove-step'),
        stepId: fc.constantFrom(...stepIds),
        bridge: fc.boolean(),
      }),
      fc.record({
        type: fc.constant('reorder-step'),
        stepId: fc.constantFrom(...stepIds),
        index: fc.nat(5),
      }),
      fc.record({
        type: fc.constant('merge-steps'),
        keepId: fc.constantFrom(...stepIds),
        mergeId: fc.constantFrom(...stepIds),
      }),
      fc.record({
        type: fc.constant('move-step-to-lane'),
        stepId: fc.constantFrom(...stepIds),
        laneId: fc.constantFrom('sales', 'legal', null),
      }),
      fc.record({
        type: fc.constant('disconnect'),
        flowId: fc.constantFrom('f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7'),
      }),
      fc.record({
        type: fc.constant('split-step'),
        stepId: fc.constantFrom(...stepIds),
        newStep: fc.record({
          id: fc.constantFrom('n1', 'n2'),
          name: fc.record({ en: fc.constantFrom('N1', 'N2') }),
        }),
        flowId: fc.constantFrom('s1', 's2'),
      }),
    ) as fc.Arbitrary<ModelCommand>;
    fc.assert(
      fc.property(fc.array(command, { maxLength: 12 }), (commands) => {
        let history = startHistory(model);
        for (const next of commands) {
          const result = edit(history, next);
          if (result.ok) history = result.history;
        }
        while (history.done.length > 0) history = undo(history);
        expect(history.model).toEqual(model);
      }),
    );
  });
});

describe('edits under rules', () => {
  const ruled: ProcessModel = {
    ...createProcessModel('m', { en: 'Sales' }, 'to-be'),
    lanes: [{ id: 'legal', name: { en: 'Legal' } }],
    steps: [
      makeStep('start', { en: 'Start' }, 'start'),
      makeStep('review', { en: 'Contract review' }, 'approval', { laneId: 'legal' }),
      makeStep('sign', { en: 'Sign' }),
      makeStep('end', { en: 'End' }, 'end'),
    ],
    rules: [
      {
        id: 'legal-48h',
        kind: 'hand-off-sla',
        trigger: { kind: 'step-entered', stepId: 'review' },
        deadline: { value: 48, unit: 'hour', basis: 'working' },
        notify: [{ laneId: 'legal', channel: 'in-app' }],
        escalations: [],
      },
    ],
  };

  it('refuses to remove or merge away a step a rule names, saying which rule', () => {
    expect(checkCommand(ruled, { type: 'remove-step', stepId: 'review' })).toEqual({
      ok: false,
      code: 'used-by-rule',
      message: 'rule "legal-48h" names "Contract review"; change or remove the rule first',
    });
    expect(
      checkCommand(ruled, { type: 'merge-steps', keepId: 'sign', mergeId: 'review' }),
    ).toMatchObject({
      code: 'used-by-rule',
    });
    expect(checkCommand(ruled, { type: 'merge-steps', keepId: 'review', mergeId: 'sign' })).toEqual(
      { ok: true },
    );
    expect(checkCommand(ruled, { type: 'remove-step', stepId: 'sign' })).toEqual({ ok: true });
  });

  it('refuses to remove a lane a rule notifies', () => {
    const emptied = { ...ruled, steps: ruled.steps.map((s) => makeStep(s.id, s.name, s.kind)) };
    expect(checkCommand(emptied, { type: 'remove-lane', laneId: 'legal' })).toMatchObject({
      ok: false,
      code: 'used-by-rule',
    });
  });

  const gate = {
    id: 'gate-review',
    kind: 'stage-gate' as const,
    stepId: 'review',
    on: 'enter' as const,
    requiredFields: ['credit check'],
    requiredArtifacts: ['signed quote'],
  };

  it('adds a rule, replaces it in place by its id, and removes it; each undone exactly', () => {
    const added = applied(ruled, { type: 'set-rule', rule: gate, index: 0 });
    expect(added.model.rules!.map((rule) => rule.id)).toEqual(['gate-review', 'legal-48h']);
    expect(applied(added.model, added.inverse).model).toEqual(ruled);

    const escalating = {
      ...ruled.rules![0]!,
      escalations: [
        {
          after: { value: 48, unit: 'hour' as const, basis: 'working' as const },
          notify: [{ role: '法务经理', channel: 'email' as const }],
        },
      ],
    };
    const replaced = applied(added.model, { type: 'set-rule', rule: escalating });
    expect(replaced.model.rules!.map((rule) => rule.id)).toEqual(['gate-review', 'legal-48h']);
    expect(replaced.model.rules![1]).toEqual(escalating);
    expect(applied(replaced.model, replaced.inverse).model).toEqual(added.model);

    expectUndone(added.model, { type: 'remove-rule', ruleId: 'legal-48h' });
    const removedAll = applied(ruled, { type: 'remove-rule', ruleId: 'legal-48h' }).model;
    expect('rules' in removedAll).toBe(false);
    expect(checkCommand(ruled, { type: 'remove-rule', ruleId: 'nope' })).toMatchObject({
      code: 'no-such-rule',
    });
  });

  it('refuses a rule that names a missing step or lane, takes a used id, or is malformed', () => {
    expect(checkCommand(ruled, { type: 'set-rule', rule: { ...gate, stepId: 'missing' } })).toEqual(
      { ok: false, code: 'no-such-step', message: 'rule.stepId: no step "missing"' },
    );
    expect(
      checkCommand(ruled, {
        type: 'set-rule',
        rule: {
          id: 'remind',
          kind: 'inactivity-reminder',
          stepIds: ['review'],
          idle: { value: 5, unit: 'day', basis: 'working' },
          notify: [{ laneId: 'sales', channel: 'in-app' }],
        },
      }),
    ).toMatchObject({ code: 'no-such-lane', message: 'rule.notify.0.laneId: no lane "sales"' });
    expect(checkCommand(ruled, { type: 'set-rule', rule: { ...gate, id: 'sign' } })).toMatchObject({
      code: 'id-taken',
    });
    // A rule id is taken for steps too: ids are one space in a model.
    const withGate = applied(ruled, { type: 'set-rule', rule: gate }).model;
    expect(
      checkCommand(withGate, {
        type: 'add-step',
        step: makeStep('gate-review', { en: 'Gate' }),
      }),
    ).toMatchObject({ code: 'id-taken' });
    expect(
      checkCommand(ruled, {
        type: 'set-rule',
        rule: { ...gate, on: 'sideways' } as unknown as typeof gate,
      }),
    ).toMatchObject({ ok: false, code: 'invalid-value' });
    expect(checkCommand(ruled, { type: 'set-rule', rule: gate, index: 5 })).toMatchObject({
      code: 'out-of-range',
    });
  });
});
