import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { Dataset, ModelSummary, Phase, Project } from '../api/types.ts';

export const useProjects = () =>
  useQuery({ queryKey: ['projects'], queryFn: () => api<Project[]>('GET', '/api/projects') });

export const useProject = (id: string) =>
  useQuery({
    queryKey: ['projects', id],
    queryFn: () => api<Project>('GET', `/api/projects/${id}`),
  });

/** The organization's datasets; a project's are those with its id. */
export const useDatasets = () =>
  useQuery({ queryKey: ['datasets'], queryFn: () => api<Dataset[]>('GET', '/api/datasets') });

export const useModels = () =>
  useQuery({ queryKey: ['models'], queryFn: () => api<ModelSummary[]>('GET', '/api/models') });

export function useCreateProject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description?: string }) =>
      api<Project>('POST', '/api/projects', input),
    onSuccess: () => client.invalidateQueries({ queryKey: ['projects'] }),
  });
}

export function useMoveProject(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (phase: Phase) => api<Project>('PATCH', `/api/projects/${id}`, { phase }),
    onSuccess: (project) => {
      client.setQueryData(['projects', id], project);
      void client.invalidateQueries({ queryKey: ['projects'] });
    },
  });
}
