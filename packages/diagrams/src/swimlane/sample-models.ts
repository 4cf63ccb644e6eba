import {
  applyCommand,
  createProcessModel,
  deriveVersion,
  type Flow,
  type ModelCommand,
  makeStep,
  type ProcessModel,
  type Step,
} from '@pipewise/engine/process-model';

/**
 * Hand-made models for tests, the README and the browser check: a B2B
 * sales process in Chinese and English with every kind of step, a rework
 * loop, a hand-off with an artifact, estimates and measurements.
 */
export function sampleSalesModel(): ProcessModel {
  const steps: Step[] = [
    makeStep('start', { zh: '收到询价', en: 'Inquiry received' }, 'start', { laneId: 'sales' }),
    makeStep('qualify', { zh: '线索确认', en: 'Qualify lead' }, 'task', {
      laneId: 'sales',
      outputs: ['客户需求表'],
      systems: ['CRM'],
      estimated: { value: 1, unit: 'day', basis: 'working' },
      measured: {
        count: 420,
        measure: 'until-next',
        calendar: { meanMs: 2.5 * 86_400_000, medianMs: 2 * 86_400_000, p90Ms: 6 * 86_400_000 },
        working: {
          meanMs: 14 * 3_600_000,
          medianMs: 12 * 3_600_000,
          p90Ms: 40 * 3_600_000,
          calendarName: 'Mon–Fri 9–18',
          workingDayMs: 8 * 3_600_000,
        },
      },
    }),
    makeStep('handoff', { zh: '移交方案团队', en: 'Hand over to solution design' }, 'hand-off', {
      laneId: 'sales',
      inputs: ['客户需求表'],
      outputs: ['客户需求表'],
    }),
    makeStep('design', { zh: '方案设计', en: 'Design the solution' }, 'task', {
      laneId: 'solution',
      inputs: ['客户需求表'],
      outputs: ['技术方案'],
      estimated: { value: 3, unit: 'day', basis: 'working' },
    }),
    makeStep('wait-customer', { zh: '等待客户反馈', en: 'Wait for customer feedback' }, 'wait', {
      laneId: 'sales',
      measured: {
        count: 380,
        measure: 'until-next',
        calendar: { meanMs: 5 * 86_400_000, medianMs: 4 * 86_400_000, p90Ms: 12 * 86_400_000 },
      },
    }),
    makeStep('accepted', { zh: '客户接受方案？', en: 'Customer accepts?' }, 'decision', {
      laneId: 'sales',
      gateway: 'exclusive',
    }),
    makeStep('pricing', { zh: '报价审批', en: 'Approve the quote' }, 'approval', {
      laneId: 'finance',
      inputs: ['技术方案'],
      outputs: ['报价单'],
      estimated: { value: 4, unit: 'hour', basis: 'working' },
    }),
    makeStep('contract', { zh: '合同评审（法务）', en: 'Contract review (legal)' }, 'subprocess', {
      laneId: 'legal',
      inputs: ['报价单'],
      estimated: { value: 30, unit: 'minute', basis: 'calendar' },
    }),
    makeStep('signed', { zh: '合同已签署', en: 'Contract signed' }, 'event', { laneId: 'legal' }),
    makeStep('archive', { zh: '归档', en: 'Archive' }, 'task'),
    makeStep('end', { zh: '赢单', en: 'Won' }, 'end', { laneId: 'sales' }),
  ];
  const flows: Flow[] = [
    { id: 'f1', from: 'start', to: 'qualify', count: 420 },
    { id: 'f2', from: 'qualify', to: 'handoff', count: 400 },
    { id: 'f3', from: 'handoff', to: 'design', count: 400 },
    { id: 'f4', from: 'design', to: 'wait-customer' },
    { id: 'f5', from: 'wait-customer', to: 'accepted' },
    { id: 'f6', from: 'accepted', to: 'pricing', condition: '接受 accepted' },
    { id: 'f7', from: 'accepted', to: 'design', condition: '需修改 changes requested' },
    { id: 'f8', from: 'pricing', to: 'contract' },
    { id: 'f9', from: 'contract', to: 'signed' },
    { id: 'f10', from: 'signed', to: 'archive' },
    { id: 'f11', from: 'archive', to: 'end' },
  ];
  return {
    ...createProcessModel('sales', { zh: '销售流程', en: 'Sales process' }),
    lanes: [
      { id: 'sales', name: { zh: '销售代表', en: 'Sales rep' }, department: '销售部 Sales' },
      { id: 'solution', name: { zh: '方案工程师', en: 'Solution engineer' }, department: '售前部' },
      { id: 'finance', name: { zh: '财务经理', en: 'Finance manager' }, department: 'Finance' },
      { id: 'legal', name: { zh: '法务', en: 'Legal counsel' } },
    ],
    steps,
    flows,
  };
}

/** `count` tasks in one lane, each flowing to the next. */
export function sampleChainModel(count: number): ProcessModel {
  const steps = Array.from({ length: count }, (_, index) =>
    makeStep(`s${index}`, { en: `Step ${index}` }, 'task', { laneId: 'lane' }),
  );
  const flows = steps.slice(1).map((step, index) => ({
    id: `f${index}`,
    from: steps[index]!.id,
    to: step.id,
  }));
  return {
    ...createProcessModel('chain', { en: 'Chain' }),
    lanes: [{ id: 'lane', name: { en: 'Owner' } }],
    steps,
    flows,
  };
}

/**
 * A to-be version of the sales model made with the edit commands: lead
 * qualification and the hand-over merged, the wait for feedback removed, a
 * credit check added, contract review split, archiving moved to legal, the
 * design estimate cut to 2 days.
 */
export function sampleToBeModel(): ProcessModel {
  const commands: ModelCommand[] = [
    { type: 'merge-steps', keepId: 'qualify', mergeId: 'handoff' },
    { type: 'remove-step', stepId: 'wait-customer', bridge: true },
    {
      type: 'add-step',
      step: makeStep('credit', { zh: '信用检查', en: 'Credit check' }, 'task', {
        laneId: 'finance',
      }),
      index: 5,
    },
    { type: 'connect', flow: { id: 'f-credit', from: 'credit', to: 'pricing' } },
    { type: 'connect', flow: { id: 'f-to-credit', from: 'accepted', to: 'credit' } },
    {
      type: 'split-step',
      stepId: 'contract',
      newStep: { id: 'contract-sign', name: { zh: '合同签批', en: 'Contract sign-off' } },
      flowId: 'f-split',
    },
    { type: 'move-step-to-lane', stepId: 'archive', laneId: 'legal' },
    {
      type: 'set-step-attributes',
      stepId: 'design',
      changes: { estimated: { value: 2, unit: 'day', basis: 'working' } },
    },
  ];
  let model = deriveVersion(sampleSalesModel(), { id: 'sales-to-be', stage: 'to-be' });
  for (const command of commands) {
    const result = applyCommand(model, command);
    if (!result.ok) throw new Error(`sampleToBeModel: ${command.type}: ${result.message}`);
    model = result.model;
  }
  return model;
}
