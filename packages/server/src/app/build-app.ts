import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { type EventLogCache, findSession, type Store, VersionConflictError } from '@pipewise/store';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { PasswordCheckBusyError } from '../auth/passwords.ts';
import type { Config } from '../config/config.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { auditRoutes } from '../routes/audit-routes.ts';
import { datasetRoutes } from '../routes/dataset-routes.ts';
import { diagnosisRoutes } from '../routes/diagnosis-routes.ts';
import { healthRoutes } from '../routes/health-routes.ts';
import { interviewRoutes } from '../routes/interview-routes.ts';
import { kpiRoutes } from '../routes/kpi-routes.ts';
import { materialRoutes } from '../routes/material-routes.ts';
import { memberRoutes } from '../routes/member-routes.ts';
import { modelRoutes } from '../routes/model-routes.ts';
import { projectRoutes } from '../routes/project-routes.ts';
import { rulesRoutes } from '../routes/rules-routes.ts';
import { scoringRoutes } from '../routes/scoring-routes.ts';
import { sessionRoutes } from '../routes/session-routes.ts';
import { simulationRoutes } from '../routes/simulation-routes.ts';
import { sopRoutes } from '../routes/sop-routes.ts';
import { surveyFormRoutes } from '../routes/survey-form-routes.ts';
import { type Access, CSRF_HEADER, hashToken, SESSION_COOKIE } from './access.ts';
import { HttpError } from './http-errors.ts';
import { registerWebApp } from './web-app.ts';

export interface AppContext {
  store: Store;
  config: Config;
  jobs: JobRunner;
  cache: EventLogCache;
  /** The clock (tests move it). */
  now: () => Date;
}

/** A route and who may call it, as registered: the role-matrix test walks this list. */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    pipewise: AppContext;
    routeAccess: RouteAccess[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The HTTP API. Every route declares who may call it (`config.access`); a
 * route without a declaration stops the server from starting, so none can be
 * forgotten. The access check runs before the body is read: a caller without
 * a session gets 401, one whose role is not listed 403, and a state-changing
 * request without the session's CSRF token 403.
 */
export async function buildApp(context: AppContext, logger?: Logger): Promise<FastifyInstance> {
  // Typed as the default instance: route modules take a plain FastifyInstance.
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    trustProxy: context.config.trustProxy,
    bodyLimit: 20 * 1024 * 1024,
  }) as unknown as FastifyInstance;
  app.decorate('pipewise', context);
  app.decorate('routeAccess', [] as RouteAccess[]);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook('onRoute', (route) => {
    const url = route.url;
    const isDocs = url === '/api/docs' || url.startsWith('/api/docs/');
    const access = route.config?.access ?? (isDocs ? 'public' : undefined);
    if (access === undefined) {
      throw new Error(`route ${route.method} ${url} does not say who may call it (config.access)`);
    }
    route.config = { ...route.config, access };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || isDocs) continue;
      app.routeAccess.push({ method, url, access });
    }
  });

  // Answers (the web app's scripts, analyses) compressed for clients that accept it.
  await app.register(fastifyCompress, { threshold: 1024 });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: context.config.uploadLimitMb * 1024 * 1024, files: 1, fields: 20 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Pipewise API',
        description:
          'Workspaces, datasets, analyses and process models. Sign in with POST /api/session; send the session cookie, and the csrfToken it returns as the X-CSRF-Token header on every request that changes something.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    const session = token
      ? await findSession(context.store.db, hashToken(token), context.now())
      : undefined;
    if (!token || !session) {
      if (token) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      throw new HttpError(401, 'not-signed-in', 'sign in first (POST /api/session)');
    }
    if (!access.includes(session.role)) {
      throw new HttpError(403, 'forbidden', `a ${session.role} may not do this`);
    }
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
      throw new HttpError(403, 'csrf', `send the session's csrfToken in the ${CSRF_HEADER} header`);
    }
    request.caller = { ...session, sessionId: hashToken(token) };
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({
        error: {
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details }),
        },
      });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send({
        error: {
          code: 'invalid-request',
          message: 'the request does not match the API',
          details: error.validation.map((issue) => ({
            where: `${error.validationContext ?? 'request'}${issue.instancePath.replaceAll('/', '.')}`,
            message: issue.message,
          })),
        },
      });
    }
    if (error instanceof PasswordCheckBusyError) {
      reply.header('retry-after', '1');
      return reply.status(503).send({ error: { code: error.code, message: error.message } });
    }
    if (error instanceof VersionConflictError) {
      return reply.status(409).send({
        error: {
          code: 'conflict',
          message: error.message,
          details: { currentRevision: error.currentRevision },
        },
      });
    }
    // Database refusals that bad input can cause: not server errors.
    const databaseCode = (error as { code?: string }).code;
    if (databaseCode === '22021' || databaseCode === '22P05') {
      return reply.status(400).send({
        error: {
          code: 'invalid-text',
          message: 'the request has text the database cannot store (a NUL character)',
        },
      });
    }
    if (databaseCode === '23505') {
      return reply.status(409).send({ error: { code: 'exists', message: 'this already exists' } });
    }
    if (databaseCode === '23503') {
      return reply
        .status(404)
        .send({ error: { code: 'not-found', message: 'something it refers to does not exist' } });
    }
    if (
      error.code === 'FST_FILES_LIMIT' ||
      error.code === 'FST_FIELDS_LIMIT' ||
      error.code === 'FST_PARTS_LIMIT'
    ) {
      return reply.status(413).send({
        error: {
          code: 'too-many-parts',
          message: 'an upload carries one file and at most 20 fields',
        },
      });
    }
    if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply.status(413).send({
        error: {
          code: 'file-too-large',
          message: `the file is larger than ${context.config.uploadLimitMb} MB (PIPEWISE_UPLOAD_LIMIT_MB)`,
        },
      });
    }
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return reply
        .status(error.statusCode)
        .send({ error: { code: error.code ?? 'bad-request', message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ error: { code: 'internal', message: 'something went wrong on the server' } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'not-found', message: `no route ${request.method} ${request.url}` } }),
  );

  await app.register(healthRoutes);
  await app.register(sessionRoutes);
  await app.register(memberRoutes);
  await app.register(projectRoutes);
  await app.register(datasetRoutes);
  await app.register(modelRoutes);
  await app.register(auditRoutes);
  await app.register(interviewRoutes);
  await app.register(surveyFormRoutes);
  await app.register(materialRoutes);
  await app.register(diagnosisRoutes);
  await app.register(kpiRoutes);
  await app.register(simulationRoutes);
  await app.register(rulesRoutes);
  await app.register(sopRoutes);
  await app.register(scoringRoutes);
  await registerWebApp(app, path.resolve(context.config.webDir));
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.ready();
  return app;
}
