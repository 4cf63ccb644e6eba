import {
  applyCommand,
  deriveVersion,
  type ModelCommand,
  makeStep,
  type ProcessModel,
  parseDurationEstimate,
} from '@pipewise/engine/process-model';
import type { Rule } from '@pipewise/engine/rules';
import { readStepTable } from '@pipewise/formats/process-model';
import { STAGES } from './simulate-opportunity.ts';

const SALES_REP = ['销售代表', '销售部'] as const;
const LEGAL = ['法务', '法务部'] as const;

/**
 * The as-is process as the sales-operations lead lists it after the
 * interviews (the guide's step 1), one row per step. The notes carry what the
 * interviews found: the same data typed into three systems, legal review
 * without a deadline, no hand-off to after-sales.
 */
const AS_IS_STEP_TABLE = {
  headers: ['序号', '环节', '负责人', '部门', '输入', '输出', '系统', '预计耗时', '下一步', '备注'],
  // biome-ignore format: one row per line, as the table reads
  rows: [
    ['1', STAGES.lead, ...SALES_REP, '', '客户线索', 'CRM', '2个工作日', '', ''],
    ['2', STAGES.needs, ...SALES_REP, '客户线索', '需求表、客户资料', 'CRM、邮件', '2个工作日', '3, 11', ''],
    ['3', STAGES.enterCrm, ...SALES_REP, '客户资料', 'CRM客户档案', 'CRM', '30分钟', '', '同一份客户资料要在三个系统分别录入'],
    ['4', STAGES.enterErp, ...SALES_REP, '客户资料', 'ERP客户主数据', 'ERP', '30分钟', '', '与CRM重复录入'],
    ['5', STAGES.enterQuoting, ...SALES_REP, '客户资料', '报价系统客户记录', '报价系统', '30分钟', '', '与CRM重复录入'],
    ['6', STAGES.design, ...SALES_REP, '需求表', '解决方案', '邮件', '3个工作日', '', ''],
    ['7', STAGES.quote, ...SALES_REP, '解决方案', '报价单', '报价系统、ERP', '2个工作日', '', ''],
    ['8', STAGES.negotiation, ...SALES_REP, '报价单', '谈判纪要、合同草稿', '邮件', '5个工作日', '9, 7, 11', '条款变化时退回重新报价'],
    ['9', STAGES.legalReview, ...LEGAL, '合同草稿', '审核意见、定稿合同', '邮件', '3个工作日', '10, 11', '法务审核无明确时限'],
    ['10', STAGES.won, ...SALES_REP, '定稿合同', '已签合同', 'CRM', '', '结束', '签约后没有交接给售后，客户需自行联系售后'],
    ['11', STAGES.lost, ...SALES_REP, '', '输单原因', 'CRM', '', '结束', ''],
  ],
};

/** The as-is model (现状流程), read from the step table as `pipewise model` reads one. */
export function buildAsIsModel(): ProcessModel {
  const { headers, rows } = AS_IS_STEP_TABLE;
  const result = readStepTable(
    { file: 'demo-steps', headers, rows, lines: rows.map((_, k) => k + 2) },
    { id: 'demo-as-is', name: { zh: '销售流程（现状）', en: 'Sales process (as-is)' } },
  );
  if (!result.ok) throw new Error(`the demo step table does not read: ${result.error.reason}`);
  return result.model;
}

/**
 * The to-be draft (优化后流程), derived from the as-is model by the edits the
 * guide's step 3 proposes, so the diff shows each change: one data entry
 * synced to the other systems, a response deadline on legal review, and a
 * hand-off to after-sales after signing.
 */
export function deriveToBeModel(asIs: ProcessModel): ProcessModel {
  const draft = {
    ...deriveVersion(asIs, { id: 'demo-to-be', stage: 'to-be', label: '优化方案草案' }),
    // Its own name: the chart, the comparison and the SOP manual title it as the to-be.
    name: { zh: '销售流程（优化后草案）', en: 'Sales process (to-be draft)' },
  };
  const idOf = (name: string) => stepIdNamed(draft, name);
  const dataEntry = idOf(STAGES.enterCrm);
  const merged = applyCommands(draft, [
    { type: 'merge-steps', keepId: dataEntry, mergeId: idOf(STAGES.enterErp) },
    {
      type: 'merge-steps',
      keepId: dataEntry,
      mergeId: idOf(STAGES.enterQuoting),
      name: { zh: '一次录入（CRM同步ERP）' },
    },
    {
      type: 'set-step-attributes',
      stepId: dataEntry,
      // Merging adds the three half hours up; entered once, it is one half hour.
      changes: {
        estimated: estimate('30分钟'),
        notes: '客户资料只在CRM录入一次，自动同步到ERP和报价系统',
      },
    },
    {
      type: 'set-step-attributes',
      stepId: idOf(STAGES.legalReview),
      changes: {
        estimated: estimate('2个工作日'),
        deadline: estimate('48个工作小时'),
        notes:
          '响应时限：48小时。销售提交合同后系统自动向法务发送待办，超过48小时未完成自动升级至法务经理',
      },
    },
  ]);
  const withHandOff = addAfterSalesHandOff(merged, idOf(STAGES.won));
  const laneNamed = (name: string) => withHandOff.lanes.find((lane) => lane.name.zh === name)!.id;
  const hours = (value: number) => ({ value, unit: 'hour' as const, basis: 'working' as const });
  // The guide's rules for the to-be: legal answers within 48 working hours or
  // it escalates; after signing, after-sales gets the customer; no contract
  // review without a credit check and a signed quote; no deal left idle.
  return applyCommands(
    withHandOff,
    (
      [
        {
          id: 'legal-review-48h',
          kind: 'hand-off-sla',
          name: { zh: '法务评审 48 小时', en: 'Legal review within 48 hours' },
          trigger: { kind: 'step-entered', stepId: idOf(STAGES.legalReview) },
          deadline: hours(48),
          notify: [{ laneId: laneNamed(LEGAL[0]), channel: 'wecom' }],
          escalations: [
            { after: hours(48), notify: [{ role: '法务经理', channel: 'wecom' }] },
            { after: hours(72), notify: [{ role: '销售总监', channel: 'wecom' }] },
          ],
        },
        {
          id: 'contract-review-gate',
          kind: 'stage-gate',
          stepId: idOf(STAGES.legalReview),
          on: 'enter',
          requiredFields: ['信用检查'],
          requiredArtifacts: ['已签报价单'],
          reason: { zh: '合同评审前须完成信用检查并上传已签报价单' },
        },
        {
          id: 'after-sales-onboarding',
          kind: 'task-on-entry',
          stepId: 'after-sales-hand-off',
          task: {
            title: {
              zh: '联系客户，完成售后交接',
              en: 'Contact the customer: after-sales onboarding',
            },
            assignee: { laneId: 'after-sales', channel: 'in-app' },
            deadline: hours(8),
            escalations: [{ after: hours(16), notify: [{ role: '售后经理', channel: 'wecom' }] }],
          },
        },
        {
          id: 'no-idle-deals',
          kind: 'inactivity-reminder',
          stepIds: [STAGES.needs, STAGES.design, STAGES.quote, STAGES.negotiation].map(idOf),
          idle: { value: 5, unit: 'day', basis: 'working' },
          notify: [{ laneId: laneNamed(SALES_REP[0]), channel: 'in-app' }],
        },
      ] satisfies Rule[]
    ).map((rule): ModelCommand => ({ type: 'set-rule', rule })),
  );
}

/** A hand-off step in a new after-sales lane between winning the deal and the end. */
function addAfterSalesHandOff(model: ProcessModel, wonId: string): ProcessModel {
  const handOffId = 'after-sales-hand-off';
  const wonToEnd = model.flows.find((flow) => flow.from === wonId && flow.to === 'end')!;
  return applyCommands(model, [
    {
      type: 'add-lane',
      lane: { id: 'after-sales', name: { zh: '售后服务' }, department: '售后部' },
    },
    {
      type: 'add-step',
      index: model.steps.findIndex((step) => step.id === wonId) + 1,
      step: makeStep(handOffId, { zh: STAGES.handOff }, 'hand-off', {
        laneId: 'after-sales',
        inputs: ['已签合同', 'CRM客户档案'],
        outputs: ['服务交接单'],
        systems: ['CRM'],
        estimated: estimate('1个工作日'),
        notes: '签约后CRM自动创建售后交接待办，售后当天联系客户',
      }),
    },
    { type: 'set-step-attributes', stepId: wonId, changes: { notes: null } },
    { type: 'disconnect', flowId: wonToEnd.id },
    { type: 'connect', flow: { id: `${wonId}->${handOffId}`, from: wonId, to: handOffId } },
    { type: 'connect', flow: { id: `${handOffId}->end`, from: handOffId, to: 'end' } },
  ]);
}

/** Applies edits in turn; the demo's edits are fixed, so a refusal is a bug. */
function applyCommands(model: ProcessModel, commands: ModelCommand[]): ProcessModel {
  return commands.reduce((current, command) => {
    const result = applyCommand(current, command);
    if (!result.ok) throw new Error(`demo edit ${command.type} refused: ${result.message}`);
    return result.model;
  }, model);
}

function stepIdNamed(model: ProcessModel, name: string): string {
  const step = model.steps.find((candidate) => candidate.name.zh === name);
  if (!step) throw new Error(`the demo model has no step "${name}"`);
  return step.id;
}

function estimate(text: string) {
  return parseDurationEstimate(text)!;
}
