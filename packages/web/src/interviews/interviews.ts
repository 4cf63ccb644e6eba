import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { useApiChange } from '../api/use-api-change.ts';

export type InterviewRole =
  | 'sales_manager'
  | 'sales_rep'
  | 'after_sales'
  | 'finance'
  | 'legal'
  | 'custom';
export const INTERVIEW_ROLES: readonly InterviewRole[] = [
  'sales_manager',
  'sales_rep',
  'after_sales',
  'finance',
  'legal',
  'custom',
];

export interface InterviewPlan {
  id: string;
  projectId: string;
  role: InterviewRole;
  title: string;
  questions: string[];
}

export interface InterviewAnswer {
  question: string;
  answer: string;
  steps: string[];
}

export interface Interview {
  id: string;
  projectId: string;
  planId: string | null;
  interviewee: string;
  role: string;
  heldOn: string;
  answers: InterviewAnswer[];
  notes: string;
}

export interface MentionSummary {
  interviewees: number;
  steps: { step: string; interviewees: number; answers: number; names: string[] }[];
}

/** Roles that may plan and record interviews. */
export const INTERVIEWERS = ['admin', 'process_owner', 'manager'];

export const usePlans = (projectId: string) =>
  useQuery({
    queryKey: ['interview-plans', projectId],
    queryFn: () => api<InterviewPlan[]>('GET', `/api/projects/${projectId}/interview-plans`),
  });

export const useInterviews = (projectId: string) =>
  useQuery({
    queryKey: ['interviews', projectId],
    queryFn: () => api<Interview[]>('GET', `/api/projects/${projectId}/interviews`),
  });

export const useMentionSummary = (projectId: string) =>
  useQuery({
    queryKey: ['interview-summary', projectId],
    queryFn: () => api<MentionSummary>('GET', `/api/projects/${projectId}/interview-summary`),
  });

/** Saves (creates or changes) a plan or an interview, then refreshes what shows them. */
export function useSaveSurveyRecord(projectId: string) {
  return useApiChange(
    ['interview-plans', 'interviews', 'interview-summary'].map((key) => [key, projectId]),
  );
}
