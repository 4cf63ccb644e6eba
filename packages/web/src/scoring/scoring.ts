import { scaleColor } from '@pipewise/diagrams';
import type { DimensionSummary, ScoreDimension } from '@pipewise/engine/diagnosis';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { useApiChange } from '../api/use-api-change.ts';

export const DIMENSIONS: readonly ScoreDimension[] = [
  'efficiency',
  'effectiveness',
  'compliance',
  'customer-experience',
];

/** Who runs rounds (open, invite, close): as the server's scoring routes. */
export const ROUND_RUNNERS: readonly Role[] = ['admin', 'process_owner', 'manager'];
/** Who reads the results: as the server's scoring routes (its ANALYSTS). */
export const RESULT_READERS: readonly Role[] = ['admin', 'process_owner', 'manager', 'supporting'];

export interface Round {
  id: string;
  projectId: string | null;
  versionId: string;
  modelId: string;
  modelName: string;
  versionNumber: number;
  title: string;
  status: 'open' | 'closed';
  raters: number;
  createdAt: string;
}

export interface SheetStep {
  id: string;
  name: { zh?: string; en?: string };
}

export interface SheetEntry {
  stepId: string;
  scores: Partial<Record<ScoreDimension, number | null>>;
  comment?: string;
}

export interface Sheet {
  round: Round;
  steps: SheetStep[];
  entries: SheetEntry[];
}

export interface Results {
  round: Round;
  disagreementRange: number;
  steps: {
    stepId: string;
    name: { zh?: string; en?: string };
    mean: number | null;
    raters: number;
    isDisputed: boolean;
    dimensions: Record<ScoreDimension, DimensionSummary | null>;
    comments: { raterId: string; rater: string; comment: string }[];
  }[];
  raters: { userId: string; name: string; email: string; scored: number; total: number }[];
}

/** A located problem of a sheet, as the server lists it (message in the user's language). */
export interface SheetProblem {
  reason: string;
  sheet?: string;
  row?: number;
  column?: string;
  value?: string;
  message: string;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The colour of a mean score: the swimlane chart's scale on the fixed 1–5
 * domain, reversed because a high score is good (1 soft red, 3 orange, 5
 * pale yellow), so the heat map and the chart agree (docs/metrics.md).
 */
export function scoreColor(mean: number): string {
  return scaleColor(6 - mean, { min: 1, max: 5 });
}

/** A mean or spread as shown: one decimal. */
export function formatScore(value: number): string {
  return value.toFixed(1);
}

export const useRounds = (projectId: string, versionId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['scoring-rounds', projectId, versionId],
    queryFn: () =>
      api<Round[]>('GET', `/api/projects/${projectId}/scoring-rounds?versionId=${versionId}`),
    enabled,
  });

export const useMyRounds = () =>
  useQuery({
    queryKey: ['my-scoring-rounds'],
    queryFn: () => api<Round[]>('GET', '/api/my-scoring-rounds'),
  });

export const useMembers = (enabled: boolean) =>
  useQuery({
    queryKey: ['members'],
    queryFn: () => api<Member[]>('GET', '/api/members'),
    enabled,
  });

export const useSheet = (roundId: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['scoring-sheet', roundId],
    queryFn: () => api<Sheet>('GET', `/api/scoring-rounds/${roundId}/sheet`),
    enabled: Boolean(roundId) && enabled,
  });

export const useResults = (roundId: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: ['scoring-results', roundId],
    queryFn: () => api<Results>('GET', `/api/scoring-rounds/${roundId}/results`),
    enabled: Boolean(roundId) && enabled,
  });

/** Any change to scoring (a round, raters, a sheet), then what shows it is read again. */
export function useScoringChange() {
  return useApiChange([
    ['scoring-rounds'],
    ['my-scoring-rounds'],
    ['scoring-sheet'],
    ['scoring-results'],
  ]);
}
