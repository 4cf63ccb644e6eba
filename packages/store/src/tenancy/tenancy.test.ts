import { EventLogBuilder } from '@pipewise/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit/record-audit.ts';
import type { Store } from '../database/open-store.ts';
import type { Role } from '../database/schema.ts';
import { importDataset, listDatasets } from '../datasets/datasets.ts';
import {
  createProcessModel,
  createVersion,
  listProcessModels,
} from '../process-models/process-models.ts';
import { createProject, listProjects } from '../projects/projects.ts';
import { openTestStore, storeTargets } from '../testing/test-stores.ts';
import {
  clearSignInFailures,
  countSignInFailures,
  createSession,
  deleteSession,
  deleteUserSessions,
  findSession,
  recordSignInFailure,
} from './sessions.ts';
import {
  addMember,
  createOrganization,
  createTeam,
  createUser,
  listMembers,
  listTeams,
  membershipsOf,
} from './tenancy.ts';

const NOW = new Date('2024-06-03T09:00:00Z');
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

describe.each(storeTargets())('tenancy on %s', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(target);
  });
  afterAll(() => store.close());

  let serial = 0;
  /** A new organization with one member of `role`. */
  async function memberOf(role: Role = 'sales_rep', label = 'org') {
    serial++;
    const org = await createOrganization(store.db, {
      name: `${label} ${serial}`,
      slug: `${label}-${serial}`,
    });
    const user = await createUser(store.db, {
      email: `user${serial}@example.com`,
      name: `User ${serial}`,
      passwordHash: 'scrypt$x',
    });
    await addMember(store.db, { organizationId: org.id, userId: user.id, role });
    return { org, user };
  }
  async function signIn(userId: string, organizationId: string, expiresAt: Date): Promise<string> {
    const tokenHash = `hash-${++serial}`;
    await createSession(store.db, {
      tokenHash,
      userId,
      organizationId,
      csrfToken: `csrf-${serial}`,
      expiresAt,
    });
    return tokenHash;
  }

  describe('sessions', () => {
    it('are found, with the member’s role, until they expire', async () => {
      const { org, user } = await memberOf('manager');
      const expiresAt = new Date(NOW.getTime() + 8 * HOUR_MS);
      const session = await signIn(user.id, org.id, expiresAt);

      expect(await findSession(store.db, session, NOW)).toEqual({
        userId: user.id,
        organizationId: org.id,
        role: 'manager',
        csrfToken: expect.stringMatching(/^csrf-/),
        expiresAt,
      });
      expect(await findSession(store.db, session, new Date(expiresAt.getTime() - 1))).toBeDefined();
      expect(await findSession(store.db, session, expiresAt)).toBeUndefined();
      expect(await findSession(store.db, 'no-such-hash', NOW)).toBeUndefined();
    });

    it('carry a changed role from the next request on', async () => {
      const { org, user } = await memberOf('sales_rep');
      const session = await signIn(user.id, org.id, new Date(NOW.getTime() + HOUR_MS));
      await store.db
        .updateTable('memberships')
        .set({ role: 'admin' })
        .where('organization_id', '=', org.id)
        .where('user_id', '=', user.id)
        .execute();
      expect(await findSession(store.db, session, NOW)).toMatchObject({ role: 'admin' });
    });

    it('end when the membership is removed or the user disabled', async () => {
      const removed = await memberOf();
      const removedSession = await signIn(
        removed.user.id,
        removed.org.id,
        new Date(NOW.getTime() + HOUR_MS),
      );
      await store.db
        .deleteFrom('memberships')
        .where('organization_id', '=', removed.org.id)
        .where('user_id', '=', removed.user.id)
        .execute();
      expect(await findSession(store.db, removedSession, NOW)).toBeUndefined();

      const disabled = await memberOf();
      const disabledSession = await signIn(
        disabled.user.id,
        disabled.org.id,
        new Date(NOW.getTime() + HOUR_MS),
      );
      await store.db
        .updateTable('users')
        .set({ disabled_at: NOW })
        .where('id', '=', disabled.user.id)
        .execute();
      expect(await findSession(store.db, disabledSession, NOW)).toBeUndefined();
    });

    it('all end when the user is signed out everywhere, and nobody else’s do', async () => {
      const { org, user } = await memberOf();
      const other = await memberOf();
      const expiresAt = new Date(NOW.getTime() + HOUR_MS);
      const sessions = [
        await signIn(user.id, org.id, expiresAt),
        await signIn(user.id, org.id, expiresAt),
        await signIn(user.id, org.id, expiresAt),
      ];
      const otherSession = await signIn(other.user.id, other.org.id, expiresAt);

      expect(await deleteUserSessions(store.db, user.id)).toBe(3);
      for (const session of sessions)
        expect(await findSession(store.db, session, NOW)).toBeUndefined();
      expect(await findSession(store.db, otherSession, NOW)).toBeDefined();
      expect(await deleteUserSessions(store.db, user.id)).toBe(0);
    });

    it('end one at a time when signed out', async () => {
      const { org, user } = await memberOf();
      const expiresAt = new Date(NOW.getTime() + HOUR_MS);
      const [first, second] = [
        await signIn(user.id, org.id, expiresAt),
        await signIn(user.id, org.id, expiresAt),
      ];
      await deleteSession(store.db, first);
      expect(await findSession(store.db, first, NOW)).toBeUndefined();
      expect(await findSession(store.db, second, NOW)).toBeDefined();
    });
  });

  describe('sign-in failures', () => {
    it('are counted per e-mail, whatever its case and spaces, within the window only', async () => {
      const email = `Failing${++serial}@Example.com`;
      const windowMs = 15 * MINUTE_MS;
      const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE_MS);

      expect(await recordSignInFailure(store.db, email, at(0), windowMs)).toBe(1);
      expect(await recordSignInFailure(store.db, ` ${email.toLowerCase()} `, at(5), windowMs)).toBe(
        2,
      );
      expect(await recordSignInFailure(store.db, email.toUpperCase(), at(10), windowMs)).toBe(3);
      expect(
        await recordSignInFailure(store.db, 'someone-else@example.com', at(10), windowMs),
      ).toBe(1);

      // The first failure leaves the window 15 minutes after it.
      expect(await countSignInFailures(store.db, email, at(14), windowMs)).toBe(3);
      expect(await countSignInFailures(store.db, email, at(15), windowMs)).toBe(2);
      expect(await countSignInFailures(store.db, email, at(26), windowMs)).toBe(0);
    });

    it('older than the window are deleted when a new failure is recorded, so the table does not grow forever', async () => {
      const email = `pruned${++serial}@example.com`;
      const windowMs = 15 * MINUTE_MS;
      const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE_MS);
      await recordSignInFailure(store.db, email, at(0), windowMs);
      await recordSignInFailure(store.db, email, at(1), windowMs);
      expect(await recordSignInFailure(store.db, email, at(30), windowMs)).toBe(1);
      const rows = await store.db
        .selectFrom('sign_in_failures')
        .select('at')
        .where('email', '=', email)
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('are forgotten after a successful sign-in', async () => {
      const email = `forgotten${++serial}@example.com`;
      await recordSignInFailure(store.db, email, NOW, HOUR_MS);
      await recordSignInFailure(store.db, email, NOW, HOUR_MS);
      await clearSignInFailures(store.db, email.toUpperCase());
      expect(await countSignInFailures(store.db, email, NOW, HOUR_MS)).toBe(0);
    });
  });

  describe('organizations', () => {
    it('list a user’s memberships with the role in each, oldest first', async () => {
      const { org, user } = await memberOf('admin');
      const second = await createOrganization(store.db, {
        name: 'Second',
        slug: `second-${++serial}`,
      });
      await addMember(store.db, { organizationId: second.id, userId: user.id, role: 'viewer' });
      expect(await membershipsOf(store.db, user.id)).toEqual([
        { organizationId: org.id, name: org.name, role: 'admin' },
        { organizationId: second.id, name: 'Second', role: 'viewer' },
      ]);
    });

    it('list teams with their members counted, and audit their creation', async () => {
      const { org, user } = await memberOf('manager');
      const rep = await createUser(store.db, {
        email: `rep${++serial}@example.com`,
        name: 'Rep',
        passwordHash: 'x',
      });
      const east = await createTeam(
        store.db,
        {
          organizationId: org.id,
          name: 'East',
          region: '华东',
          managerUserId: user.id,
          memberUserIds: [user.id, rep.id],
        },
        user.id,
      );
      const north = await createTeam(store.db, { organizationId: org.id, name: 'North' }, user.id);

      // By name (names that sort alike in every collation).
      expect(await listTeams(store.db, org.id)).toEqual([
        { id: east.id, name: 'East', region: '华东', managerUserId: user.id, memberCount: 2 },
        { id: north.id, name: 'North', region: null, managerUserId: null, memberCount: 0 },
      ]);
      expect(await listAudit(store.db, org.id)).toMatchObject([
        { action: 'create', entity: 'team', entityId: north.id, userId: user.id },
        {
          action: 'create',
          entity: 'team',
          entityId: east.id,
          before: null,
          after: { name: 'East', region: '华东' },
        },
      ]);
    });
  });

  it('shows each organization only its own rows, in every listing', async () => {
    async function populate(label: string) {
      const { org, user } = await memberOf('admin', label);
      const team = await createTeam(
        store.db,
        { organizationId: org.id, name: `${label} team`, memberUserIds: [user.id] },
        user.id,
      );
      const project = await createProject(
        store.db,
        { organizationId: org.id, name: `${label} project` },
        user.id,
      );
      const builder = new EventLogBuilder();
      builder.add(`${label}-1`, 'Lead', NOW.getTime());
      const dataset = await importDataset(
        store.db,
        {
          organizationId: org.id,
          projectId: project.id,
          name: `${label} deals`,
          sourceFile: 'deals.csv',
          format: 'csv',
          mapping: {},
          importReport: {},
          createdBy: user.id,
        },
        builder.build(),
      );
      const { model, version } = await createProcessModel(
        store.db,
        { organizationId: org.id, projectId: project.id, name: `${label} model`, document: {} },
        user.id,
      );
      const toBe = await createVersion(
        store.db,
        org.id,
        { parentVersionId: version.id, document: {}, label: 'to-be', kind: 'to-be' },
        user.id,
      );
      return {
        org,
        user,
        ids: {
          team: team.id,
          project: project.id,
          dataset: dataset.id,
          model: model.id,
          versions: [version.id, toBe!.id],
        },
      };
    }
    const a = await populate('a');
    const b = await populate('b');

    for (const { org, user, ids } of [a, b]) {
      expect((await listMembers(store.db, org.id)).map((member) => member.userId)).toEqual([
        user.id,
      ]);
      expect((await listTeams(store.db, org.id)).map((team) => team.id)).toEqual([ids.team]);
      expect((await listProjects(store.db, org.id)).map((project) => project.id)).toEqual([
        ids.project,
      ]);
      expect((await listDatasets(store.db, org.id)).map((dataset) => dataset.id)).toEqual([
        ids.dataset,
      ]);
      const models = await listProcessModels(store.db, org.id);
      expect(models.map((model) => model.id)).toEqual([ids.model]);
      expect(models[0]?.versions.map((version) => version.id)).toEqual(ids.versions);
      const audit = await listAudit(store.db, org.id);
      expect(audit.map((entry) => entry.entityId).sort()).toEqual(
        [ids.team, ids.project, ids.dataset, ids.model, ids.versions[1]].sort(),
      );
    }
  });
});
