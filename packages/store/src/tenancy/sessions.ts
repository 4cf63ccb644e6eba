import type { Kysely } from 'kysely';
import type { Database, Role } from '../database/schema.ts';

export interface SessionRecord {
  userId: string;
  organizationId: string;
  role: Role;
  csrfToken: string;
  expiresAt: Date;
}

/** Stores a session under the hash of its token (the cookie holds the token itself). */
export async function createSession(
  db: Kysely<Database>,
  input: {
    tokenHash: string;
    userId: string;
    organizationId: string;
    csrfToken: string;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: input.tokenHash,
      user_id: input.userId,
      organization_id: input.organizationId,
      csrf_token: input.csrfToken,
      expires_at: input.expiresAt,
    })
    .execute();
}

/**
 * The live session with this token hash, with the member's current role (a
 * role changed or a membership removed takes effect on the next request).
 */
export async function findSession(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
): Promise<SessionRecord | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('memberships', (join) =>
      join
        .onRef('memberships.user_id', '=', 'sessions.user_id')
        .onRef('memberships.organization_id', '=', 'sessions.organization_id'),
    )
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.user_id',
      'sessions.organization_id',
      'sessions.csrf_token',
      'sessions.expires_at',
      'memberships.role',
    ])
    .where('sessions.id', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    userId: row.user_id,
    organizationId: row.organization_id,
    role: row.role,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', tokenHash).execute();
}

/** Signs a user out everywhere: every session of theirs ends. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Counts a failed sign-in and returns how many there were for this e-mail in the window. */
export async function recordSignInFailure(
  db: Kysely<Database>,
  email: string,
  now: Date,
  windowMs: number,
): Promise<number> {
  const key = email.trim().toLowerCase();
  // Failures older than the window no longer count: drop them as new ones come.
  await db
    .deleteFrom('sign_in_failures')
    .where('email', '=', key)
    .where('at', '<=', new Date(now.getTime() - windowMs))
    .execute();
  await db.insertInto('sign_in_failures').values({ email: key, at: now }).execute();
  return countSignInFailures(db, key, now, windowMs);
}

export async function countSignInFailures(
  db: Kysely<Database>,
  email: string,
  now: Date,
  windowMs: number,
): Promise<number> {
  const row = await db
    .selectFrom('sign_in_failures')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('email', '=', email.trim().toLowerCase())
    .where('at', '>', new Date(now.getTime() - windowMs))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function clearSignInFailures(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('email', '=', email.trim().toLowerCase()).execute();
}
