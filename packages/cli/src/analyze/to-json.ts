import {
  type DirectlyFollowsArc,
  type DurationStats,
  type FilterStep,
  findSlowestHandOff,
  type ProcessAnalysis,
  type SegmentBreakdown,
  type SlowerHandOff,
} from '@pipewise/engine';
import type { CaseAttributeReport, ImportReport } from '@pipewise/formats';

/** Calendar time, or working time under a named calendar. */
export type TimeBasis =
  | { kind: 'calendar' }
  | {
      kind: 'working';
      calendar: string /** A full working day of the calendar (Monday's hours). */;
      dayMs: number;
    };

/** One applied filter; instants of a period also as ISO text. */
export type FilterJson = FilterStep['filter'] & {
  casesBefore: number;
  casesAfter: number;
  from?: string | null;
  to?: string | null;
};

/** Durations in working time, beside the calendar ones, with `--time working`. */
export type WorkingJson = Partial<
  Record<
    | 'totalWorkingMs'
    | 'meanWorkingMs'
    | 'medianWorkingMs'
    | 'p90WorkingMs'
    | 'minWorkingMs'
    | 'maxWorkingMs',
    number
  >
>;
type ArcJson = Omit<DirectlyFollowsArc, 'working'> & WorkingJson;

/** Every figure, with its instants also as ISO 8601 text (null for an empty log). */
export type AnalysisJson = Omit<ProcessAnalysis, 'dfg' | 'caseDuration' | 'bottlenecks'> & {
  dfg: ArcJson[];
  caseDuration: DurationStats & WorkingJson;
  bottlenecks: { byTotal: ArcJson[]; byMedian: ArcJson[] };
  firstEvent: string | null;
  lastEvent: string | null;
};

/** The `--json` document; its shape is documented in docs/cli.md. */
export type AnalyzeJson = AnalysisJson & {
  source: ImportReport & {
    collapseRepeats: boolean;
    caseFile?: CaseAttributeReport;
    filters: FilterJson[];
    /** Which durations are shown: calendar time, or working time under a calendar. */
    time: TimeBasis;
  };
  segments?: {
    attribute: string;
    values: (AnalysisJson & { value: string | null; slowestHandOff: SlowerHandOff | null })[];
  };
};

/** What `pipewise analyze` found, as both the summary and the JSON show it. */
export interface AnalyzeOutcome {
  analysis: ProcessAnalysis;
  report: ImportReport;
  caseFile?: CaseAttributeReport;
  segments?: SegmentBreakdown;
  isCollapsed: boolean;
  filters: FilterStep[];
  time: TimeBasis;
}

/**
 * The `--json` document: the analysis fields at the top level (the shape
 * promised in docs/cli.md), then where the data came from. Instants are given
 * both as UTC milliseconds and as ISO 8601 text.
 */
export function toJsonDocument(input: AnalyzeOutcome): AnalyzeJson {
  const { analysis, report } = input;
  return {
    ...withInstants(analysis),
    source: {
      ...report,
      collapseRepeats: input.isCollapsed,
      time: input.time,
      filters: input.filters.map(({ filter, casesBefore, casesAfter }) => ({
        ...filter,
        ...(filter.kind === 'period'
          ? { from: isoOrNull(filter.fromMs), to: isoOrNull(filter.toMs) }
          : {}),
        casesBefore,
        casesAfter,
      })),
      ...(input.caseFile ? { caseFile: input.caseFile } : {}),
    },
    ...(input.segments
      ? {
          segments: {
            attribute: input.segments.attribute,
            values: input.segments.segments.map(({ value, analysis: segment }) => ({
              value,
              ...withInstants(segment),
              slowestHandOff: findSlowestHandOff(segment.dfg, analysis.dfg) ?? null,
            })),
          },
        }
      : {}),
  };
}

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function withInstants(analysis: ProcessAnalysis): AnalysisJson {
  const iso = (ms: number): string | null =>
    Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  return {
    ...analysis,
    dfg: analysis.dfg.map(flattenWorking),
    caseDuration: flattenWorking(analysis.caseDuration),
    bottlenecks: {
      byTotal: analysis.bottlenecks.byTotal.map(flattenWorking),
      byMedian: analysis.bottlenecks.byMedian.map(flattenWorking),
    },
    firstEvent: iso(analysis.firstEventMs),
    lastEvent: iso(analysis.lastEventMs),
  };
}

/** `{…, working: {meanMs…}}` as `{…, meanWorkingMs…}`: the JSON keeps one flat object per figure. */
function flattenWorking<T extends { working?: DurationStats }>(
  stats: T,
): Omit<T, 'working'> & WorkingJson {
  const { working, ...rest } = stats;
  if (!working) return rest;
  return {
    ...rest,
    totalWorkingMs: working.totalMs,
    meanWorkingMs: working.meanMs,
    medianWorkingMs: working.medianMs,
    p90WorkingMs: working.p90Ms,
    minWorkingMs: working.minMs,
    maxWorkingMs: working.maxMs,
  };
}
