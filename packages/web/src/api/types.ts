// The API's JSON, as the web app reads it (the OpenAPI document at /api/docs has all of it).

export type Role = 'admin' | 'process_owner' | 'manager' | 'sales_rep' | 'supporting' | 'viewer';
export type Phase = 'survey' | 'diagnose' | 'design' | 'pilot' | 'rollout';
export const PHASES: readonly Phase[] = ['survey', 'diagnose', 'design', 'pilot', 'rollout'];

/** Roles that may create and change projects, datasets and models. */
export const EDITORS: readonly Role[] = ['admin', 'process_owner'];

export interface Session {
  user: { id: string; email: string; name: string; locale: string };
  organization: { id: string; name: string };
  role: Role;
  csrfToken: string;
  expiresAt: string;
}

export interface Project {
  id: string;
  name: string;
  description: string;
  phase: Phase;
  owners: string[];
  createdAt: string;
  updatedAt: string;
}

export interface Dataset {
  id: string;
  name: string;
  projectId: string | null;
  sourceFile: string;
  format: string;
  eventCount: number;
  caseCount: number;
  createdAt: string;
}

export interface ModelSummary {
  id: string;
  name: string;
  projectId: string | null;
  versions: { id: string; number: number; label: string; kind: string }[];
}

export interface Job {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  result: unknown;
  error: { message: string; details?: unknown } | null;
}

/** A located problem in an uploaded file (the formats package's InputError). */
export interface InputError {
  reason: string;
  file: string;
  line?: number;
  column?: string;
  value?: string;
  expected?: string;
}

export interface Preview {
  format: string;
  headers: string[];
  rows: string[][];
  mapping: {
    case: string | null;
    activity: string | null;
    timestamp: string | null;
    resource: string | null;
  } | null;
  note: string | null;
}

// The engine's own types for the figures (type-only: nothing of the engine is bundled for them).
import type { DirectlyFollowsArc, DurationStats, SlowerHandOff } from '@pipewise/engine';

export type { DurationStats };
export type Arc = DirectlyFollowsArc;

export interface ActivityStats {
  activity: string;
  events: number;
  cases: number;
  reworkCases: number;
}

export interface Analysis {
  datasetId: string;
  time:
    | { kind: 'calendar' }
    | { kind: 'working'; calendar: string; timeZone: string; dayMs: number };
  events: number;
  cases: number;
  start: { activity: string; count: number }[];
  end: { activity: string; count: number }[];
  dfg: Arc[];
  activityStats: ActivityStats[];
  variants: { activities: string[]; cases: number }[];
  variantCount: number;
  caseDuration: DurationStats & { working?: DurationStats };
  passRates: { from: string; to: string; cases: number; reached: number; rate: number }[];
  bottlenecks: { byTotal: Arc[]; byMedian: Arc[] };
  caseAttributes: { name: string; values: string[]; valueCount: number }[];
  /** What each filter left, in order. */
  filters: { casesBefore: number; casesAfter: number }[];
  segmentBy?: string;
  segments?: {
    value: string | null;
    cases: number;
    events: number;
    caseDuration: DurationStats & { working?: DurationStats };
    /** The hand-off slowest compared with the same hand-off in all cases (docs/metrics.md). */
    slowestHandOff: SlowerHandOff | null;
  }[];
}

/** The figure a duration shows: working time when the analysis is in working time. */
export function durationOf(stats: DurationStats & { working?: DurationStats }, analysis: Analysis) {
  return analysis.time.kind === 'working' && stats.working ? stats.working : stats;
}
