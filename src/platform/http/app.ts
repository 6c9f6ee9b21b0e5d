/**
 * The HTTP application: plugins, the one error handler, access control, OpenAPI at /api/docs,
 * the module routes, and the built web app (web/dist) with SPA fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../errors.js';
import { translate } from '../i18n.js';
import { type Authenticator, installAccessControl } from './access.js';

const STATUS: Record<DomainError['kind'], number> = {
  validation: 422,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
};

const ErrorOut = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export type App = FastifyInstance;

export interface BuildAppOptions {
  authenticator: Authenticator;
  routes: ((app: FastifyInstance) => void | Promise<void>)[];
  logLevel?: string;
  serveWeb?: boolean;
  /** see XINYI_TRUST_PROXY */
  trustProxy?: boolean | string | ((address: string, hop: number) => boolean);
  version: string;
  /** Throws when the app cannot serve (database unreachable). */
  healthCheck: () => Promise<{ engine: 'embedded' | 'external' }>;
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logLevel === 'silent' ? false : { level: opts.logLevel ?? 'info' },
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: 1024 * 1024,
    // ajv is not used: Zod validates through the type provider
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Xinyi 信义 API', description: 'Trust-based property management and community fiduciary governance', version: opts.version },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'xinyi_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((error, request, reply) => {
    const locale = request.locale ?? 'zh-CN';
    if (error instanceof DomainError) {
      const details = typeof error.details === 'function' ? error.details(locale) : error.details;
      return reply.status(STATUS[error.kind]).send({
        error: { code: error.code, message: translate(locale, error.code, error.params), ...(details !== undefined ? { details } : {}) },
      });
    }
    const e = error as { validation?: unknown; statusCode?: number; code?: string; message: string };
    if (e.validation) {
      return reply.status(400).send({ error: { code: 'common.invalid_input', message: translate(locale, 'common.invalid_input', { detail: e.message }), details: e.validation } });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // fastify's own client errors: body too large, bad JSON, bad multipart, …
      return reply.status(e.statusCode).send({ error: { code: e.code ?? 'common.invalid_input', message: translate(locale, 'common.invalid_input', { detail: e.message }) } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'common.internal', message: translate(locale, 'common.internal') } });
  });

  installAccessControl(app, opts.authenticator);
  app.get(
    '/api/health',
    {
      config: { access: { kind: 'public' } },
      schema: { tags: ['platform'], response: { 200: z.object({ status: z.literal('ok'), engine: z.enum(['embedded', 'external']), version: z.string() }), 503: ErrorOut } },
    },
    async (request, reply) => {
      try {
        return { status: 'ok' as const, engine: (await opts.healthCheck()).engine, version: opts.version };
      } catch (err) {
        request.log.error({ err }, 'health check failed');
        return reply.status(503).send({ error: { code: 'common.unavailable', message: translate(request.locale, 'common.unavailable') } });
      }
    },
  );
  for (const routes of opts.routes) await app.register(async (scope) => routes(scope));

  const indexHtml = path.join(WEB_DIST, 'index.html');
  if (opts.serveWeb !== false && fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, { root: WEB_DIST, serve: false });
    app.get('/*', { schema: { hide: true } }, (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'common.not_found', message: translate(request.locale, 'common.not_found') } });
      }
      // hashed assets are immutable; everything else is the SPA shell
      const rel = decodeURIComponent(request.url.split('?')[0]!).replace(/^\/+/, '');
      const file = path.join(WEB_DIST, rel);
      if (rel && file.startsWith(WEB_DIST + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        if (rel.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        return reply.sendFile(rel);
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'common.not_found', message: translate(request.locale ?? 'zh-CN', 'common.not_found') } });
  });
  return app;
}
