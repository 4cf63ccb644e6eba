import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/test-app.ts';

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and describes every route the server has, with its method', async () => {
    const test = await createTestApp('pglite');
    try {
      const response = await test.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json() as {
        openapi: string;
        paths: Record<string, Record<string, unknown>>;
      };
      expect(document.openapi).toBe('3.1.0');
      const described = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      );
      const routes = test.app.routeAccess
        // The document itself, and the web app's files (not API).
        .filter((route) => !['/api/openapi.json', '/assets/*', '/*'].includes(route.url))
        .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
      expect(described.sort()).toEqual(routes.sort());
      // Request bodies come from the zod schemas.
      const signIn = document.paths['/api/session']?.post as {
        requestBody: { content: { 'application/json': { schema: { required: string[] } } } };
      };
      expect(signIn.requestBody.content['application/json'].schema.required).toEqual([
        'email',
        'password',
      ]);
    } finally {
      await test.close();
    }
  });
});
