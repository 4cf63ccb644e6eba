import { createProcessModel, makeStep, type ProcessModel } from '@pipewise/engine/process-model';

/**
 * A quote approval drawn by hand: Chinese and English names (some in one
 * language only, one with Chinese text in its English slot), ids that are
 * not XML names ("报价流程 v1", "2", "ok?"), every step kind, a decision
 * with conditions, artifacts, systems, an estimate, a measured duration,
 * notes with XML's special characters and a message flow.
 */
export function buildQuoteApproval(): ProcessModel {
  return {
    ...createProcessModel('报价流程 v1', { zh: '报价审批流程', en: 'Quote approval' }),
    notes: 'Drawn from the interviews of 3 May.\n  Indented line & <tags> "quoted".',
    lanes: [
      { id: 'sales', name: { zh: '销售', en: 'Sales' }, department: '华东区销售部' },
      { id: '2', name: { zh: '财务' } },
    ],
    steps: [
      makeStep('start', { zh: '收到询价', en: 'Enquiry received' }, 'start', { laneId: 'sales' }),
      makeStep('quote', { zh: '编制报价', en: 'Prepare quote' }, 'task', {
        laneId: 'sales',
        outputs: ['报价单'],
        systems: ['CRM', 'Excel'],
        estimated: { value: 2, unit: 'day', basis: 'working', text: '2 个工作日' },
        measured: {
          count: 41,
          measure: 'until-next',
          calendar: { meanMs: 1.5e8, medianMs: 1.2e8, p90Ms: 3.1e8 },
        },
        cases: 41,
        notes: 'Check the price list & discounts <15%\r\nthen "send".',
      }),
      makeStep('approve', { zh: '报价审批' }, 'approval', {
        laneId: '2',
        inputs: ['报价单'],
        outputs: ['审批意见'],
      }),
      makeStep('ok?', { zh: '是否批准', en: 'Approved?' }, 'decision', {
        laneId: '2',
        gateway: 'exclusive',
      }),
      makeStep('handoff', { en: 'Hand over to legal' }, 'hand-off', { laneId: 'sales' }),
      makeStep('wait', { zh: '等待客户签字' }, 'wait', {
        laneId: 'sales',
        estimated: { value: 3, unit: 'day', basis: 'calendar' },
      }),
      makeStep('contract', { zh: '合同谈判', en: 'Negotiate\ncontract' }, 'subprocess', {
        laneId: 'sales',
        origin: { kind: 'merge', stepIds: ['call', 'agree terms'] },
      }),
      makeStep('split', { en: 'In parallel' }, 'decision', { gateway: 'parallel' }),
      makeStep('notify', { en: '客户 notified' }, 'event', { inputs: ['Notice'] }),
      makeStep('archive', { zh: 'OK' }, 'task', { laneId: '2', systems: ['ERP'] }),
      makeStep('end', { zh: '结束', en: 'Done' }, 'end', { laneId: 'sales' }),
      makeStep('rejected', { zh: '拒绝' }, 'end', { laneId: '2' }),
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'quote', kind: 'sequence' },
      { id: 'f2', from: 'quote', to: 'approve', kind: 'sequence', count: 41 },
      { id: 'f3', from: 'approve', to: 'ok?', kind: 'sequence' },
      { id: 'f4', from: 'ok?', to: 'handoff', condition: '金额 > 1M & 已批准', kind: 'sequence' },
      { id: 'f5', from: 'ok?', to: 'rejected', condition: '否', kind: 'sequence' },
      { id: 'f6', from: 'handoff', to: 'contract', kind: 'sequence' },
      { id: 'f7', from: 'contract', to: 'wait', kind: 'sequence' },
      { id: 'f8', from: 'wait', to: 'split', kind: 'sequence' },
      { id: 'f9', from: 'split', to: 'notify', kind: 'sequence' },
      { id: 'f10', from: 'split', to: 'archive', kind: 'sequence' },
      { id: 'f11', from: 'notify', to: 'end', kind: 'sequence' },
      { id: 'f12', from: 'archive', to: 'end', kind: 'sequence' },
      { id: 'f 13', from: 'quote', to: 'approve', condition: 'quote sent', kind: 'message' },
    ],
    unknownElements: [
      { element: 'textAnnotation', id: 'n1', name: 'Ask for the budget', location: 'a.bpmn:9' },
    ],
  };
}
