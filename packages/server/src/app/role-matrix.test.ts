import { ROLES } from '@pipewise/store';
import { storeTargets } from '@pipewise/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestOrganization } from '../testing/test-app.ts';

const SOME_ID = '00000000-0000-4000-8000-000000000000';

/** A URL for the route with every `:param` filled with an id that exists nowhere. */
const fill = (url: string): string => url.replace(/:[A-Za-z]+/g, SOME_ID);

describe.each(storeTargets())('who may call each route, on %s', (target) => {
  let test: TestApp;
  let organization: TestOrganization;
  beforeAll(async () => {
    test = await createTestApp(target);
    organization = await test.organization('matrix');
  });
  afterAll(() => test.close());

  it('lists every API route with a declaration (routes without one do not start)', () => {
    const urls = test.app.routeAccess.map((route) => `${route.method} ${route.url}`);
    expect(urls).toContain('POST /api/session');
    expect(urls).toContain('POST /api/datasets');
    expect(urls.length).toBeGreaterThan(25);
  });

  it('answers 401 without a session on every route that is not public', async () => {
    for (const route of test.app.routeAccess.filter((candidate) => candidate.access !== 'public')) {
      const response = await test.app.inject({
        method: route.method as 'GET',
        url: fill(route.url),
        payload: {},
      });
      expect({ route: `${route.method} ${route.url}`, status: response.statusCode }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
    }
  });

  it('answers 403 to every role a route does not list, and lets every listed role through', async () => {
    const seen: string[] = [];
    for (const route of test.app.routeAccess.filter((candidate) => candidate.access !== 'public')) {
      for (const role of ROLES) {
        const response = await test.as(organization.members[role], organization.id, {
          method: route.method as 'GET',
          url: fill(route.url),
          payload: {},
        });
        // (A download, such as the survey form, is not JSON.)
        const isJson = String(response.headers['content-type']).startsWith('application/json');
        const code =
          response.body && isJson
            ? (JSON.parse(response.body) as { error?: { code?: string } }).error?.code
            : undefined;
        const allowed = (route.access as readonly string[]).includes(role);
        const outcome = { route: `${route.method} ${route.url}`, role, allowed };
        if (allowed) {
          // Past the access check: the request itself may still be wrong (400), name nothing (404)…
          expect({ ...outcome, status: response.statusCode }).not.toMatchObject({ status: 401 });
          expect({ ...outcome, code }).not.toMatchObject({
            code: 'forbidden',
          });
          expect({ ...outcome, code }).not.toMatchObject({
            code: 'csrf',
          });
        } else {
          expect({
            ...outcome,
            status: response.statusCode,
            code: response.json().error?.code,
          }).toEqual({
            ...outcome,
            status: 403,
            code: 'forbidden',
          });
        }
        seen.push(`${route.method} ${route.url} ${role}`);
      }
    }
    expect(seen.length).toBe(
      test.app.routeAccess.filter((route) => route.access !== 'public').length * ROLES.length,
    );
  });

  it('keeps the public routes public', async () => {
    for (const url of ['/healthz', '/readyz', '/api/openapi.json']) {
      expect((await test.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
    expect((await test.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('gives the roles the method describes: editors change the process, viewers and reps only read', () => {
    const access = (method: string, url: string) =>
      test.app.routeAccess.find((route) => route.method === method && route.url === url)?.access;
    expect(access('POST', '/api/datasets')).toEqual(['admin', 'process_owner']);
    expect(access('PUT', '/api/versions/:id')).toEqual(['admin', 'process_owner']);
    expect(access('POST', '/api/invitations')).toEqual(['admin']);
    expect(access('PATCH', '/api/members/:userId')).toEqual(['admin']);
    expect(access('GET', '/api/projects')).toEqual(ROLES);
    expect(access('POST', '/api/datasets/:id/analysis')).toEqual(ROLES);
    expect(access('GET', '/api/audit')).toEqual(['admin', 'process_owner']);
  });
});
