import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { i18n, type Locale, switchLocale } from '../i18n/i18n.ts';

export const SESSION = ['session'] as const;

/** Who is signed in (null when nobody is); opens the app in the user's language. */
export function useSession() {
  const query = useQuery({
    queryKey: SESSION,
    queryFn: async (): Promise<Session | null> => {
      try {
        return await api<Session>('GET', '/api/session');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
  const session = query.data;
  useEffect(() => {
    setCsrfToken(session?.csrfToken);
    const locale = session?.user.locale;
    if ((locale === 'en' || locale === 'zh-CN') && locale !== i18n.language) switchLocale(locale);
  }, [session]);
  return query;
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      api<Session>('POST', '/api/session', input),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      client.setQueryData(SESSION, session);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean) =>
      everywhere
        ? api('POST', '/api/session/sign-out-everywhere', {})
        : api('DELETE', '/api/session'),
    onSettled: () => {
      setCsrfToken(undefined);
      // Signed out first (the pages unmount), then nothing of the session's data stays.
      client.setQueryData(SESSION, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION[0] });
    },
  });
}

/** Switches the language now and keeps it as the user's choice on the server. */
export function useChangeLocale() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (locale: Locale) => {
      switchLocale(locale);
      return api<Session['user']>('PATCH', '/api/session/user', { locale });
    },
    onSuccess: (user) =>
      client.setQueryData<Session | null>(SESSION, (session) =>
        session ? { ...session, user } : session,
      ),
  });
}

/** A failure as the user reads it, in their language. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const key = `errors.${error.code}`;
    if (i18n.exists(key)) return i18n.t(key);
    return i18n.t('errors.unknown', { message: error.message });
  }
  return i18n.t('errors.unknown', {
    message: error instanceof Error ? error.message : String(error),
  });
}
