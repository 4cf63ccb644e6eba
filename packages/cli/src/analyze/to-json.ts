import {
  type FilterStep,
  findSlowestHandOff,
  type ProcessAnalysis,
  type SegmentBreakdown,
  type SlowerHandOff,
} from '@pipewise/engine';
import type { CaseAttributeReport, ImportReport } from '@pipewise/formats';

/** One applied filter; instants of a period also as ISO text. */
export type FilterJson = FilterStep['filter'] & {
  casesBefore: number;
  casesAfter: number;
  from?: string | null;
  to?: string | null;
};

/** Every figure, with its instants also as ISO 8601 text (null for an empty log). */
export type AnalysisJson = ProcessAnalysis & {
  firstEvent: string | null;
  lastEvent: string | null;
};

/** The `--json` document; its shape is documented in docs/cli.md. */
export type AnalyzeJson = AnalysisJson & {
  source: ImportReport & {
    collapseRepeats: boolean;
    caseFile?: CaseAttributeReport;
    filters: FilterJson[];
  };
  segments?: {
    attribute: string;
    values: (AnalysisJson & { value: string | null; slowestHandOff: SlowerHandOff | null })[];
  };
};

/**
 * The `--json` document: the analysis fields at the top level (the shape
 * promised in docs/cli.md), then where the data came from. Instants are given
 * both as UTC milliseconds and as ISO 8601 text.
 */
export function toJsonDocument(input: {
  analysis: ProcessAnalysis;
  report: ImportReport;
  caseFile?: CaseAttributeReport;
  segments?: SegmentBreakdown;
  isCollapsed: boolean;
  filters: FilterStep[];
}): AnalyzeJson {
  const { analysis, report } = input;
  return {
    ...withInstants(analysis),
    source: {
      ...report,
      collapseRepeats: input.isCollapsed,
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
    firstEvent: iso(analysis.firstEventMs),
    lastEvent: iso(analysis.lastEventMs),
  };
}
