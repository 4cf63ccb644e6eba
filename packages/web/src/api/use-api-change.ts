import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';

/** A change sent to the API: its method, route and body. */
export interface ApiChange {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
}

/**
 * Sends changes to the API; once one is saved, the queries under each of
 * `refresh` (query key prefixes) are read again, so every view of what
 * changed shows it.
 */
export function useApiChange(refresh: readonly (readonly unknown[])[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (request: ApiChange) => api<unknown>(request.method, request.url, request.body),
    onSuccess: () => Promise.all(refresh.map((queryKey) => client.invalidateQueries({ queryKey }))),
  });
}
