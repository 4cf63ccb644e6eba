import { randomBytes } from 'node:crypto';
import {
  clearSignInFailures,
  createSession,
  deleteSession,
  deleteUserSessions,
  findUser,
  findUserByEmail,
  membershipsOf,
  recordAudit,
  recordSignInFailure,
} from '@pipewise/store';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EVERY_ROLE, hashToken, SESSION_COOKIE } from '../app/access.ts';
import { HttpError } from '../app/http-errors.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { RoleSchema } from './schemas.ts';

const FAILURE_WINDOW_MS = 15 * 60 * 1000;

/** The languages of the web app. */
export const LocaleSchema = z.enum(['zh-CN', 'en']);

export const SessionSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), locale: z.string() }),
  organization: z.object({ id: z.string(), name: z.string() }),
  role: RoleSchema,
  csrfToken: z
    .string()
    .describe('send it as the X-CSRF-Token header on every request that changes something'),
  expiresAt: z.string(),
});

/** Compared against when the e-mail is unknown, so that a wrong e-mail takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;

export async function sessionRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, config, now } = base.pipewise;
  const db = store.db;

  const describe = async (
    userId: string,
    organizationId: string,
    csrfToken: string,
    expiresAt: Date,
  ) => {
    const user = await findUser(db, userId);
    const membership = (await membershipsOf(db, userId)).find(
      (m) => m.organizationId === organizationId,
    );
    if (!user || !membership) throw new HttpError(401, 'not-signed-in', 'sign in first');
    return {
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale },
      organization: { id: membership.organizationId, name: membership.name },
      role: membership.role,
      csrfToken,
      expiresAt: expiresAt.toISOString(),
    };
  };

  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookies === 'always' || request.protocol === 'https',
      expires,
    });

  app.post(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['session'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: z.object({
          email: z.string().min(1).max(320),
          password: z.string().min(1).max(1000),
          organizationId: z
            .string()
            .uuid()
            .optional()
            .describe('for members of several organizations; the first otherwise'),
        }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const { email, password, organizationId } = request.body;
      const at = now();
      // The attempt is counted before the password is checked, so that many
      // attempts at once cannot all slip under the limit; a success clears it.
      if ((await recordSignInFailure(db, email, at, FAILURE_WINDOW_MS)) > config.signInAttempts) {
        reply.header('retry-after', String(FAILURE_WINDOW_MS / 1000));
        throw new HttpError(
          429,
          'too-many-attempts',
          'too many failed sign-ins for this e-mail; try again in 15 minutes',
        );
      }
      const user = await findUserByEmail(db, email);
      decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
      const matches = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
      if (!user || !matches || user.disabled_at !== null) {
        throw new HttpError(401, 'invalid-credentials', 'wrong e-mail or password');
      }
      const memberships = await membershipsOf(db, user.id);
      const membership = organizationId
        ? memberships.find((m) => m.organizationId === organizationId)
        : memberships[0];
      if (!membership)
        throw new HttpError(403, 'no-organization', 'this account belongs to no such organization');
      await clearSignInFailures(db, email);
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const expiresAt = new Date(at.getTime() + config.sessionHours * 3_600_000);
      // Expired sessions are of no use to anyone: cleared as new ones begin.
      await db.deleteFrom('sessions').where('expires_at', '<=', at).execute();
      await createSession(db, {
        tokenHash: hashToken(token),
        userId: user.id,
        organizationId: membership.organizationId,
        csrfToken,
        expiresAt,
      });
      await recordAudit(db, {
        organizationId: membership.organizationId,
        userId: user.id,
        action: 'sign-in',
        entity: 'session',
        entityId: user.id,
      });
      setCookie(request, reply, token, expiresAt);
      return describe(user.id, membership.organizationId, csrfToken, expiresAt);
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['session'],
        summary: 'Who is signed in, and the CSRF token',
        response: { 200: SessionSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const expiresAt =
        (
          await db
            .selectFrom('sessions')
            .select('expires_at')
            .where('id', '=', caller.sessionId)
            .executeTakeFirst()
        )?.expires_at ?? now();
      return describe(caller.userId, caller.organizationId, caller.csrfToken, expiresAt);
    },
  );

  app.delete(
    '/api/session',
    {
      config: { access: EVERY_ROLE },
      schema: { tags: ['session'], summary: 'Sign out (this session)' },
    },
    async (request, reply) => {
      await deleteSession(db, callerOf(request).sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/session/sign-out-everywhere',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['session'],
        summary: 'Sign out on every device: ends all of this user’s sessions',
        response: { 200: z.object({ sessionsEnded: z.number() }) },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const sessionsEnded = await deleteUserSessions(db, caller.userId);
      await recordAudit(db, {
        organizationId: caller.organizationId,
        userId: caller.userId,
        action: 'sign-out-everywhere',
        entity: 'session',
        entityId: caller.userId,
      });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { sessionsEnded };
    },
  );

  app.patch(
    '/api/session/user',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['session'],
        summary:
          'Change one’s own display name or language (zh-CN or en: the web app opens in it on every device)',
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            locale: LocaleSchema.optional(),
          })
          .strict(),
        response: { 200: SessionSchema.shape.user },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const before = await findUser(db, caller.userId);
      if (!before) throw new HttpError(401, 'not-signed-in', 'sign in first');
      const changes = request.body;
      if (Object.keys(changes).length > 0) {
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set(changes).where('id', '=', caller.userId).execute();
          await recordAudit(trx, {
            organizationId: caller.organizationId,
            userId: caller.userId,
            action: 'update',
            entity: 'user',
            entityId: caller.userId,
            before: { name: before.name, locale: before.locale },
            after: { name: changes.name ?? before.name, locale: changes.locale ?? before.locale },
          });
        });
      }
      return {
        id: before.id,
        email: before.email,
        name: changes.name ?? before.name,
        locale: changes.locale ?? before.locale,
      };
    },
  );
}
