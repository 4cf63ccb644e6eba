import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from './http-errors.ts';

/**
 * The web app's build, served outside `/api` by two public routes (hidden
 * from the API's document): `/assets/*`, the hashed scripts and styles,
 * cached for a year; and every other GET, which answers a file of the build
 * when there is one and otherwise `index.html`, so that a reload of
 * `/projects/…` opens the app on that page. Answers are compressed like the
 * API's. Without a build, the server answers the API only.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  if (!existsSync(path.join(webDir, 'index.html'))) {
    app.log.warn(
      { webDir },
      'no web app build: the server answers the API only (npm start builds it)',
    );
    return;
  }
  await app.register(fastifyStatic, { root: webDir, serve: false, wildcard: false });
  const options = { config: { access: 'public' as const }, schema: { hide: true } };

  const page = (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    // Unknown API paths stay API answers.
    if (pathname === '/api' || pathname.startsWith('/api/')) throw notFound('route');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    const file = path.normalize(path.join(webDir, pathname));
    if (pathname !== '/' && file.startsWith(webDir + path.sep) && existsSync(file)) {
      const immutable = pathname.startsWith('/assets/');
      return reply.sendFile(path.relative(webDir, file), {
        immutable,
        maxAge: immutable ? 365 * 24 * 3600 * 1000 : 0,
      });
    }
    // Ant Design writes its styles at run time: inline styles must be allowed.
    reply.header(
      'content-security-policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'",
    );
    return reply.sendFile('index.html', { maxAge: 0 });
  };
  app.get('/assets/*', options, page);
  app.get('/*', options, page);
}
