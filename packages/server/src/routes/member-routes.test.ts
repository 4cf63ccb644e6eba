import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestOrganization,
} from '../testing/test-app.ts';

const DAY_MS = 86_400_000;
const NEW_PASSWORD = 'a brand new passphrase';

describe.each(storeTargets())('members, invitations and teams on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('members');
  });
  afterAll(() => test.close());

  const asAdmin = (request: Parameters<TestApp['as']>[2], organization = org) =>
    test.as(organization.members.admin, organization.id, request);

  const invite = async (email: string, role: string, organization = org) => {
    const response = await asAdmin(
      { method: 'POST', url: '/api/invitations', payload: { email, role } },
      organization,
    );
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; token: string; expiresAt: string; role: string };
  };

  const accept = (token: string, password: string, name = '新同事') =>
    test.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, name, password },
    });

  const signIn = (email: string, password: string) =>
    test.app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });

  describe('invitations', () => {
    it('an admin invites, the invitee accepts with the link’s token and a password, and can then sign in with that role', async () => {
      const invitation = await invite('zhao.li@members.test', 'manager');
      expect(invitation.role).toBe('manager');
      expect(invitation.token.length).toBeGreaterThanOrEqual(20);

      const accepted = await accept(invitation.token, NEW_PASSWORD, '赵丽');
      expect(accepted.statusCode).toBe(201);
      const { userId } = accepted.json();
      expect(accepted.json()).toEqual({ userId, organizationId: org.id, role: 'manager' });

      const members = await asAdmin({ method: 'GET', url: '/api/members' });
      expect(members.json()).toContainEqual({
        userId,
        email: 'zhao.li@members.test',
        name: '赵丽',
        role: 'manager',
        department: null,
      });

      const session = await signIn('zhao.li@members.test', NEW_PASSWORD);
      expect(session.statusCode).toBe(200);
      expect(session.json()).toMatchObject({
        user: { id: userId, name: '赵丽' },
        organization: { id: org.id },
        role: 'manager',
      });
    });

    it('cannot be used twice', async () => {
      const invitation = await invite('once@members.test', 'viewer');
      expect((await accept(invitation.token, NEW_PASSWORD)).statusCode).toBe(201);
      const again = await accept(invitation.token, 'another passphrase');
      expect(again.statusCode).toBe(404);
      expect(again.json().error.code).toBe('invalid-invitation');
      // The account keeps the password of the first acceptance.
      expect((await signIn('once@members.test', 'another passphrase')).statusCode).toBe(401);
    });

    it('expires after 7 days', async () => {
      const start = new Date();
      test.setNow(start);
      try {
        const late = await invite('late@members.test', 'viewer');
        const inTime = await invite('in-time@members.test', 'viewer');
        expect(Date.parse(late.expiresAt)).toBe(start.getTime() + 7 * DAY_MS);

        test.setNow(new Date(start.getTime() + 7 * DAY_MS - 60_000));
        expect((await accept(inTime.token, NEW_PASSWORD)).statusCode).toBe(201);

        test.setNow(new Date(start.getTime() + 7 * DAY_MS + 60_000));
        const expired = await accept(late.token, NEW_PASSWORD);
        expect(expired.statusCode).toBe(404);
        expect(expired.json().error.code).toBe('invalid-invitation');
        const users = await test.store.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'late@members.test')
          .execute();
        expect(users).toEqual([]);
      } finally {
        test.setNow(new Date());
      }
    });

    it('counts wrong passwords for an existing account against the sign-in limit, so an invitation cannot be used to guess one', async () => {
      const elsewhere = await test.organization('members-guessed');
      const person = elsewhere.members.viewer;
      const invitation = await invite(person.email, 'viewer');
      const limit = test.context.config.signInAttempts;
      for (let attempt = 0; attempt < limit; attempt++) {
        expect((await accept(invitation.token, `guess number ${attempt}`)).statusCode).toBe(401);
      }
      const blocked = await accept(invitation.token, TEST_PASSWORD);
      expect(blocked.statusCode).toBe(429);
      const signIn = await test.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: person.email, password: TEST_PASSWORD },
      });
      expect(signIn.statusCode).toBe(429);
    });

    it('lists pending invitations to admins, and a revoked one stops working at once', async () => {
      const invitation = await invite('revoked@members.test', 'viewer');
      const pending = await asAdmin({ method: 'GET', url: '/api/invitations' });
      expect(pending.json()).toContainEqual(
        expect.objectContaining({
          id: invitation.id,
          email: 'revoked@members.test',
          role: 'viewer',
        }),
      );
      const revoked = await asAdmin({ method: 'DELETE', url: `/api/invitations/${invitation.id}` });
      expect(revoked.statusCode).toBe(204);
      expect((await accept(invitation.token, NEW_PASSWORD)).statusCode).toBe(404);
      const after = await asAdmin({ method: 'GET', url: '/api/invitations' });
      expect(after.json().map((row: { id: string }) => row.id)).not.toContain(invitation.id);
      expect(
        (await asAdmin({ method: 'DELETE', url: `/api/invitations/${invitation.id}` })).statusCode,
      ).toBe(404);
    });

    it('an unknown token is refused like a used one', async () => {
      const response = await accept('x'.repeat(32), NEW_PASSWORD);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('invalid-invitation');
    });

    it('for an e-mail that has an account, takes that account’s password, not a new one', async () => {
      const elsewhere = await test.organization('members-elsewhere');
      const person = elsewhere.members.supporting;
      const invitation = await invite(person.email, 'process_owner');

      const wrong = await accept(invitation.token, 'not my password at all');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBe('invalid-credentials');
      const before = await asAdmin({ method: 'GET', url: '/api/members' });
      expect(before.json().map((member: { email: string }) => member.email)).not.toContain(
        person.email,
      );

      const right = await accept(invitation.token, TEST_PASSWORD);
      expect(right.statusCode).toBe(201);
      expect(right.json()).toEqual({
        userId: person.userId,
        organizationId: org.id,
        role: 'process_owner',
      });
      // Now a member of both organizations, with the old password.
      const session = await test.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: person.email, password: TEST_PASSWORD, organizationId: org.id },
      });
      expect(session.statusCode).toBe(200);
      expect(session.json()).toMatchObject({ organization: { id: org.id }, role: 'process_owner' });
    });

    it('only admins may invite', async () => {
      const response = await test.as(org.members.process_owner, org.id, {
        method: 'POST',
        url: '/api/invitations',
        payload: { email: 'nope@members.test', role: 'admin' },
      });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('roles', () => {
    it('an admin changes a member’s role; the audit log shows it before and after', async () => {
      const viewer = org.members.viewer;
      const response = await asAdmin({
        method: 'PATCH',
        url: `/api/members/${viewer.userId}`,
        payload: { role: 'manager' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ userId: viewer.userId, role: 'manager' });

      // The member's next request already has the new role.
      const session = await test.as(viewer, org.id, { method: 'GET', url: '/api/session' });
      expect(session.json().role).toBe('manager');

      const audit = await asAdmin({ method: 'GET', url: '/api/audit' });
      expect(audit.statusCode).toBe(200);
      const entry = audit
        .json()
        .find(
          (candidate: { entity: string; entityId: string }) =>
            candidate.entity === 'membership' && candidate.entityId === viewer.userId,
        );
      expect(entry).toMatchObject({
        userId: org.members.admin.userId,
        action: 'update',
        before: { role: 'viewer', department: null },
        after: { role: 'manager', department: null },
      });
    });

    it('the last admin cannot be demoted (409); with a second admin, one can step down', async () => {
      const team = await test.organization('one-admin');
      const { admin, process_owner: owner } = team.members;
      const demote = (userId: string) =>
        asAdmin(
          { method: 'PATCH', url: `/api/members/${userId}`, payload: { role: 'viewer' } },
          team,
        );

      const refused = await demote(admin.userId);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('last-admin');
      const members = await asAdmin({ method: 'GET', url: '/api/members' }, team);
      expect(
        members.json().find((member: { userId: string }) => member.userId === admin.userId).role,
      ).toBe('admin');

      const promoted = await asAdmin(
        { method: 'PATCH', url: `/api/members/${owner.userId}`, payload: { role: 'admin' } },
        team,
      );
      expect(promoted.statusCode).toBe(200);
      const steppedDown = await demote(admin.userId);
      expect(steppedDown.statusCode).toBe(200);
      expect(steppedDown.json().role).toBe('viewer');
    });

    it('two admins demoting each other at the same moment leave one admin', async () => {
      const team = await test.organization('dueling-admins');
      const { admin, process_owner: owner } = team.members;
      const adminSession = await test.sessionFor(admin, team.id);
      const ownerSession = await test.sessionFor(owner, team.id);
      const demote = (session: { cookie: string; csrf: string }, userId: string) =>
        test.app.inject({
          method: 'PATCH',
          url: `/api/members/${userId}`,
          headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
          payload: { role: 'viewer' },
        });
      const adminsNow = async () =>
        (
          await test.store.db
            .selectFrom('memberships')
            .select('user_id')
            .where('organization_id', '=', team.id)
            .where('role', '=', 'admin')
            .execute()
        ).length;

      // Several rounds: on PostgreSQL the two transactions overlap only once
      // the pool has a connection ready for each.
      for (let round = 0; round < 5; round++) {
        await test.store.db
          .updateTable('memberships')
          .set({ role: 'admin' })
          .where('organization_id', '=', team.id)
          .where('user_id', 'in', [admin.userId, owner.userId])
          .execute();
        const [first, second] = await Promise.all([
          demote(adminSession, owner.userId),
          demote(ownerSession, admin.userId),
        ]);
        expect(await adminsNow()).toBe(1);
        const statuses = [first.statusCode, second.statusCode].sort();
        // One goes through; the other finds itself the last admin (409) or,
        // when it arrives after the first has committed, no longer an admin (403).
        expect(statuses[0]).toBe(200);
        expect([403, 409]).toContain(statuses[1]);
      }
    });

    it('a PATCH with nothing in it changes nothing', async () => {
      const { manager } = org.members;
      const response = await asAdmin({
        method: 'PATCH',
        url: `/api/members/${manager.userId}`,
        payload: {},
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ userId: manager.userId, role: 'manager' });
    });

    it('a department can be set and cleared without touching the role', async () => {
      const { supporting } = org.members;
      const patch = (department: string | null) =>
        asAdmin({
          method: 'PATCH',
          url: `/api/members/${supporting.userId}`,
          payload: { department },
        });
      expect((await patch('法务')).json()).toMatchObject({
        role: 'supporting',
        department: '法务',
      });
      expect((await patch(null)).json()).toMatchObject({ role: 'supporting', department: null });
    });
  });

  describe('teams', () => {
    it('are created with a manager and members of the organization', async () => {
      const { manager, sales_rep: rep, supporting } = org.members;
      const response = await asAdmin({
        method: 'POST',
        url: '/api/teams',
        payload: {
          name: '华东区销售组',
          region: '华东',
          managerUserId: manager.userId,
          memberUserIds: [rep.userId, supporting.userId],
        },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({
        id: expect.any(String),
        name: '华东区销售组',
        region: '华东',
        managerUserId: manager.userId,
        memberCount: 2,
      });
      const teams = await test.as(rep, org.id, { method: 'GET', url: '/api/teams' });
      expect(teams.json()).toContainEqual(response.json());
    });

    it('count a person listed twice once', async () => {
      const { sales_rep: rep } = org.members;
      const response = await asAdmin({
        method: 'POST',
        url: '/api/teams',
        payload: { name: '重复名单组', memberUserIds: [rep.userId, rep.userId] },
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ name: '重复名单组', memberCount: 1 });
    });

    it('refuse a member from another organization with 400, and create nothing', async () => {
      const other = await test.organization('members-other');
      const response = await asAdmin({
        method: 'POST',
        url: '/api/teams',
        payload: {
          name: '混编组',
          memberUserIds: [org.members.sales_rep.userId, other.members.sales_rep.userId],
        },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.code).toBe('not-a-member');
      expect(response.json().error.message).toContain(other.members.sales_rep.userId);

      const asManager = await asAdmin({
        method: 'POST',
        url: '/api/teams',
        payload: { name: '外人带队', managerUserId: other.members.manager.userId },
      });
      expect(asManager.statusCode).toBe(400);

      const teams = await asAdmin({ method: 'GET', url: '/api/teams' });
      expect(teams.json().map((team: { name: string }) => team.name)).not.toContain('混编组');
      expect(teams.json().map((team: { name: string }) => team.name)).not.toContain('外人带队');
    });
  });
});
