/**
 * The process model (流程 `ProcessModel`): the steps of a sales process in
 * time order, who owns each (lanes), the flows between them, what each step
 * takes in and gives out, the systems it touches and how long it takes —
 * estimated in interviews and measured from data. Every later step of the
 * method (scoring, problems, rules, simulation, pilots, the dashboard) hangs
 * on it.
 *
 * Models are plain immutable data (JSON as saved, see `parseProcessModel`);
 * edits make new models (see `applyCommand`).
 */

import type { Rule } from '../rules/rule.ts';

/** The version of the saved form; `migrateProcessModel` brings older files up to it. */
export const PROCESS_MODEL_SCHEMA_VERSION = 1;

/** A name in Chinese and/or English; at least one of the two is set. */
export interface LocalizedText {
  zh?: string;
  en?: string;
}

/**
 * What a step is. `hand-off` passes work to another owner; `wait` is time
 * spent waiting on someone outside (a customer, a reviewer); `decision`
 * splits or joins the flow (a BPMN gateway); `subprocess` stands for a whole
 * process drawn collapsed; `event` is something that happens on the way
 * (a BPMN intermediate or boundary event).
 */
export type StepKind =
  | 'start'
  | 'end'
  | 'task'
  | 'approval'
  | 'hand-off'
  | 'wait'
  | 'decision'
  | 'subprocess'
  | 'event';

export const STEP_KINDS: readonly StepKind[] = [
  'start',
  'end',
  'task',
  'approval',
  'hand-off',
  'wait',
  'decision',
  'subprocess',
  'event',
];

/** How a decision splits the flow (BPMN's gateway types). */
export type GatewayKind = 'exclusive' | 'inclusive' | 'parallel' | 'event-based' | 'complex';

/** Units an estimate is stated in. */
export type DurationUnit = 'minute' | 'hour' | 'day' | 'week';

/**
 * A duration as people state it: "3 working days", "48h", "30 分钟".
 * Working days and weeks count in the calendar's working hours (see
 * `estimateToMs`); calendar ones are 24 h and 7 days.
 */
export interface DurationEstimate {
  value: number;
  unit: DurationUnit;
  basis: 'working' | 'calendar';
  /** The words it was read from, kept for display. */
  text?: string;
}

/** Mean, median and 90th percentile of a step's durations, in milliseconds. */
export interface DurationSummary {
  meanMs: number;
  medianMs: number;
  p90Ms: number;
}

/**
 * A step's duration measured from an event log (see `discoverProcessModel`)
 * over `count` occurrences: in calendar time, and in working time when a
 * calendar was given (`workingDayMs` is that calendar's full working day,
 * which turns "3 working days" into milliseconds of working time).
 */
export interface MeasuredDuration {
  count: number;
  measure: StepDurationMeasure;
  calendar: DurationSummary;
  working?: DurationSummary & { calendarName: string; workingDayMs: number };
}

/**
 * `until-next`: from the step's event to the case's next event (a CRM stage
 * history records when a deal entered a stage: this is the time in the
 * stage). `since-previous`: from the case's previous event to this one (logs
 * of completed activities). `processing`: from the step's start to its
 * completion (logs with start times).
 */
export type StepDurationMeasure = 'until-next' | 'since-previous' | 'processing';

/** A swimlane: one owner role (负责人) and its department. */
export interface Lane {
  id: string;
  name: LocalizedText;
  department?: string;
}

/** A step (环节). */
export interface Step {
  id: string;
  name: LocalizedText;
  kind: StepKind;
  /** Its lane; none for steps nobody owns yet. */
  laneId?: string;
  /** For decisions: how the flow splits. */
  gateway?: GatewayKind;
  /** Input and output artifacts (输入/输出物), by name. */
  inputs: string[];
  outputs: string[];
  /** Systems the step touches (CRM, ERP, e-mail, Excel…). */
  systems: string[];
  estimated?: DurationEstimate;
  /**
   * The response deadline (处理时限, an SLA): the time within which the step
   * must be done once work reaches it ("legal review within 48 working
   * hours"). None: nobody is held to a time.
   */
  deadline?: DurationEstimate;
  measured?: MeasuredDuration;
  /** Cases that passed through it, when discovered from data. */
  cases?: number;
  notes?: string;
  /** Where it came from when it is one of several steps merged or the part of a split (for diffs). */
  origin?: { kind: 'merge' | 'split'; stepIds: string[] };
  /** Its element in the file it was imported from (a BPMN id, a table row). */
  source?: string;
}

/** A flow from one step to the next, with an optional condition ("amount > 1M"). */
export interface Flow {
  id: string;
  from: string;
  to: string;
  condition?: string;
  /** `message`: between pools in BPMN (one organisation to another). */
  kind?: 'sequence' | 'message';
  /** How many times cases took it, when discovered from data. */
  count?: number;
  source?: string;
}

/**
 * Something an imported file held that the model has no place for (a BPMN
 * text annotation, a group, a vendor extension): kept, so nothing is dropped
 * silently, and reported on import.
 */
export interface UnknownElement {
  element: string;
  id?: string;
  name?: string;
  /** Where it was: a file and line. */
  location?: string;
}

export interface ModelVersion {
  /** 1 for the first version; a derived version counts on from its parent. */
  number: number;
  /** as-is (现状流程) or to-be (优化后流程). */
  stage: 'as-is' | 'to-be';
  label?: string;
  derivedFrom?: { modelId: string; number: number };
}

export interface ProcessModel {
  schemaVersion: typeof PROCESS_MODEL_SCHEMA_VERSION;
  id: string;
  name: LocalizedText;
  version: ModelVersion;
  lanes: Lane[];
  /** In time order: the order a table lists them in, and the order they are drawn in. */
  steps: Step[];
  flows: Flow[];
  unknownElements: UnknownElement[];
  notes?: string;
  /** Hand-off SLAs, reminders, tasks, stage gates and tool steps (docs/rules.md). */
  rules?: Rule[];
}

/** The name to show in `language`, falling back on the other one. */
export function displayName(text: LocalizedText, language: 'zh' | 'en'): string {
  return (language === 'zh' ? (text.zh ?? text.en) : (text.en ?? text.zh)) ?? '';
}

/** A model with no steps yet, with a start and an end. */
export function createProcessModel(
  id: string,
  name: LocalizedText,
  stage: ModelVersion['stage'] = 'as-is',
): ProcessModel {
  return {
    schemaVersion: PROCESS_MODEL_SCHEMA_VERSION,
    id,
    name,
    version: { number: 1, stage },
    lanes: [],
    steps: [],
    flows: [],
    unknownElements: [],
  };
}

/** A step with empty lists, for building models in code. */
export function makeStep(
  id: string,
  name: LocalizedText,
  kind: StepKind = 'task',
  rest: Partial<Omit<Step, 'id' | 'name' | 'kind'>> = {},
): Step {
  return { id, name, kind, inputs: [], outputs: [], systems: [], ...rest };
}

/** Working and calendar milliseconds of a unit; `workingDayMs` is the calendar's working day (8 h by default). */
export function estimateToMs(estimate: DurationEstimate, workingDayMs = 8 * 3_600_000): number {
  const dayMs = estimate.basis === 'working' ? workingDayMs : 86_400_000;
  const weekMs = estimate.basis === 'working' ? 5 * workingDayMs : 7 * 86_400_000;
  const unitMs =
    estimate.unit === 'minute'
      ? 60_000
      : estimate.unit === 'hour'
        ? 3_600_000
        : estimate.unit === 'day'
          ? dayMs
          : weekMs;
  return estimate.value * unitMs;
}
