import type { GatewayKind, StepKind } from '@pipewise/engine/process-model';

/**
 * The BPMN 2.0 names the importer and exporter share: namespaces, which
 * elements are steps of which kind, and the Pipewise namespace that keeps
 * what BPMN has no field for.
 */

export const BPMN_MODEL_NAMESPACE = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
export const BPMN_DI_NAMESPACE = 'http://www.omg.org/spec/BPMN/20100524/DI';
export const DC_NAMESPACE = 'http://www.omg.org/spec/DD/20100524/DC';
export const DI_NAMESPACE = 'http://www.omg.org/spec/DD/20100524/DI';
export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/**
 * Pipewise's own attributes and extension elements in exported files (see
 * docs/bpmn.md). Versioned in the URI: a change of meaning gets a new one.
 */
export const PIPEWISE_BPMN_NAMESPACE = 'https://pipewise.dev/schema/bpmn/1';

/** Every task type; a call activity runs another process and counts as a task too. */
export const TASK_ELEMENTS: ReadonlySet<string> = new Set([
  'task',
  'userTask',
  'manualTask',
  'serviceTask',
  'scriptTask',
  'sendTask',
  'receiveTask',
  'businessRuleTask',
  'callActivity',
]);

export const SUBPROCESS_ELEMENTS: ReadonlySet<string> = new Set([
  'subProcess',
  'adHocSubProcess',
  'transaction',
]);

export const GATEWAY_KINDS: ReadonlyMap<string, GatewayKind> = new Map([
  ['exclusiveGateway', 'exclusive'],
  ['inclusiveGateway', 'inclusive'],
  ['parallelGateway', 'parallel'],
  ['eventBasedGateway', 'event-based'],
  ['complexGateway', 'complex'],
]);

export const GATEWAY_ELEMENTS: ReadonlyMap<GatewayKind, string> = new Map(
  [...GATEWAY_KINDS].map(([element, kind]) => [kind, element]),
);

export const EVENT_ELEMENTS: ReadonlySet<string> = new Set([
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
]);

/** What the model calls a step: tasks, sub-processes, gateways and events. */
export function isFlowNodeElement(local: string): boolean {
  return (
    TASK_ELEMENTS.has(local) ||
    SUBPROCESS_ELEMENTS.has(local) ||
    GATEWAY_KINDS.has(local) ||
    EVENT_ELEMENTS.has(local)
  );
}

/**
 * Step names that mark an approval when the task is done by a person (a user
 * or manual task): "Approve invoice", "Approval by manager", "合同审批",
 * "审核报价", "批准".
 */
const APPROVAL_NAME = /approv|审批|审核|批准/i;

/**
 * The kind of step a BPMN flow node becomes. A user or manual task whose name
 * speaks of approving is an approval; an intermediate catch event that only
 * waits for a timer is a wait; other intermediate and boundary events are
 * events. The exporter writes `pipewise:kind` exactly when this would give
 * back another kind than the step had.
 */
export function stepKindOf(
  local: string,
  name: string | undefined,
  eventDefinitions: readonly string[],
): StepKind {
  if (TASK_ELEMENTS.has(local)) {
    return (local === 'userTask' || local === 'manualTask') &&
      name !== undefined &&
      APPROVAL_NAME.test(name)
      ? 'approval'
      : 'task';
  }
  if (SUBPROCESS_ELEMENTS.has(local)) return 'subprocess';
  if (GATEWAY_KINDS.has(local)) return 'decision';
  if (local === 'startEvent') return 'start';
  if (local === 'endEvent') return 'end';
  if (
    local === 'intermediateCatchEvent' &&
    eventDefinitions.length === 1 &&
    eventDefinitions[0] === 'timerEventDefinition'
  )
    return 'wait';
  return 'event';
}

/** Han characters: a name with any is Chinese (`name.zh`), otherwise it goes in `name.en`. */
export function isChineseText(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}
