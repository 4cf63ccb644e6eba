import {
  type EventLog,
  findCaseAttribute,
  MISSING,
  type SequenceLog,
  selectCases,
} from '../event-log/index.ts';
import type { DurationStats } from '../statistics/index.ts';
import { compareText } from './compare.ts';
import { computePassRates, type PassRate } from './compute-pass-rates.ts';
import { type ActivityCount, countStartEndActivities } from './count-start-end-activities.ts';
import { type DirectlyFollowsArc, discoverDirectlyFollows } from './discover-directly-follows.ts';
import {
  groupVariants,
  listVariants,
  type Variant,
  type VariantGroups,
} from './discover-variants.ts';
import { type ActivityStats, measureActivities } from './measure-activities.ts';
import { measureCaseDurations } from './measure-case-durations.ts';
import { type Bottlenecks, rankBottlenecks } from './rank-bottlenecks.ts';

/** Every figure of `docs/metrics.md` for one event log (or one segment of it). */
export interface ProcessAnalysis {
  events: number;
  cases: number;
  activities: number;
  resources: number;
  /** First and last event timestamps (UTC ms); NaN for an empty log. */
  firstEventMs: number;
  lastEventMs: number;
  start: ActivityCount[];
  end: ActivityCount[];
  dfg: DirectlyFollowsArc[];
  activityStats: ActivityStats[];
  variants: Variant[];
  caseDuration: DurationStats & { working?: DurationStats };
  passRates: PassRate[];
  bottlenecks: Bottlenecks;
}

export interface Segment {
  /** The attribute's value, or null for cases without one. */
  value: string | null;
  analysis: ProcessAnalysis;
}

export interface SegmentBreakdown {
  attribute: string;
  segments: Segment[];
}

export type SegmentResult =
  | { ok: true; breakdown: SegmentBreakdown }
  | { ok: false; reason: 'unknown-case-attribute'; attribute: string; available: string[] };

/**
 * The figures that depend only on the order of activities within cases
 * (variants, pass rates, activity counts and rework): the part of an analysis
 * that another thread can compute from `caseStart` and `activityOf` alone.
 */
export interface SequenceFigures {
  activityStats: ActivityStats[];
  /** Compact, so that the figures cross threads cheaply; `combineFigures` adds the names. */
  variantGroups: VariantGroups;
  passRates: PassRate[];
}

/** The figures that need timestamps or resources: everything else. */
export type FlowFigures = Omit<
  ProcessAnalysis,
  'activities' | 'activityStats' | 'variants' | 'passRates'
>;

export function analyzeSequences(log: SequenceLog): SequenceFigures {
  return {
    activityStats: measureActivities(log),
    variantGroups: groupVariants(log),
    passRates: computePassRates(log),
  };
}

export function analyzeFlow(log: EventLog): FlowFigures {
  const dfg = discoverDirectlyFollows(log);
  const { start, end } = countStartEndActivities(log);
  let firstEventMs = Number.POSITIVE_INFINITY;
  let lastEventMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < log.eventCount; i++) {
    const t = log.timestampMs[i]!;
    if (t < firstEventMs) firstEventMs = t;
    if (t > lastEventMs) lastEventMs = t;
  }
  const isEmpty = log.eventCount === 0;
  return {
    events: log.eventCount,
    cases: log.caseCount,
    resources: countResources(log),
    firstEventMs: isEmpty ? Number.NaN : firstEventMs,
    lastEventMs: isEmpty ? Number.NaN : lastEventMs,
    start,
    end,
    dfg,
    caseDuration: measureCaseDurations(log),
    bottlenecks: rankBottlenecks(dfg),
  };
}

/** One analysis from its two parts, computed apart (perhaps on two threads). */
export function combineFigures(
  log: SequenceLog,
  flow: FlowFigures,
  sequences: SequenceFigures,
): ProcessAnalysis {
  return {
    events: flow.events,
    cases: flow.cases,
    activities: sequences.activityStats.length,
    resources: flow.resources,
    firstEventMs: flow.firstEventMs,
    lastEventMs: flow.lastEventMs,
    start: flow.start,
    end: flow.end,
    dfg: flow.dfg,
    activityStats: sequences.activityStats,
    variants: listVariants(log, sequences.variantGroups),
    caseDuration: flow.caseDuration,
    passRates: sequences.passRates,
    bottlenecks: flow.bottlenecks,
  };
}

/** Computes every figure for the whole log. */
export function analyzeLog(log: EventLog): ProcessAnalysis {
  return combineFigures(log, analyzeFlow(log), analyzeSequences(log));
}

/**
 * Every figure per value of a case attribute (`--by Team`): cases without a
 * value form their own segment (value null). Segments are ordered by case
 * count, then by value.
 */
export function analyzeSegments(
  log: EventLog,
  attributeName: string,
  /** How each segment is analyzed (with working time, say); `analyzeLog` by default. */
  analyze: (segment: EventLog) => ProcessAnalysis = analyzeLog,
): SegmentResult {
  const attribute = findCaseAttribute(log, attributeName);
  if (!attribute) {
    return {
      ok: false,
      reason: 'unknown-case-attribute',
      attribute: attributeName,
      available: log.caseAttributes.map((a) => a.name),
    };
  }
  const casesByValue = new Map<number, number[]>();
  for (let c = 0; c < log.caseCount; c++) {
    const value = attribute.valueIndexOf[c]!;
    let cases = casesByValue.get(value);
    if (!cases) {
      cases = [];
      casesByValue.set(value, cases);
    }
    cases.push(c);
  }
  const segments: Segment[] = [...casesByValue].map(([value, cases]) => ({
    value: value === MISSING ? null : attribute.values[value]!,
    analysis: analyze(selectCases(log, cases)),
  }));
  segments.sort(
    (x, y) =>
      y.analysis.cases - x.analysis.cases ||
      (x.value === null ? 1 : y.value === null ? -1 : compareText(x.value, y.value)),
  );
  return { ok: true, breakdown: { attribute: attribute.name, segments } };
}

function countResources(log: EventLog): number {
  const isUsed = new Uint8Array(log.resources.length);
  let count = 0;
  for (let i = 0; i < log.eventCount; i++) {
    const r = log.resourceOf[i]!;
    if (r !== MISSING && isUsed[r] === 0) {
      isUsed[r] = 1;
      count++;
    }
  }
  return count;
}
