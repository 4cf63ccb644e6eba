import type { LocalizedText } from '../process-model/process-model.ts';

/** The problem types of the method's register (问题类型). */
export type ProblemType =
  | 'low-efficiency'
  | 'broken-hand-off'
  | 'poor-experience'
  | 'non-compliance'
  | 'redundancy'
  | 'other';

/**
 * What a detector found: which detector, a title in both languages, the
 * steps (activity or step names) it is about, its evidence (the figures it
 * rests on), a suggested problem type, and a severity from 1 (minor) to 5
 * (severe) by the detector's own rule (docs/diagnosis.md).
 */
export interface Finding {
  detector: string;
  title: LocalizedText;
  steps: string[];
  /** The segment it was found in (a team, a region), when it is not the whole process. */
  segment?: { attribute: string; value: string };
  severity: 1 | 2 | 3 | 4 | 5;
  suggestedType: ProblemType;
  evidence: Record<string, unknown>;
}

/**
 * A finding's identity across runs: its detector, steps and segment (not its
 * figures, which move as data comes in), so the problem register can tell a
 * finding it already holds.
 */
export function findingKey(finding: Pick<Finding, 'detector' | 'steps' | 'segment'>): string {
  const segment = finding.segment ? `${finding.segment.attribute}=${finding.segment.value}` : '';
  return `${finding.detector}|${finding.steps.join('>')}|${segment}`;
}
