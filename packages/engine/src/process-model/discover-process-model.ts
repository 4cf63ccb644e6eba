import type { WorkingTime } from '../calendar/index.ts';
import { type EventLog, MISSING } from '../event-log/index.ts';
import { type DurationStats, summarizeDurationsInPlace } from '../statistics/index.ts';
import { inferStepKind } from './infer-step-kind.ts';
import {
  createProcessModel,
  type DurationSummary,
  type Flow,
  type Lane,
  type LocalizedText,
  type MeasuredDuration,
  makeStep,
  type ProcessModel,
  type Step,
  type StepDurationMeasure,
} from './process-model.ts';

export interface DiscoverOptions {
  id?: string;
  name?: LocalizedText;
  /** Keep activities that occur in at least this share of cases (0–1; default 0: all). */
  minActivityCaseShare?: number;
  /** Keep flows taken at least this many times (default 1). */
  minFlowCount?: number;
  /**
   * Or keep the most frequent flows until they account for this share of all
   * hand-overs between kept activities (0–1; default 1: all).
   */
  flowCoverage?: number;
  /**
   * What a step's measured duration is (see `StepDurationMeasure`); default
   * `processing` for logs with start times, else `until-next` (a CRM stage
   * history records when a deal entered each stage).
   */
  measure?: StepDurationMeasure;
  /** Measure in working time too (and say so in each step's `measured.working`). */
  workingTime?: WorkingTime;
  /**
   * The lane of a resource (a rep → their team or role); default: the
   * resource itself. Point the log's resource at a role or department column
   * when it names people.
   */
  laneOf?: (resource: string) => string | undefined;
}

/**
 * Proposes an as-is model from an event log (process discovery): one step
 * per activity, in the order they usually come in a case; flows from the
 * directly-follows graph above a frequency or coverage threshold, with a
 * start and an end; each step in the lane of the resource (or its lane)
 * that performs it most often; measured durations per step, in working time
 * when a calendar is given. Definitions: docs/process-model.md#discovery.
 */
export function discoverProcessModel(log: EventLog, options: DiscoverOptions = {}): ProcessModel {
  const activityCount = log.activities.length;
  const stats = scanActivities(log);
  const minCases = Math.ceil((options.minActivityCaseShare ?? 0) * log.caseCount);
  const kept = new Set<number>();
  for (let a = 0; a < activityCount; a++)
    if (stats.cases[a]! > 0 && stats.cases[a]! >= minCases) kept.add(a);

  // Steps in the order activities usually come: by their mean position in
  // the cases that contain them (0 first … 1 last).
  const order = [...kept].sort(
    (x, y) =>
      stats.positionSum[x]! / stats.occurrences[x]! -
        stats.positionSum[y]! / stats.occurrences[y]! ||
      stats.cases[y]! - stats.cases[x]! ||
      (log.activities[x]! < log.activities[y]! ? -1 : 1),
  );
  const stepIdOf = new Map(order.map((a, k) => [a, `a${k + 1}`]));

  const lanes = assignLanes(log, order, options.laneOf);
  const measure = options.measure ?? defaultMeasure(log);
  const durations = measureSteps(log, kept, measure, options.workingTime);

  const steps: Step[] = [makeStep('start', { en: 'Start', zh: '开始' }, 'start')];
  for (const a of order) {
    const name = nameOf(log.activities[a]!);
    const laneId = lanes.laneOfActivity.get(a);
    const measured = durations.get(a);
    steps.push(
      makeStep(stepIdOf.get(a)!, name, inferStepKind(log.activities[a]!), {
        ...(laneId !== undefined ? { laneId } : {}),
        cases: stats.cases[a]!,
        ...(measured ? { measured } : {}),
        source: log.activities[a]!,
      }),
    );
  }
  steps.push(makeStep('end', { en: 'End', zh: '结束' }, 'end'));

  const flows = chooseFlows(log, kept, stepIdOf, options);
  return {
    ...createProcessModel(
      options.id ?? 'discovered',
      options.name ?? { en: 'Discovered process', zh: '发现的流程' },
    ),
    lanes: lanes.lanes,
    steps,
    flows,
  };
}

interface ActivityScan {
  /** Cases containing the activity. */
  cases: Uint32Array;
  occurrences: Uint32Array;
  /** Sum over occurrences of the event's relative position in its case (0…1). */
  positionSum: Float64Array;
  startCases: Uint32Array;
  endCases: Uint32Array;
}

function scanActivities(log: EventLog): ActivityScan {
  const n = log.activities.length;
  const scan: ActivityScan = {
    cases: new Uint32Array(n),
    occurrences: new Uint32Array(n),
    positionSum: new Float64Array(n),
    startCases: new Uint32Array(n),
    endCases: new Uint32Array(n),
  };
  const lastSeenIn = new Int32Array(n).fill(-1);
  for (let c = 0; c < log.caseCount; c++) {
    const from = log.caseStart[c]!;
    const to = log.caseStart[c + 1]!;
    if (to === from) continue;
    scan.startCases[log.activityOf[from]!]!++;
    scan.endCases[log.activityOf[to - 1]!]!++;
    const span = Math.max(1, to - from - 1);
    for (let i = from; i < to; i++) {
      const a = log.activityOf[i]!;
      scan.occurrences[a]!++;
      scan.positionSum[a]! += (i - from) / span;
      if (lastSeenIn[a] !== c) {
        lastSeenIn[a] = c;
        scan.cases[a]!++;
      }
    }
  }
  return scan;
}

/** Each activity's lane: the lane of the resource that performs it most often (ties: the first name). */
function assignLanes(
  log: EventLog,
  activities: number[],
  laneOf: DiscoverOptions['laneOf'],
): { lanes: Lane[]; laneOfActivity: Map<number, string> } {
  const laneNameOfResource = log.resources.map((resource) => laneOf?.(resource) ?? resource);
  const counts = new Map<number, Map<string, number>>();
  for (let i = 0; i < log.eventCount; i++) {
    const resource = log.resourceOf[i]!;
    if (resource === MISSING) continue;
    const lane = laneNameOfResource[resource];
    if (lane === undefined || lane === '') continue;
    const a = log.activityOf[i]!;
    let perLane = counts.get(a);
    if (!perLane) {
      perLane = new Map();
      counts.set(a, perLane);
    }
    perLane.set(lane, (perLane.get(lane) ?? 0) + 1);
  }
  const laneOfActivity = new Map<number, string>();
  const lanes: Lane[] = [];
  const laneIdOfName = new Map<string, string>();
  for (const a of activities) {
    const perLane = counts.get(a);
    if (!perLane) continue;
    const [best] = [...perLane].sort(([x, cx], [y, cy]) => cy - cx || (x < y ? -1 : 1))[0]!;
    let id = laneIdOfName.get(best);
    if (id === undefined) {
      id = `lane${lanes.length + 1}`;
      laneIdOfName.set(best, id);
      lanes.push({ id, name: nameOf(best) });
    }
    laneOfActivity.set(a, id);
  }
  return { lanes, laneOfActivity };
}

/**
 * Per activity of `log`, the statistics of its durations under `measure`
 * (see `StepDurationMeasure`), in working time too when a calendar is given:
 * what `discoverProcessModel` and `attachMeasurements` put on steps.
 */
export function measureStepDurations(
  log: EventLog,
  measure: StepDurationMeasure,
  workingTime?: WorkingTime,
): Map<string, MeasuredDuration> {
  const all = new Set(log.activities.keys());
  const byIndex = measureSteps(log, all, measure, workingTime);
  return new Map([...byIndex].map(([a, measured]) => [log.activities[a]!, measured]));
}

/** The default measure for a log: processing time when it records starts, else time in stage. */
export function defaultMeasure(log: EventLog): StepDurationMeasure {
  return log.startMs ? 'processing' : 'until-next';
}

function measureSteps(
  log: EventLog,
  kept: Set<number>,
  measure: StepDurationMeasure,
  workingTime: WorkingTime | undefined,
): Map<number, MeasuredDuration> {
  const n = log.activities.length;
  // Two passes, as the directly-follows graph does: count, then place each
  // duration in its activity's slice of one array.
  const count = new Uint32Array(n + 1);
  const pairs = forEachDuration(log, measure);
  for (const [a] of pairs()) count[a + 1]!++;
  for (let a = 0; a < n; a++) count[a + 1]! += count[a]!;
  const calendarMs = new Float64Array(count[n]!);
  const workingMs = workingTime ? new Float64Array(count[n]!) : undefined;
  const fill = count.slice(0, n);
  for (const [a, fromMs, toMs] of pairs()) {
    const k = fill[a]!++;
    calendarMs[k] = toMs - fromMs;
    if (workingMs) workingMs[k] = workingTime!.betweenMs(fromMs, toMs);
  }
  const result = new Map<number, MeasuredDuration>();
  for (const a of kept) {
    const from = count[a]!;
    const to = count[a + 1]!;
    if (to === from) continue;
    const measured: MeasuredDuration = {
      count: to - from,
      measure,
      calendar: summary(summarizeDurationsInPlace(calendarMs, from, to)),
    };
    if (workingMs && workingTime) {
      const day = workingTime.calendar.weeklyHours[0] ?? [];
      measured.working = {
        ...summary(summarizeDurationsInPlace(workingMs, from, to)),
        calendarName: workingTime.calendar.name,
        workingDayMs: day.reduce((sum, [start, end]) => sum + (end - start) * 60_000, 0),
      };
    }
    result.set(a, measured);
  }
  return result;
}

/** The (activity, from, to) instants whose difference is a step's duration under `measure`. */
function forEachDuration(
  log: EventLog,
  measure: StepDurationMeasure,
): () => Generator<[number, number, number]> {
  const { caseStart, activityOf, timestampMs, startMs } = log;
  return function* () {
    for (let c = 0; c < log.caseCount; c++) {
      const from = caseStart[c]!;
      const to = caseStart[c + 1]!;
      for (let i = from; i < to; i++) {
        if (measure === 'until-next') {
          if (i + 1 < to) yield [activityOf[i]!, timestampMs[i]!, timestampMs[i + 1]!];
        } else if (measure === 'since-previous') {
          if (i > from) yield [activityOf[i]!, timestampMs[i - 1]!, timestampMs[i]!];
        } else {
          const started = startMs?.[i];
          if (started !== undefined && Number.isFinite(started) && started <= timestampMs[i]!)
            yield [activityOf[i]!, started, timestampMs[i]!];
        }
      }
    }
  };
}

/**
 * Flows between kept activities from the directly-follows graph of the
 * cases with the other activities left out, plus start
 * and end flows, above the count threshold or within the coverage share. A
 * step left without any way in (or out) keeps its most frequent one, so the
 * proposed model has no islands.
 */
function chooseFlows(
  log: EventLog,
  kept: Set<number>,
  stepIdOf: Map<number, string>,
  options: DiscoverOptions,
): Flow[] {
  // Hand-overs between kept activities, with the others left out of each
  // case (A → rare → B counts as A → B), and each case's first and last.
  const n = log.activities.length;
  const arcCount = new Map<number, number>();
  const startCount = new Map<string, number>();
  const endCount = new Map<string, number>();
  for (let c = 0; c < log.caseCount; c++) {
    let first = -1;
    let previous = -1;
    for (let i = log.caseStart[c]!; i < log.caseStart[c + 1]!; i++) {
      const a = log.activityOf[i]!;
      if (!kept.has(a)) continue;
      if (first < 0) first = a;
      else arcCount.set(previous * n + a, (arcCount.get(previous * n + a) ?? 0) + 1);
      previous = a;
    }
    if (first < 0) continue;
    const firstId = stepIdOf.get(first)!;
    const lastId = stepIdOf.get(previous)!;
    startCount.set(firstId, (startCount.get(firstId) ?? 0) + 1);
    endCount.set(lastId, (endCount.get(lastId) ?? 0) + 1);
  }
  const candidates: { from: string; to: string; count: number }[] = [];
  for (const [key, count] of arcCount) {
    candidates.push({
      from: stepIdOf.get(Math.floor(key / n))!,
      to: stepIdOf.get(key % n)!,
      count,
    });
  }
  for (const [to, count] of startCount) candidates.push({ from: 'start', to, count });
  for (const [from, count] of endCount) candidates.push({ from, to: 'end', count });
  candidates.sort((x, y) => y.count - x.count || (x.from + x.to < y.from + y.to ? -1 : 1));

  const minCount = options.minFlowCount ?? 1;
  const coverage = options.flowCoverage ?? 1;
  const total = candidates.reduce((sum, flow) => sum + flow.count, 0);
  const chosen = new Set<(typeof candidates)[number]>();
  let covered = 0;
  for (const flow of candidates) {
    if (flow.count < minCount) continue;
    if (covered >= coverage * total && coverage < 1) break;
    chosen.add(flow);
    covered += flow.count;
  }
  // No islands: every step keeps its most frequent way in and way out.
  for (const stepId of [...stepIdOf.values()]) {
    const incoming = candidates.filter((flow) => flow.to === stepId && flow.from !== stepId);
    const outgoing = candidates.filter((flow) => flow.from === stepId && flow.to !== stepId);
    if (incoming.length > 0 && !incoming.some((flow) => chosen.has(flow))) chosen.add(incoming[0]!);
    if (outgoing.length > 0 && !outgoing.some((flow) => chosen.has(flow))) chosen.add(outgoing[0]!);
  }
  return candidates
    .filter((flow) => chosen.has(flow))
    .map((flow) => ({
      id: `${flow.from}->${flow.to}`,
      from: flow.from,
      to: flow.to,
      count: flow.count,
    }));
}

function summary(stats: DurationStats): DurationSummary {
  return { meanMs: stats.meanMs, medianMs: stats.medianMs, p90Ms: stats.p90Ms };
}

/** A name in the field of its language: Chinese if it holds CJK characters. */
export function nameOf(text: string): LocalizedText {
  return /[\u3400-\u9fff\uf900-\ufaff]/u.test(text) ? { zh: text } : { en: text };
}
