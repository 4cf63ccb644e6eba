import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web app's files, for every GET outside `/api` that no route answers:
 * a file of the build when there is one (hashed assets are cached for a
 * year), otherwise `index.html`, so that a reload of `/projects/…` opens the
 * app on that page. Answered from the not-found handler rather than as routes,
 * so the API's route list (and its access declarations) holds only the API.
 */
export async function registerWebApp(
  app: FastifyInstance,
  webDir: string,
): Promise<((request: FastifyRequest, reply: FastifyReply) => FastifyReply) | undefined> {
  const index = path.join(webDir, 'index.html');
  if (!existsSync(index)) {
    app.log.warn(
      { webDir },
      'no web app build: the server answers the API only (npm start builds it)',
    );
    return undefined;
  }
  await app.register(fastifyStatic, { root: webDir, serve: false, wildcard: false });
  return (request, reply) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://x').pathname);
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
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
}
