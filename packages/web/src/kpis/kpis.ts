import type { KpiMeasure } from '@pipewise/engine/kpi';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Role } from '../api/types.ts';
import { useApiChange } from '../api/use-api-change.ts';

/** Who defines KPIs: as the server's KPI routes. */
export const KPI_EDITORS: readonly Role[] = ['admin', 'process_owner', 'manager'];

export const MEASURE_KINDS = [
  'cycle-time',
  'stage-duration',
  'pass-rate',
  'win-rate',
  'sla-adherence',
  'process-adherence',
  'timeliness',
  'revenue-per-rep',
  'ratio',
] as const satisfies readonly KpiMeasure['kind'][];

export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** How a measure's value reads: a duration, a share 0–1, or a plain number. */
export function unitOf(kind: MeasureKind): 'duration' | 'share' | 'number' {
  if (kind === 'cycle-time' || kind === 'stage-duration') return 'duration';
  if (kind === 'revenue-per-rep' || kind === 'ratio') return 'number';
  return 'share';
}

/** The direction a measure usually wants: durations down, everything else up. */
export function usualDirection(kind: MeasureKind): 'higher-is-better' | 'lower-is-better' {
  return unitOf(kind) === 'duration' ? 'lower-is-better' : 'higher-is-better';
}

export interface Kpi {
  id: string;
  projectId: string;
  name: string;
  measure: KpiMeasure;
  target: number | null;
  direction: 'higher-is-better' | 'lower-is-better';
  updatedAt: string;
}

export interface KpiValues {
  time: { kind: 'working' | 'calendar'; workingDayMs?: number };
  cases: number;
  values: {
    id: string;
    value: number | null;
    basis: {
      numerator?: number;
      denominator?: number;
      count?: number;
      gatesJudged?: number;
      gatesNotJudged?: number;
    };
    meetsTarget: boolean | null;
  }[];
}

export const useKpis = (projectId: string) =>
  useQuery({
    queryKey: ['kpis', projectId],
    queryFn: () => api<Kpi[]>('GET', `/api/projects/${projectId}/kpis`),
  });

export function useKpiChange() {
  return useApiChange([['kpis'], ['kpi-values']]);
}

/** Form values of a KPI's measure, flat (the form shows the fields its kind needs). */
export interface MeasureFields {
  kind: MeasureKind;
  step?: string;
  from?: string;
  to?: string;
  percentile?: number;
  withinHours?: number;
  withinBasis?: 'working' | 'calendar';
  amount?: string;
  per?: string;
  numerator?: string[];
  denominator?: string[];
  steps?: string[];
}

/** The API's measure from the form's fields; percentiles are typed in % and hours in hours. */
export function measureOf(fields: MeasureFields): KpiMeasure {
  const percentile =
    fields.percentile === undefined || fields.percentile === null
      ? {}
      : { percentile: fields.percentile / 100 };
  switch (fields.kind) {
    case 'cycle-time':
      return { kind: 'cycle-time', ...percentile };
    case 'stage-duration':
      return { kind: 'stage-duration', step: fields.step ?? '', ...percentile };
    case 'pass-rate':
      return { kind: 'pass-rate', from: fields.from ?? '', to: fields.to ?? '' };
    case 'win-rate':
      return { kind: 'win-rate' };
    case 'sla-adherence':
      return fields.steps && fields.steps.length > 0
        ? { kind: 'sla-adherence', steps: fields.steps }
        : { kind: 'sla-adherence' };
    case 'process-adherence':
      return { kind: 'process-adherence' };
    case 'timeliness':
      return {
        kind: 'timeliness',
        from: fields.from ?? '',
        to: fields.to ?? '',
        within: {
          value: fields.withinHours ?? 0,
          unit: 'hour',
          basis: fields.withinBasis ?? 'working',
        },
      };
    case 'revenue-per-rep':
      return { kind: 'revenue-per-rep', amount: fields.amount ?? '', per: fields.per ?? '' };
    case 'ratio':
      return fields.denominator && fields.denominator.length > 0
        ? { kind: 'ratio', numerator: fields.numerator ?? [], denominator: fields.denominator }
        : { kind: 'ratio', numerator: fields.numerator ?? [] };
  }
}

/** A target as stored (ms, 0–1 or plain) from what is typed: hours, %, or the number. */
export function targetOf(kind: MeasureKind, typed: number | null | undefined): number | null {
  if (typed === null || typed === undefined) return null;
  const unit = unitOf(kind);
  return unit === 'duration' ? typed * 3_600_000 : unit === 'share' ? typed / 100 : typed;
}

/** What to type for a stored target: the inverse of `targetOf`. */
export function typedTarget(kind: MeasureKind, target: number | null): number | null {
  if (target === null) return null;
  const unit = unitOf(kind);
  return unit === 'duration' ? target / 3_600_000 : unit === 'share' ? target * 100 : target;
}
