import { SeededRandom } from '@pipewise/engine';
import {
  createProcessModel,
  type Flow,
  type Lane,
  makeStep,
  type ProcessModel,
  type Step,
  type StepKind,
} from '@pipewise/engine/process-model';

/**
 * A synthetic process model of `stepCount` steps for the drawing benchmark:
 * a B2B sales and delivery process over several lanes, in runs of tasks with
 * hand-offs between lanes, decisions that branch into two or three paths and
 * join again, rework loops back to earlier steps, artifacts passed along,
 * estimates, measurements and flow counts. The same seed gives the same
 * model.
 */

const ROLES: { zh: string; en: string; department: string }[] = [
  { zh: '销售代表', en: 'Sales rep', department: '销售部 Sales' },
  { zh: '售前工程师', en: 'Presales engineer', department: '售前部 Presales' },
  { zh: '销售经理', en: 'Sales manager', department: '销售部 Sales' },
  { zh: '财务', en: 'Finance', department: '财务部 Finance' },
  { zh: '法务', en: 'Legal counsel', department: '法务部 Legal' },
  { zh: '交付经理', en: 'Delivery manager', department: '交付部 Delivery' },
  { zh: '客户', en: 'Customer', department: '外部 External' },
  { zh: '运营', en: 'Operations', department: '运营部 Operations' },
];

const VERBS: [string, string][] = [
  ['确认', 'Confirm'],
  ['审核', 'Review'],
  ['准备', 'Prepare'],
  ['发送', 'Send'],
  ['评估', 'Assess'],
  ['签署', 'Sign'],
  ['更新', 'Update'],
  ['核对', 'Check'],
  ['整理', 'Compile'],
  ['提交', 'Submit'],
];

const OBJECTS: [string, string][] = [
  ['客户需求', 'customer needs'],
  ['报价单', 'the quote'],
  ['合同条款', 'contract terms'],
  ['技术方案', 'technical solution'],
  ['发票', 'the invoice'],
  ['订单', 'the order'],
  ['客户资料', 'customer records'],
  ['交付计划', 'delivery plan'],
  ['折扣申请', 'discount request'],
  ['验收报告', 'acceptance report'],
];

const WORK_KINDS: StepKind[] = [
  'task',
  'task',
  'task',
  'approval',
  'hand-off',
  'wait',
  'subprocess',
  'event',
];

export interface GeneratedModelOptions {
  stepCount: number;
  laneCount?: number;
  seed?: number;
}

export function generateProcessModel(options: GeneratedModelOptions): ProcessModel {
  const random = new SeededRandom(options.seed ?? 1);
  const laneCount = Math.min(ROLES.length, Math.max(1, options.laneCount ?? 6));
  const lanes: Lane[] = ROLES.slice(0, laneCount).map((role, index) => ({
    id: `lane-${index}`,
    name: { zh: role.zh, en: role.en },
    department: role.department,
  }));
  const steps: Step[] = [];
  const flows: Flow[] = [];
  let lane = 0;

  const addStep = (kind: StepKind, laneIndex: number): Step => {
    const [verbZh, verbEn] = random.pick(VERBS);
    const [objectZh, objectEn] = random.pick(OBJECTS);
    const number = steps.length;
    const name =
      kind === 'decision'
        ? { zh: `${objectZh}是否通过？`, en: `${objectEn} approved?` }
        : { zh: `${verbZh}${objectZh}`, en: `${verbEn} ${objectEn}` };
    const step = makeStep(`step-${number}`, name, kind, { laneId: lanes[laneIndex]!.id });
    if (kind !== 'decision' && kind !== 'event' && random.isBelow(0.5))
      step.estimated = {
        value: random.pick([0.5, 1, 2, 3, 5]),
        unit: random.pick(['hour', 'day', 'day', 'week'] as const),
        basis: 'working',
      };
    if (kind !== 'decision' && random.isBelow(0.3)) {
      const medianMs = random.nextLogNormal(2 * 86_400_000, 1);
      step.measured = {
        count: 100 + random.nextInt(900),
        measure: 'until-next',
        calendar: { meanMs: medianMs * 1.4, medianMs, p90Ms: medianMs * 3 },
      };
    }
    steps.push(step);
    return step;
  };
  const connect = (from: Step, to: Step, condition?: string): void => {
    const flow: Flow = { id: `flow-${flows.length}`, from: from.id, to: to.id };
    if (condition !== undefined) flow.condition = condition;
    if (random.isBelow(0.5)) flow.count = 10 + random.nextInt(2000);
    // An artifact passed along a third of the flows between work steps.
    if (from.kind !== 'decision' && to.kind !== 'decision' && random.isBelow(0.33)) {
      const [artifact] = random.pick(OBJECTS);
      if (!from.outputs.includes(artifact)) from.outputs.push(artifact);
      if (!to.inputs.includes(artifact)) to.inputs.push(artifact);
    }
    flows.push(flow);
  };
  /** The next lane: mostly the same, sometimes a hand-off to another. */
  const nextLane = (): number => {
    if (random.isBelow(0.4)) lane = random.nextInt(laneCount);
    return lane;
  };

  const start = makeStep('start', { zh: '收到询价', en: 'Inquiry received' }, 'start', {
    laneId: lanes[0]!.id,
  });
  steps.push(start);
  let frontier: Step[] = [start];
  const room = () => options.stepCount - 1 - steps.length;
  while (room() > 0) {
    const roll = random.nextFloat();
    if (roll < 0.22 && room() >= 5) {
      // A decision, two or three branches of one to three steps, a join.
      const decision = addStep('decision', nextLane());
      for (const end of frontier) connect(end, decision);
      const branchCount = Math.min(2 + random.nextInt(2), Math.floor((room() - 1) / 2));
      const ends: Step[] = [];
      for (let branch = 0; branch < branchCount && room() > 1; branch++) {
        let previous: Step | null = null;
        const length = 1 + random.nextInt(3);
        for (let k = 0; k < length && room() > 1; k++) {
          const step = addStep(random.pick(WORK_KINDS), nextLane());
          if (previous) connect(previous, step);
          else
            connect(
              decision,
              step,
              branch === 0 ? '是 yes' : branch === 1 ? '否 no' : '其他 other',
            );
          previous = step;
        }
        if (previous) ends.push(previous);
      }
      const join = addStep('decision', nextLane());
      for (const end of ends) connect(end, join);
      frontier = [join];
    } else if (roll < 0.34 && steps.length > 6 && room() >= 2) {
      // A check that sends work back a few steps: a rework loop.
      const check = addStep('decision', nextLane());
      for (const end of frontier) connect(end, check);
      const back = steps[Math.max(1, steps.length - 2 - random.nextInt(6))]!;
      if (back !== check) connect(check, back, '退回 rework');
      frontier = [check];
    } else {
      const step = addStep(random.pick(WORK_KINDS), nextLane());
      for (const end of frontier) connect(end, step);
      frontier = [step];
    }
  }
  const end = makeStep('end', { zh: '交付完成', en: 'Delivered' }, 'end', { laneId: lanes[0]!.id });
  steps.push(end);
  for (const last of frontier) connect(last, end);
  return {
    ...createProcessModel(`generated-${options.stepCount}`, {
      zh: `生成的流程（${options.stepCount} 步）`,
      en: `Generated process (${options.stepCount} steps)`,
    }),
    lanes,
    steps,
    flows,
  };
}
