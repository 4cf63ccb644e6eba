import { createHash } from 'node:crypto';
import type { Role } from '@pipewise/store';
import { ROLES } from '@pipewise/store';

/**
 * Who may call a route. Every route declares one (a route without it does
 * not start: see build-app.ts):
 * - `public`: anyone (sign-in, health, the API document);
 * - a list of roles: signed-in members with one of them.
 */
export type Access = 'public' | readonly Role[];

export const EVERY_ROLE: readonly Role[] = ROLES;
/** Roles that change the process: admins and process owners (sales operations). */
export const EDITORS: readonly Role[] = ['admin', 'process_owner'];
/** Everyone but viewers and reps: they read the diagnosis and the models' details. */
export const ANALYSTS: readonly Role[] = ['admin', 'process_owner', 'manager', 'supporting'];

/** The signed-in member a request speaks for. */
export interface Caller {
  userId: string;
  organizationId: string;
  role: Role;
  csrfToken: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    caller?: Caller;
  }
}

export const SESSION_COOKIE = 'pipewise_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Sessions are stored under the hash of their token. */
export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** The caller, for handlers of routes that require a session (the access hook guarantees it). */
export function callerOf(request: { caller?: Caller }): Caller {
  if (!request.caller) throw new Error('no caller on a route that requires a session');
  return request.caller;
}
