import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

describe('the web app’s files', () => {
  const webDir = mkdtempSync(path.join(tmpdir(), 'pipewise-web-files-'));
  const script = `console.log(${JSON.stringify('流程'.repeat(5000))});`;
  let test: TestApp;
  beforeAll(async () => {
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Pipewise</title>');
    writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), script);
    writeFileSync(path.join(tmpdir(), 'pipewise-secret.txt'), 'secret');
    test = await createTestApp('pglite', { webDir });
  });
  afterAll(async () => {
    await test.close();
    rmSync(webDir, { recursive: true, force: true });
  });
  const get = (url: string, headers: Record<string, string> = {}) =>
    test.app.inject({ method: 'GET', url, headers });

  it('answers the app for / and for the app’s own pages, so a reload works', async () => {
    for (const url of ['/', '/projects/123/discovery', '/sign-in']) {
      const response = await get(url);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
      expect(response.body).toContain('<title>Pipewise</title>');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends hashed assets compressed and cached for a year', async () => {
    const response = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['cache-control']).toContain('immutable');
    expect(gunzipSync(response.rawPayload).toString()).toBe(script);
  });

  it('never serves a file outside the build, and keeps /api answers for the API', async () => {
    const outside = await get('/..%2f..%2fpipewise-secret.txt');
    expect(outside.body).not.toContain('secret');
    const api = await get('/api/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('not-found');
    expect((await test.app.inject({ method: 'POST', url: '/projects' })).statusCode).toBe(404);
  });

  it('answers only the API when there is no build', async () => {
    const bare = await createTestApp('pglite', { webDir: path.join(webDir, 'missing') });
    try {
      const response = await bare.app.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
