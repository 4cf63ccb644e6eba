import {
  findSlowestHandOff,
  type ProcessAnalysis,
  type SegmentBreakdown,
  type SlowerHandOff,
} from '@pipewise/engine';
import type { CaseAttributeReport, ImportReport } from '@pipewise/formats';

/** Every figure, with its instants also as ISO 8601 text (null for an empty log). */
export type AnalysisJson = ProcessAnalysis & {
  firstEvent: string | null;
  lastEvent: string | null;
};

/** The `--json` document; its shape is documented in docs/cli.md. */
export type AnalyzeJson = AnalysisJson & {
  source: ImportReport & { collapseRepeats: boolean; caseFile?: CaseAttributeReport };
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
}): AnalyzeJson {
  const { analysis, report } = input;
  return {
    ...withInstants(analysis),
    source: {
      ...report,
      collapseRepeats: input.isCollapsed,
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

function withInstants(analysis: ProcessAnalysis): AnalysisJson {
  const iso = (ms: number): string | null =>
    Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  return {
    ...analysis,
    firstEvent: iso(analysis.firstEventMs),
    lastEvent: iso(analysis.lastEventMs),
  };
}
