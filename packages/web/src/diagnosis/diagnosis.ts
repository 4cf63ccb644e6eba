import type { LocalizedText } from '@pipewise/engine/process-model';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { useApiChange } from '../api/use-api-change.ts';

/** Who keeps the problem register: as the server's diagnosis routes (REGISTRARS). */
export const REGISTRARS: readonly Role[] = ['admin', 'process_owner', 'manager'];

export const PROBLEM_TYPES = [
  'low-efficiency',
  'broken-hand-off',
  'poor-experience',
  'non-compliance',
  'redundancy',
  'other',
] as const;
export type ProblemType = (typeof PROBLEM_TYPES)[number];
export const ROOT_CAUSES = ['process-design', 'resource-support', 'management-mechanism'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];
export const PROBLEM_STATUSES = ['open', 'in-progress', 'resolved', 'wont-fix'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface Finding {
  key: string;
  detector: string;
  title: LocalizedText;
  steps: string[];
  segment: { attribute: string; value: string } | null;
  severity: number;
  suggestedType: ProblemType;
  evidence: Record<string, unknown>;
  impact: { casesAffected: number | null; waitingMs: number | null };
  problemId: string | null;
}

interface DurationFigures {
  count: number;
  medianMs: number;
  p90Ms: number;
}

export interface StepIndicators {
  stepId: string;
  name: LocalizedText;
  activity: string | null;
  cases: number;
  waiting: DurationFigures | null;
  inStep: DurationFigures | null;
  skip: { cases: number; of: number; share: number } | null;
  rework: { cases: number; share: number } | null;
  dropOff: { cases: number; share: number } | null;
  win: {
    through: { cases: number; won: number; rate: number };
    notThrough: { cases: number; won: number; rate: number };
    difference: number;
    ci95: [number, number];
  } | null;
  handOffs: { count: number; share: number } | null;
  owners: number;
  systems: number;
}

export interface Diagnosis {
  time: { kind: 'working' | 'calendar'; calendar?: string; workingDayMs?: number };
  caseAttributes: string[];
  findings: Finding[];
  leftOut: Record<string, number>;
  unmatchedSteps: { stepId: string; name?: LocalizedText }[];
  indicators: StepIndicators[] | null;
}

export interface DiagnosisRequest {
  datasetId: string;
  versionId?: string;
  segmentBy?: string;
  time: 'working' | 'calendar';
}

export interface Problem {
  id: string;
  projectId: string;
  source: 'detector' | 'score' | 'manual';
  findingKey: string | null;
  title: string;
  description: string;
  steps: string[];
  type: ProblemType;
  rootCause: RootCause | null;
  severity: number;
  ownerId: string | null;
  status: ProblemStatus;
  evidence: Record<string, unknown>;
  interviewLinks: { interviewId: string; answerIndex: number }[];
  casesAffected: number | null;
  waitingMs: number | null;
  createdAt: string;
  updatedAt: string;
}

export type NewProblem = Pick<Problem, 'source' | 'title' | 'type' | 'severity'> &
  Partial<Omit<Problem, 'id' | 'projectId' | 'createdAt' | 'updatedAt'>>;

export const useDiagnosis = (projectId: string, request: DiagnosisRequest | undefined) =>
  useQuery({
    queryKey: ['diagnosis', projectId, request],
    queryFn: () => api<Diagnosis>('POST', `/api/projects/${projectId}/diagnosis`, request),
    enabled: Boolean(request),
  });

export const useProblems = (projectId: string) =>
  useQuery({
    queryKey: ['problems', projectId],
    queryFn: () => api<Problem[]>('GET', `/api/projects/${projectId}/problems`),
  });

/** Adds, changes or removes problems; then the register and the findings' marks are read again. */
export function useProblemChange() {
  return useApiChange([['problems'], ['diagnosis']]);
}

/** A register entry for a detector's finding: its title in the reader's language, type, severity, evidence and impact. */
export function problemFromFinding(
  finding: Finding,
  language: 'zh' | 'en',
  context: { datasetId: string; versionId?: string; workingDayMs?: number },
): NewProblem {
  const title = (language === 'zh' ? finding.title.zh : finding.title.en) ?? finding.key;
  return {
    source: 'detector',
    findingKey: finding.key,
    title,
    steps: finding.steps,
    type: finding.suggestedType,
    severity: finding.severity,
    evidence: {
      detector: finding.detector,
      ...(finding.segment
        ? { segment: `${finding.segment.attribute}=${finding.segment.value}` }
        : {}),
      ...finding.evidence,
      datasetId: context.datasetId,
      ...(context.versionId ? { versionId: context.versionId } : {}),
      // Durations of the evidence are in working time of days this long.
      ...(context.workingDayMs ? { workingDayMs: context.workingDayMs } : {}),
    },
    casesAffected: finding.impact.casesAffected,
    waitingMs: finding.impact.waitingMs,
  };
}

/**
 * Steps whose mean score is at most `threshold` (2.5 by default: below the
 * middle of the 1–5 scale) or whose raters disagree: where opinion says
 * something is wrong, as register candidates.
 */
export function lowScoringSteps<T extends { mean: number | null; isDisputed: boolean }>(
  steps: readonly T[],
  threshold = 2.5,
): T[] {
  return steps.filter((step) => (step.mean !== null && step.mean <= threshold) || step.isDisputed);
}

/** Severity for a low score: 5 at a mean of 1.5 or less, 4 up to 2, 3 up to 2.5, else (disputed only) 2. */
export function severityOfScore(mean: number | null): number {
  if (mean === null) return 2;
  return mean <= 1.5 ? 5 : mean <= 2 ? 4 : mean <= 2.5 ? 3 : 2;
}

export type DataConcern = 'slow-wait' | 'rework' | 'skipped' | 'drop-off';

/**
 * What the data holds against each step (docs/metrics.md, "Data beside
 * opinion"): waiting before it at least twice the typical step's (the median
 * of the steps' median waits, with three steps measured at least), a quarter
 * of its cases reworking it, a tenth of the cases skipping it, or three in
 * ten ending there without winning.
 */
export function dataConcerns(steps: readonly StepIndicators[]): Map<string, DataConcern[]> {
  const waits = steps
    .flatMap((step) => (step.waiting ? [step.waiting.medianMs] : []))
    .sort((x, y) => x - y);
  const half = waits.length >> 1;
  const typical =
    waits.length < 3
      ? Number.NaN
      : waits.length % 2 === 1
        ? waits[half]!
        : (waits[half - 1]! + waits[half]!) / 2;
  return new Map(
    steps.map((step) => {
      const concerns: DataConcern[] = [];
      if (step.waiting && typical > 0 && step.waiting.medianMs >= 2 * typical)
        concerns.push('slow-wait');
      if (step.rework && step.rework.share >= 0.25) concerns.push('rework');
      if (step.skip && step.skip.share >= 0.1) concerns.push('skipped');
      if (step.dropOff && step.dropOff.share >= 0.3) concerns.push('drop-off');
      return [step.stepId, concerns];
    }),
  );
}

/**
 * Where opinion and data part: people rate a step well (mean 3.5 or more)
 * while the data holds something against it, or rate it poorly (2.5 or less)
 * while the data holds nothing.
 */
export function opinionVersusData(
  mean: number | null | undefined,
  concerns: readonly DataConcern[],
): 'data-worse' | 'opinion-worse' | null {
  if (mean === null || mean === undefined) return null;
  if (mean >= 3.5 && concerns.length > 0) return 'data-worse';
  if (mean <= 2.5 && concerns.length === 0) return 'opinion-worse';
  return null;
}
