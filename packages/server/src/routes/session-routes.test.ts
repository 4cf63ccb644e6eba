import { storeTargets } from '@pipewise/store/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  TEST_PASSWORD,
  type TestApp,
  type TestOrganization,
} from '../testing/test-app.ts';

const MINUTE_MS = 60_000;

/** The session cookie a response sets, as `name=value` for the next request's Cookie header. */
function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((candidate) => candidate.name === 'pipewise_session');
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(response.headers)}`);
  return `${cookie.name}=${cookie.value}`;
}

/** The Set-Cookie header for the session, as sent. */
function setCookieHeader(response: LightMyRequestResponse): string {
  const header = [response.headers['set-cookie'] ?? []].flat().map(String);
  const session = header.find((line) => line.startsWith('pipewise_session='));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(header)}`);
  return session;
}

/** The attributes of a Set-Cookie line, lower-cased by name (`httponly`, `samesite`, `path`…). */
function cookieAttributes(line: string): Map<string, string> {
  const [, ...attributes] = line.split(';').map((part) => part.trim());
  return new Map(
    attributes.map((attribute) => {
      const [name = '', value = ''] = attribute.split('=');
      return [name.toLowerCase(), value];
    }),
  );
}

describe.each(storeTargets())('sessions on %s', (target) => {
  let test: TestApp;
  let org: TestOrganization;

  beforeAll(async () => {
    test = await createTestApp(target);
    org = await test.organization('sessions');
  });
  afterAll(() => test.close());

  const signIn = (email: string, password: string, app: TestApp = test) =>
    app.app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });

  describe('signing in', () => {
    it('with the right password answers 200 with the session and sets an HttpOnly, SameSite=Lax cookie for /', async () => {
      const manager = org.members.manager;
      const response = await signIn(manager.email, TEST_PASSWORD);
      expect(response.statusCode).toBe(200);
      const session = response.json();
      expect(session).toMatchObject({
        user: { id: manager.userId, email: manager.email, name: 'manager' },
        organization: { id: org.id, name: 'sessions' },
        role: 'manager',
      });
      expect(session.csrfToken).toEqual(expect.any(String));
      expect(session.csrfToken.length).toBeGreaterThanOrEqual(16);
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());

      const attributes = cookieAttributes(setCookieHeader(response));
      expect(attributes.has('httponly')).toBe(true);
      expect(attributes.get('samesite')).toBe('Lax');
      expect(attributes.get('path')).toBe('/');
      // Plain HTTP with secureCookies 'auto': a Secure cookie would never come back.
      expect(attributes.has('secure')).toBe(false);
    });

    it('gives a cookie that signs the next requests in, until DELETE /api/session ends it', async () => {
      const signedIn = await signIn(org.members.viewer.email, TEST_PASSWORD);
      const cookie = sessionCookieOf(signedIn);
      const csrf = signedIn.json().csrfToken as string;
      const current = () =>
        test.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });

      const response = await current();
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        user: { email: org.members.viewer.email },
        role: 'viewer',
        csrfToken: csrf,
      });

      const out = await test.app.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(out.statusCode).toBe(204);
      const cleared = out.cookies.find((candidate) => candidate.name === 'pipewise_session');
      expect(cleared?.value).toBe('');

      const after = await current();
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('not-signed-in');
    });

    it('with a wrong password or an unknown e-mail answers 401 invalid-credentials, the same for both', async () => {
      const wrongPassword = await signIn(org.members.sales_rep.email, 'not the password');
      const unknownEmail = await signIn('nobody@sessions.test', TEST_PASSWORD);
      expect(wrongPassword.statusCode).toBe(401);
      expect(unknownEmail.statusCode).toBe(401);
      expect(wrongPassword.json()).toEqual({
        error: { code: 'invalid-credentials', message: 'wrong e-mail or password' },
      });
      expect(unknownEmail.body).toBe(wrongPassword.body);
      expect(wrongPassword.cookies).toEqual([]);
      expect(unknownEmail.cookies).toEqual([]);
    });

    it('is refused for a disabled account, and the account’s open sessions stop working', async () => {
      const other = await test.organization('disabled');
      const disabled = other.members.supporting;
      const { cookie } = await test.sessionFor(disabled, other.id);
      const open = () =>
        test.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
      expect((await open()).statusCode).toBe(200);

      await test.store.db
        .updateTable('users')
        .set({ disabled_at: new Date() })
        .where('id', '=', disabled.userId)
        .execute();

      const after = await signIn(disabled.email, TEST_PASSWORD);
      expect(after.statusCode).toBe(401);
      expect(after.json().error.code).toBe('invalid-credentials');
      const refused = await open();
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('not-signed-in');
    });
  });

  describe('the Secure flag', () => {
    it('is set on every cookie when secureCookies is "always"', async () => {
      const secure = await createTestApp(target, { secureCookies: 'always' });
      try {
        const { admin } = (await secure.organization('secure-always')).members;
        const response = await signIn(admin.email, TEST_PASSWORD, secure);
        expect(response.statusCode).toBe(200);
        expect(cookieAttributes(setCookieHeader(response)).has('secure')).toBe(true);
      } finally {
        await secure.close();
      }
    });

    it('is set when the request came over HTTPS through a trusted proxy (X-Forwarded-Proto)', async () => {
      const proxied = await createTestApp(target, { trustProxy: true });
      try {
        const { admin } = (await proxied.organization('behind-proxy')).members;
        const overHttps = await proxied.app.inject({
          method: 'POST',
          url: '/api/session',
          headers: { 'x-forwarded-proto': 'https' },
          payload: { email: admin.email, password: TEST_PASSWORD },
        });
        expect(overHttps.statusCode).toBe(200);
        expect(cookieAttributes(setCookieHeader(overHttps)).has('secure')).toBe(true);
      } finally {
        await proxied.close();
      }
    });

    it('is not set from X-Forwarded-Proto when the proxy is not trusted', async () => {
      const { admin } = (await test.organization('untrusted-proxy')).members;
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: admin.email, password: TEST_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(cookieAttributes(setCookieHeader(response)).has('secure')).toBe(false);
    });
  });

  describe('repeated failures', () => {
    it('after signInAttempts failures even the right password gets 429 with Retry-After, until 15 minutes have passed', async () => {
      const limited = await createTestApp(target, { signInAttempts: 3 });
      try {
        const { process_owner: owner } = (await limited.organization('limited')).members;
        const start = new Date('2025-03-03T02:00:00Z');
        limited.setNow(start);
        for (let attempt = 1; attempt <= 3; attempt++) {
          const failed = await signIn(owner.email, `wrong password ${attempt}`, limited);
          expect(failed.statusCode).toBe(401);
        }

        const locked = await signIn(owner.email, TEST_PASSWORD, limited);
        expect(locked.statusCode).toBe(429);
        expect(locked.json().error.code).toBe('too-many-attempts');
        expect(locked.headers['retry-after']).toBe('900');
        expect(locked.cookies).toEqual([]);
        // The count is per e-mail, whatever its case.
        const shouted = await signIn(owner.email.toUpperCase(), TEST_PASSWORD, limited);
        expect(shouted.statusCode).toBe(429);

        limited.setNow(new Date(start.getTime() + 14 * MINUTE_MS));
        expect((await signIn(owner.email, TEST_PASSWORD, limited)).statusCode).toBe(429);

        limited.setNow(new Date(start.getTime() + 15 * MINUTE_MS));
        const later = await signIn(owner.email, TEST_PASSWORD, limited);
        expect(later.statusCode).toBe(200);
        expect(later.json().role).toBe('process_owner');
      } finally {
        await limited.close();
      }
    });

    it('holds when many wrong passwords arrive at once: no more than signInAttempts are checked', async () => {
      const limited = await createTestApp(target, { signInAttempts: 3 });
      try {
        const { manager } = (await limited.organization('raced')).members;
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) => signIn(manager.email, `guess ${i}`, limited)),
        );
        const statuses = answers.map((answer) => answer.statusCode);
        expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(3);
        expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(9);
      } finally {
        await limited.close();
      }
    });
  });

  describe('signing out everywhere', () => {
    it('sign-out-everywhere ends every session of the user, and no other user’s', async () => {
      const everywhere = await test.organization('everywhere');
      const { admin, viewer } = everywhere.members;
      const laptop = await test.sessionFor(admin, everywhere.id);
      const phone = await test.sessionFor(admin, everywhere.id);
      const someoneElse = await test.sessionFor(viewer, everywhere.id);

      const response = await test.app.inject({
        method: 'POST',
        url: '/api/session/sign-out-everywhere',
        headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ sessionsEnded: 2 });

      const statusWith = async (cookie: string) =>
        (await test.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } }))
          .statusCode;
      expect(await statusWith(laptop.cookie)).toBe(401);
      expect(await statusWith(phone.cookie)).toBe(401);
      expect(await statusWith(someoneElse.cookie)).toBe(200);
    });
  });

  it('a user changes their own language and name; the next session carries them; nothing else is accepted', async () => {
    const member = org.members.sales_rep;
    const patch = (payload: Record<string, unknown>) =>
      test.as(member, org.id, { method: 'PATCH', url: '/api/session/user', payload });
    const changed = await patch({ locale: 'en', name: '  Li Na  ' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ email: member.email, locale: 'en', name: 'Li Na' });
    const session = await test.as(member, org.id, { method: 'GET', url: '/api/session' });
    expect(session.json().user).toMatchObject({ locale: 'en', name: 'Li Na' });
    expect((await patch({ locale: 'fr' })).statusCode).toBe(400);
    expect((await patch({ email: 'other@x.test' })).statusCode).toBe(400);
    expect((await patch({ name: '   ' })).statusCode).toBe(400);
    const audit = await test.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'user')
      .where('entity_id', '=', member.userId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ locale: 'en', name: 'Li Na' });
    await patch({ locale: 'zh-CN' });
  });

  it('an expired session is refused with 401', async () => {
    const start = new Date();
    test.setNow(start);
    try {
      const session = await test.sessionFor(org.members.viewer, org.id); // lasts an hour
      const get = () =>
        test.app.inject({
          method: 'GET',
          url: '/api/session',
          headers: { cookie: session.cookie },
        });
      test.setNow(new Date(start.getTime() + 59 * MINUTE_MS));
      expect((await get()).statusCode).toBe(200);
      test.setNow(new Date(start.getTime() + 61 * MINUTE_MS));
      const expired = await get();
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('not-signed-in');
    } finally {
      test.setNow(new Date());
    }
  });

  describe('a state-changing request', () => {
    const createProject = (headers: Record<string, string>) =>
      test.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers,
        payload: { name: 'CSRF 试探' },
      });

    it('without the X-CSRF-Token header is refused with 403 csrf, and changes nothing', async () => {
      const session = await test.sessionFor(org.members.admin, org.id);
      const response = await createProject({ cookie: session.cookie });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('csrf');
      const projects = await test.as(org.members.admin, org.id, {
        method: 'GET',
        url: '/api/projects',
      });
      expect(projects.json()).toEqual([]);
    });

    it('with a wrong X-CSRF-Token (another session’s) is refused with 403 csrf', async () => {
      const session = await test.sessionFor(org.members.admin, org.id);
      const other = await test.sessionFor(org.members.admin, org.id);
      const response = await createProject({ cookie: session.cookie, 'x-csrf-token': other.csrf });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('csrf');
    });

    it('with the session’s token goes through', async () => {
      const session = await test.sessionFor(org.members.admin, org.id);
      const response = await createProject({
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
      });
      expect(response.statusCode).toBe(201);
    });
  });
});
