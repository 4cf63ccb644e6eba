import { displayName, type ProcessModel } from '../process-model/process-model.ts';
import type { Finding } from './finding.ts';

const WORK_KINDS = new Set(['task', 'approval', 'hand-off', 'wait', 'subprocess']);

/**
 * Unowned steps: steps that do work (task, approval, hand-off, wait,
 * subprocess) but sit in no lane, so nobody is answerable for them. Severity
 * 3 for approvals and hand-offs (where work stalls between people), else 2.
 */
export function detectUnownedSteps(model: ProcessModel): Finding[] {
  return model.steps
    .filter((step) => WORK_KINDS.has(step.kind) && step.laneId === undefined)
    .map((step): Finding => {
      const name = displayName(step.name, 'zh') || displayName(step.name, 'en');
      return {
        detector: 'unowned-step',
        title: {
          zh: `“${name}”没有负责人`,
          en: `"${displayName(step.name, 'en') || name}" has no owner`,
        },
        steps: [name],
        severity: step.kind === 'approval' || step.kind === 'hand-off' ? 3 : 2,
        suggestedType: 'broken-hand-off',
        evidence: { stepId: step.id, kind: step.kind },
      };
    });
}

/** Words that name the step where a deal is won or signed. */
const SIGNING = /签约|签署|赢单|成交|won|signed|signing|closed[\s-]*won/i;
/** Words that name a lane of after-sales, delivery or customer service. */
const AFTER_SALES =
  /售后|交付|实施|客服|客户成功|服务|after[\s-]*sales|delivery|implementation|customer (success|service)|support|onboarding/i;

/**
 * Missing hand-off: the process ends at signing — a step named for winning or
 * signing flows to the end — and no step after it, nor any step at all, is
 * owned by after-sales, delivery or customer service (by the lane's name or
 * department). The customer then has to find after-sales by themselves.
 * Severity 4.
 */
export function detectMissingHandOff(model: ProcessModel): Finding[] {
  const ends = new Set(model.steps.filter((step) => step.kind === 'end').map((step) => step.id));
  const laneIsAfterSales = new Map(
    model.lanes.map((lane) => [
      lane.id,
      AFTER_SALES.test(`${lane.name.zh ?? ''} ${lane.name.en ?? ''} ${lane.department ?? ''}`),
    ]),
  );
  const hasAfterSales = model.steps.some(
    (step) => step.laneId && laneIsAfterSales.get(step.laneId),
  );
  if (hasAfterSales) return [];
  const signing = model.steps.filter(
    (step) =>
      SIGNING.test(`${step.name.zh ?? ''} ${step.name.en ?? ''}`) &&
      model.flows.some((flow) => flow.from === step.id && ends.has(flow.to)),
  );
  return signing.map((step): Finding => {
    const name = displayName(step.name, 'zh') || displayName(step.name, 'en');
    return {
      detector: 'missing-hand-off',
      title: {
        zh: `“${name}”之后流程就结束了，没有交给售后或交付的环节`,
        en: `The process ends at "${displayName(step.name, 'en') || name}": no step hands the customer to after-sales or delivery`,
      },
      steps: [name],
      severity: 4,
      suggestedType: 'poor-experience',
      evidence: { stepId: step.id, lanes: model.lanes.map((lane) => displayName(lane.name, 'zh')) },
    };
  });
}
