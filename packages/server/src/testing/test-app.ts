import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  addMember,
  createOrganization,
  createSession,
  createUser,
  EventLogCache,
  ROLES,
  type Role,
  type Store,
} from '@pipewise/store';
import { openTestStore, type StoreTarget } from '@pipewise/store/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { hashToken, SESSION_COOKIE } from '../app/access.ts';
import { type AppContext, buildApp } from '../app/build-app.ts';
import { hashPassword } from '../auth/passwords.ts';
import { type Config, loadConfig } from '../config/config.ts';
import { JobRunner } from '../jobs/job-runner.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;
/** One scrypt hash for every test user: hashing takes ~0.35 s each. */
export const testPasswordHash = (): Promise<string> => {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
};

export interface TestMember {
  userId: string;
  email: string;
  role: Role;
}

export interface TestOrganization {
  id: string;
  members: Record<Role, TestMember>;
}

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  context: AppContext;
  /** Moves the clock the app sees. */
  setNow(date: Date): void;
  /** An organization with one member per role (e-mails `<role>@<slug>.test`). */
  organization(slug: string): Promise<TestOrganization>;
  /** A session for a member, made in the store (no scrypt): its cookie and CSRF token. */
  sessionFor(member: TestMember, organizationId: string): Promise<{ cookie: string; csrf: string }>;
  /** `app.inject` as that member (cookie and CSRF header set). */
  as(
    member: TestMember,
    organizationId: string,
    request: InjectOptions,
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestApp(
  target: StoreTarget,
  overrides: Partial<Config> = {},
): Promise<TestApp> {
  const store = await openTestStore(target);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pipewise-server-'));
  const loaded = loadConfig({}, { dataDir, logLevel: 'silent', ...overrides });
  if (!loaded.ok) throw new Error(loaded.message);
  let now = new Date();
  const jobs = await JobRunner.open(store, { pollingIntervalSeconds: 0.5 });
  const context: AppContext = {
    store,
    config: loaded.config,
    jobs,
    cache: new EventLogCache(),
    now: () => now,
  };
  const app = await buildApp(context);

  const sessionFor = async (member: TestMember, organizationId: string) => {
    const token = randomBytes(24).toString('base64url');
    const csrf = randomBytes(12).toString('base64url');
    await createSession(store.db, {
      tokenHash: hashToken(token),
      userId: member.userId,
      organizationId,
      csrfToken: csrf,
      expiresAt: new Date(now.getTime() + 3_600_000),
    });
    return { cookie: `${SESSION_COOKIE}=${token}`, csrf };
  };

  return {
    app,
    store,
    context,
    setNow: (date) => {
      now = date;
    },
    organization: async (slug) => {
      const organization = await createOrganization(store.db, { name: slug, slug });
      const members = {} as Record<Role, TestMember>;
      for (const role of ROLES) {
        const email = `${role}@${slug}.test`;
        const user = await createUser(store.db, {
          email,
          name: role,
          passwordHash: await testPasswordHash(),
        });
        await addMember(store.db, { organizationId: organization.id, userId: user.id, role });
        members[role] = { userId: user.id, email, role };
      }
      return { id: organization.id, members };
    },
    sessionFor,
    as: async (member, organizationId, request) => {
      const session = await sessionFor(member, organizationId);
      return app.inject({
        ...request,
        headers: { ...request.headers, cookie: session.cookie, 'x-csrf-token': session.csrf },
      });
    },
    close: async () => {
      await jobs.close();
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
