import { describe, expect, it } from 'vitest';
import { applyCommand } from '../process-model/edit-commands.ts';
import {
  createProcessModel,
  makeStep,
  type ProcessModel,
  type Step,
} from '../process-model/process-model.ts';
import { changesFromModel } from './changes-from-model.ts';

function modelOf(steps: Step[]): ProcessModel {
  const model = createProcessModel('m', { en: 'M' });
  return {
    ...model,
    steps: [
      makeStep('start', { en: 'Start' }, 'start'),
      ...steps,
      makeStep('end', { en: 'End' }, 'end'),
    ],
  };
}

const ACTIVITIES = ['Lead', 'Entry CRM', 'Entry ERP', 'Quote', 'Legal review', 'Won'];
const asIs = modelOf([
  makeStep('s1', { en: 'Lead' }),
  makeStep('s2', { en: 'Entry CRM' }),
  makeStep('s3', { en: 'Entry ERP' }),
  makeStep('s4', { en: 'Quote' }),
  makeStep('s5', { en: 'Legal review', zh: '合同评审' }),
  makeStep('s6', { en: 'Won' }),
]);

describe('changesFromModel', () => {
  it('reads removed steps, merges through the as-is model, deadlines and added steps', () => {
    let toBe = asIs;
    for (const command of [
      { type: 'merge-steps', keepId: 's2', mergeId: 's3', name: { en: 'Data entry' } },
      { type: 'remove-step', stepId: 's4', bridge: true },
      {
        type: 'set-step-attributes',
        stepId: 's5',
        changes: { deadline: { value: 48, unit: 'hour', basis: 'working' } },
      },
      { type: 'add-step', step: makeStep('s7', { en: 'After-sales hand-off' }, 'hand-off') },
    ] as const) {
      const result = applyCommand(toBe, command);
      if (!result.ok) throw new Error(result.message);
      toBe = result.model;
    }
    const { changes, notSimulated, skippedDeadlines } = changesFromModel(toBe, ACTIVITIES, {
      asIs,
      basis: 'working',
      workingDayMs: 8 * 3_600_000,
    });
    expect(changes).toEqual([
      { kind: 'remove', activity: 'Quote' },
      { kind: 'merge', activities: ['Entry CRM', 'Entry ERP'], name: 'Data entry' },
      { kind: 'deadline', activity: 'Legal review', deadlineMs: 48 * 3_600_000 },
    ]);
    expect(notSimulated).toEqual(['After-sales hand-off']);
    expect(skippedDeadlines).toEqual([]);
  });

  it('without the as-is model a merged-away activity has no step: it counts as removed', () => {
    const toBe = modelOf(asIs.steps.slice(1, -1).filter((step) => step.id !== 's3'));
    expect(changesFromModel(toBe, ACTIVITIES, { basis: 'calendar' }).changes).toEqual([
      { kind: 'remove', activity: 'Entry ERP' },
    ]);
  });

  it('leaves out a working-time deadline on a calendar-time simulation, saying so', () => {
    const toBe = modelOf([
      makeStep('s5', { zh: '合同评审' }, 'approval', {
        deadline: { value: 2, unit: 'day', basis: 'working' },
      }),
    ]);
    const result = changesFromModel(toBe, ['合同评审'], { basis: 'calendar' });
    expect(result.changes).toEqual([]);
    expect(result.skippedDeadlines).toEqual([{ step: '合同评审', reason: 'needs-working-time' }]);
    const calendar = modelOf([
      makeStep('s5', { zh: '合同评审' }, 'approval', {
        deadline: { value: 2, unit: 'day', basis: 'calendar' },
        source: 'row 6',
      }),
    ]);
    expect(
      changesFromModel(calendar, ['row 6'], { basis: 'calendar', deadlinePolicy: 'meet' }).changes,
    ).toEqual([
      { kind: 'deadline', activity: 'row 6', deadlineMs: 2 * 86_400_000, policy: 'meet' },
    ]);
  });

  it('takes deadlines from hand-off rules (before the step table) and tool factors from tool steps', () => {
    const toBe: ProcessModel = {
      ...modelOf([
        makeStep('s5', { en: 'Legal review' }, 'approval', {
          deadline: { value: 5, unit: 'day', basis: 'working' },
        }),
        makeStep('s6', { en: 'Won' }),
        makeStep('s4', { en: 'Quote' }),
      ]),
      rules: [
        {
          id: 'legal',
          kind: 'hand-off-sla',
          trigger: { kind: 'step-entered', stepId: 's5' },
          deadline: { value: 48, unit: 'hour', basis: 'working' },
          notify: [],
          escalations: [],
        },
        {
          id: 'esign',
          kind: 'tool-step',
          stepId: 's6',
          tool: 'e-signature',
          effect: { kind: 'factor', factor: 0.25 },
        },
        {
          id: 'cpq',
          kind: 'tool-step',
          stepId: 's4',
          tool: 'CPQ',
          effect: { kind: 'fixed', duration: { value: 1, unit: 'hour', basis: 'working' } },
        },
      ],
    };
    const result = changesFromModel(toBe, ['Legal review', 'Won', 'Quote'], {
      basis: 'working',
      workingDayMs: 8 * 3_600_000,
    });
    expect(result.changes).toEqual([
      { kind: 'scale', activity: 'Won', factor: 0.25 },
      { kind: 'deadline', activity: 'Legal review', deadlineMs: 48 * 3_600_000 },
    ]);
    expect(result.skippedTools).toEqual([{ step: 'Quote', tool: 'CPQ' }]);
  });

  it('makes the steps a parallel gateway splits into a parallel block', () => {
    const toBe: ProcessModel = {
      ...modelOf([
        makeStep('s4', { en: 'Quote' }),
        makeStep('fork', { en: 'Fork' }, 'decision', { gateway: 'parallel' }),
        makeStep('s5', { en: 'Legal review' }),
        makeStep('s6', { en: 'Won' }),
        makeStep('join', { en: 'Join' }, 'decision', { gateway: 'parallel' }),
      ]),
      flows: [
        { id: 'f1', from: 's4', to: 'fork' },
        { id: 'f2', from: 'fork', to: 's5' },
        { id: 'f3', from: 'fork', to: 's6' },
        { id: 'f4', from: 's5', to: 'join' },
        { id: 'f5', from: 's6', to: 'join' },
        { id: 'f6', from: 'join', to: 'end' },
      ],
    };
    expect(
      changesFromModel(toBe, ['Quote', 'Legal review', 'Won'], { basis: 'calendar' }).changes,
    ).toEqual([{ kind: 'parallel', activities: ['Legal review', 'Won'] }]);
  });
});
