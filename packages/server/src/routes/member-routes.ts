import { createHash, randomBytes } from 'node:crypto';
import {
  addMember,
  clearSignInFailures,
  createTeam,
  createUser,
  findUserByEmail,
  listMembers,
  listTeams,
  membershipsOf,
  recordAudit,
  recordSignInFailure,
} from '@pipewise/store';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, EDITORS, EVERY_ROLE } from '../app/access.ts';
import { HttpError, notFound } from '../app/http-errors.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { RoleSchema } from './schemas.ts';

const INVITATION_DAYS = 7;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

const MemberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  department: z.string().nullable(),
});

export async function memberRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { store, now, config } = base.pipewise;
  const db = store.db;

  app.get(
    '/api/members',
    {
      config: { access: ['admin', 'process_owner', 'manager'] },
      schema: {
        tags: ['members'],
        summary: 'The organization’s members and their roles',
        response: { 200: z.array(MemberSchema) },
      },
    },
    async (request) => listMembers(db, callerOf(request).organizationId),
  );

  app.patch(
    '/api/members/:userId',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['members'],
        summary: 'Change a member’s role or department',
        params: z.object({ userId: z.string().uuid() }),
        body: z.object({
          role: RoleSchema.optional(),
          department: z.string().max(200).nullable().optional(),
        }),
        response: { 200: MemberSchema },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return db.transaction().execute(async (trx) => {
        // One membership change at a time per organization: two admins demoting
        // each other at once would otherwise both count two admins and leave none.
        // (NO KEY: inserts that reference the organization need not wait.)
        await trx
          .selectFrom('organizations')
          .select('id')
          .where('id', '=', caller.organizationId)
          .forNoKeyUpdate()
          .execute();
        const before = await trx
          .selectFrom('memberships')
          .selectAll()
          .where('organization_id', '=', caller.organizationId)
          .where('user_id', '=', request.params.userId)
          .forUpdate()
          .executeTakeFirst();
        if (!before) throw notFound('member');
        const { role, department } = request.body;
        if (before.role === 'admin' && role !== undefined && role !== 'admin') {
          const admins = await trx
            .selectFrom('memberships')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('organization_id', '=', caller.organizationId)
            .where('role', '=', 'admin')
            .executeTakeFirstOrThrow();
          if (Number(admins.count) <= 1) {
            throw new HttpError(409, 'last-admin', 'the organization would have no admin left');
          }
        }
        const changes = {
          ...(role ? { role } : {}),
          ...(department !== undefined ? { department } : {}),
        };
        // An empty body changes nothing (an empty SET is not SQL).
        if (Object.keys(changes).length > 0) {
          await trx
            .updateTable('memberships')
            .set(changes)
            .where('organization_id', '=', caller.organizationId)
            .where('user_id', '=', request.params.userId)
            .execute();
        }
        await recordAudit(trx, {
          organizationId: caller.organizationId,
          userId: caller.userId,
          action: 'update',
          entity: 'membership',
          entityId: request.params.userId,
          before: { role: before.role, department: before.department },
          after: {
            role: role ?? before.role,
            department: department === undefined ? before.department : department,
          },
        });
        const members = await listMembers(trx, caller.organizationId);
        return members.find((member) => member.userId === request.params.userId) as z.infer<
          typeof MemberSchema
        >;
      });
    },
  );

  app.post(
    '/api/invitations',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['members'],
        summary: 'Invite someone by e-mail with a role; returns the one-time link to send them',
        body: z.object({
          email: z.string().email(),
          role: RoleSchema,
          department: z.string().max(200).optional(),
        }),
        response: {
          201: z.object({
            id: z.string(),
            email: z.string(),
            role: RoleSchema,
            token: z.string(),
            expiresAt: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const token = randomBytes(24).toString('base64url');
      const expiresAt = new Date(now().getTime() + INVITATION_DAYS * 86_400_000);
      const invitation = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('invitations')
          .values({
            organization_id: caller.organizationId,
            email: request.body.email,
            role: request.body.role,
            token_hash: hash(token),
            invited_by: caller.userId,
            expires_at: expiresAt,
          })
          .returning(['id', 'email', 'role'])
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          organizationId: caller.organizationId,
          userId: caller.userId,
          action: 'invite',
          entity: 'invitation',
          entityId: row.id,
          after: { email: row.email, role: row.role },
        });
        return row;
      });
      return reply.status(201).send({ ...invitation, token, expiresAt: expiresAt.toISOString() });
    },
  );

  const PendingSchema = z.object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    invitedBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  });

  app.get(
    '/api/invitations',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['members'],
        summary: 'Invitations not yet accepted and not expired',
        response: { 200: z.array(PendingSchema) },
      },
    },
    async (request) => {
      const rows = await db
        .selectFrom('invitations')
        .select(['id', 'email', 'role', 'invited_by', 'created_at', 'expires_at'])
        .where('organization_id', '=', callerOf(request).organizationId)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', now())
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        email: row.email,
        role: row.role,
        invitedBy: row.invited_by,
        createdAt: row.created_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
      }));
    },
  );

  app.delete(
    '/api/invitations/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['members'],
        summary: 'Revoke an invitation: its link stops working at once',
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await db.transaction().execute(async (trx) => {
        const revoked = await trx
          .deleteFrom('invitations')
          .where('organization_id', '=', caller.organizationId)
          .where('id', '=', request.params.id)
          .where('accepted_at', 'is', null)
          .returning(['id', 'email', 'role'])
          .executeTakeFirst();
        if (!revoked) throw notFound('invitation');
        await recordAudit(trx, {
          organizationId: caller.organizationId,
          userId: caller.userId,
          action: 'revoke',
          entity: 'invitation',
          entityId: revoked.id,
          before: { email: revoked.email, role: revoked.role },
        });
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/invitations/accept',
    {
      config: { access: 'public' },
      schema: {
        tags: ['members'],
        summary:
          'Accept an invitation: creates the account (or, for an existing one, checks its password) and the membership',
        body: z.object({
          token: z.string().min(10),
          name: z.string().min(1).max(200),
          password: z.string().min(10).max(1000),
        }),
        response: {
          201: z.object({ userId: z.string(), organizationId: z.string(), role: RoleSchema }),
        },
      },
    },
    async (request, reply) => {
      const { token, name, password } = request.body;
      const invitation = await db
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', hash(token))
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', now())
        .executeTakeFirst();
      if (!invitation)
        throw new HttpError(
          404,
          'invalid-invitation',
          'this invitation does not exist, was used, or has expired',
        );
      const existing = await findUserByEmail(db, invitation.email);
      // Giving an existing account's password here is a sign-in: it counts
      // against the same limit, so an invitation cannot be used to guess it.
      if (
        existing &&
        (await recordSignInFailure(db, invitation.email, now(), 15 * 60_000)) >
          config.signInAttempts
      ) {
        throw new HttpError(
          429,
          'too-many-attempts',
          'too many failed attempts for this e-mail; try again in 15 minutes',
        );
      }
      if (existing && !(await verifyPassword(password, existing.password_hash))) {
        throw new HttpError(
          401,
          'invalid-credentials',
          'this e-mail has an account: give its password to join',
        );
      }
      const passwordHash = existing ? undefined : await hashPassword(password);
      const userId = await db.transaction().execute(async (trx) => {
        // Claim the invitation first: of two accepts at once, the second finds it used.
        const claimed = await trx
          .updateTable('invitations')
          .set({ accepted_at: now() })
          .where('id', '=', invitation.id)
          .where('accepted_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!claimed) {
          throw new HttpError(
            404,
            'invalid-invitation',
            'this invitation does not exist, was used, or has expired',
          );
        }
        const user =
          existing ??
          (await createUser(trx, {
            email: invitation.email,
            name,
            passwordHash: passwordHash as string,
          }));
        if (
          (await membershipsOf(trx, user.id)).some(
            (m) => m.organizationId === invitation.organization_id,
          )
        ) {
          throw new HttpError(409, 'already-member', 'already a member of this organization');
        }
        await addMember(trx, {
          organizationId: invitation.organization_id,
          userId: user.id,
          role: invitation.role,
        });
        await recordAudit(trx, {
          organizationId: invitation.organization_id,
          userId: user.id,
          action: 'accept',
          entity: 'invitation',
          entityId: invitation.id,
          after: { email: invitation.email, role: invitation.role },
        });
        return user.id;
      });
      if (existing) await clearSignInFailures(db, invitation.email);
      return reply
        .status(201)
        .send({ userId, organizationId: invitation.organization_id, role: invitation.role });
    },
  );

  const TeamSchema = z.object({
    id: z.string(),
    name: z.string(),
    region: z.string().nullable(),
    managerUserId: z.string().nullable(),
    memberCount: z.number(),
  });

  app.get(
    '/api/teams',
    {
      config: { access: EVERY_ROLE },
      schema: {
        tags: ['members'],
        summary: 'Teams with their region and manager',
        response: { 200: z.array(TeamSchema) },
      },
    },
    async (request) => listTeams(db, callerOf(request).organizationId),
  );

  app.post(
    '/api/teams',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['members'],
        summary: 'Create a team',
        body: z.object({
          name: z.string().min(1).max(200),
          region: z.string().max(200).nullable().optional(),
          managerUserId: z.string().uuid().nullable().optional(),
          memberUserIds: z.array(z.string().uuid()).max(1000).optional(),
        }),
        response: { 201: TeamSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const members = await listMembers(db, caller.organizationId);
      const known = new Set(members.map((member) => member.userId));
      const people = [request.body.managerUserId, ...(request.body.memberUserIds ?? [])].filter(
        (id): id is string => typeof id === 'string',
      );
      const stranger = people.find((id) => !known.has(id));
      if (stranger)
        throw new HttpError(
          400,
          'not-a-member',
          `user ${stranger} is not a member of this organization`,
        );
      const team = await createTeam(
        db,
        {
          organizationId: caller.organizationId,
          ...request.body,
          // A person listed twice is one member (a repeated row would read as a name clash).
          ...(request.body.memberUserIds
            ? { memberUserIds: [...new Set(request.body.memberUserIds)] }
            : {}),
        },
        caller.userId,
      ).catch((error: { code?: string }) => {
        if (error.code === '23505')
          throw new HttpError(409, 'exists', `a team named "${request.body.name}" exists`);
        throw error;
      });
      const teams = await listTeams(db, caller.organizationId);
      return reply
        .status(201)
        .send(teams.find((candidate) => candidate.id === team.id) as z.infer<typeof TeamSchema>);
    },
  );
}
